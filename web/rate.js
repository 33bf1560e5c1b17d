// The QR landing page: rate.html?venue=V-CITY&window=W01[&case=PDS…]
// Shows where the citizen is, signs them in (demo citizen), collects one rating and
// submits it with an Idempotency-Key that is kept for retries of the same form fill.
import {
  $,
  ApiError,
  CASE_NUMBER_RE,
  CASE_STATUS,
  LEVEL_NAMES,
  api,
  clear,
  clearSession,
  demoSignIn,
  add,
  face,
  fmtTime,
  friendlyIssue,
  getSession,
  h,
  isBad,
  loadRules,
  uuid,
} from './common.js';

const CHANNEL = 'qr';
const params = new URLSearchParams(location.search);
const state = {
  venueId: params.get('venue') || undefined,
  windowId: params.get('window') || undefined,
  /** The place as the API knows it; venue/window ids are sent only when it resolved. */
  place: null,
  /** One key per form fill: a double-click, an automatic retry or a manual re-submit reuse it. */
  idemKey: null,
  inFlight: false,
  /** 1, or 2 when the case already has the citizen's active rating (追评). */
  assessNumber: 1,
  lookup: null,
  lookupAbort: null,
  /** The case number the lookup last ran for, and the pending (debounced) lookup while typing. */
  lookedUp: null,
  lookupTimer: null,
  /** GET /meta: the text limit and the reason tags of this channel; null until loaded. */
  rules: null,
};
/** The API's text limit, once known (the API judges anyway). */
const maxText = () => state.rules?.rating?.maxTextLength;

const form = $('#rate-form');
const caseInput = $('#caseNumber');
const textInput = $('#text');
const anonInput = $('#anonymous');
const submitBtn = $('#submit');
const tagsField = $('#tags-field');
const formError = $('#form-error');

// ---------------------------------------------------------------- place

async function loadPlace() {
  const nameEl = $('#place-name');
  const winEl = clear($('#place-window'));
  if (!state.venueId) {
    nameEl.textContent = '未识别到服务场所';
    winEl.append('二维码信息不完整；您仍可填写办件编号进行评价。');
    return;
  }
  try {
    const place = await api(`/places/${encodeURIComponent(state.venueId)}`, { query: { window: state.windowId }, auth: false });
    state.place = place;
    nameEl.textContent = place.venue.name;
    document.title = `评价 · ${place.venue.name}`;
    if (place.window) {
      winEl.append(h('span', {}, '窗口：', h('strong', {}, place.window.name)));
      if (place.window.unitName) winEl.append(h('span', {}, '承办单位：', place.window.unitName));
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      nameEl.textContent = e.message.startsWith('窗口') ? '未找到该窗口' : '未找到该服务场所';
      winEl.append('二维码可能已失效，请告知窗口工作人员；您仍可填写办件编号进行评价。');
    } else {
      nameEl.textContent = '场所信息加载失败';
      winEl.append(
        e.message,
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'linkish',
            onclick: () => {
              nameEl.textContent = '正在加载场所信息…';
              loadPlace();
            },
          },
          '重试',
        ),
      );
    }
  }
}

// ---------------------------------------------------------------- account

function renderAccount(message) {
  const box = clear($('#account'));
  const s = getSession();
  const signInBtn = h('button', { type: 'button', class: 'btn primary', id: 'signin', onclick: signIn }, '以演示市民身份登录');
  if (s?.user?.role === 'citizen') {
    const name = s.user.name ?? '市民';
    box.append(
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, Array.from(name)[0]),
      h('p', { class: 'who' }, h('strong', { id: 'signed-in-name' }, `已登录：${name}`), h('span', { class: 'muted small' }, '实名评价（可勾选匿名）')),
      h('button', { type: 'button', class: 'btn small ghost', onclick: signOut }, '退出登录'),
    );
  } else if (s) {
    box.append(
      h(
        'p',
        { class: 'who' },
        h('strong', {}, `当前身份：${s.user.label ?? s.user.role}`),
        h('span', { class: 'muted small' }, '该身份不能提交市民评价，请切换为市民身份'),
      ),
      signInBtn,
    );
  } else {
    box.append(h('p', { class: 'who' }, h('strong', {}, '评价前请先登录'), h('span', { class: 'muted small' }, '演示环境使用演示市民“张三”的身份')), signInBtn);
  }
  if (message) box.append(h('p', { class: 'error', role: 'alert', style: 'width:100%' }, message));
}

async function signIn(ev) {
  const btn = ev.currentTarget;
  btn.disabled = true;
  btn.textContent = '登录中…';
  try {
    await demoSignIn('citizen');
    renderAccount();
    hideFormError();
    if (caseInput.value.trim()) lookupCase();
  } catch (e) {
    renderAccount(`登录失败：${e.message}`);
  }
}

function signOut() {
  clearSession();
  state.assessNumber = 1;
  state.lookedUp = null;
  clear($('#case-info'));
  renderAccount();
}

// ---------------------------------------------------------------- form building

function buildLevels() {
  const grid = $('#levels');
  for (const level of [1, 2, 3, 4, 5]) {
    grid.append(
      h(
        'label',
        { class: `level-option l${level}` },
        h('input', { type: 'radio', name: 'level', value: String(level), 'aria-describedby': 'level-error' }),
        face(level, 36),
        h('span', { class: 'name' }, LEVEL_NAMES[level]),
      ),
    );
  }
  grid.addEventListener('change', () => {
    syncTags();
    clearFieldError('level');
  });
}

/** The reason tags of this channel, as the API lists them (GET /meta); a retry link when they could not be loaded. */
async function buildTags() {
  const box = clear($('#tags'));
  const rules = await loadRules();
  if (!rules) {
    box.append(h('p', { class: 'error' }, '差评原因加载失败。', h('button', { type: 'button', class: 'linkish', onclick: buildTags }, '重试')));
    return;
  }
  applyRules(rules);
  for (const tag of rules.rating.tagsByChannel[CHANNEL] ?? []) {
    box.append(h('label', { class: 'chip' }, h('input', { type: 'checkbox', name: 'tags', value: tag }), h('span', {}, tag)));
  }
}

/** The text limit from the API: the textarea's maxlength and the counter. */
function applyRules(rules) {
  state.rules = rules;
  if (maxText()) textInput.maxLength = maxText();
  updateCounter();
}

const selectedLevel = () => Number(form.querySelector('input[name=level]:checked')?.value ?? 0);
const selectedTags = () => [...form.querySelectorAll('input[name=tags]:checked')].map((i) => i.value);

/** Reason tags appear for 不满意 / 非常不满意 only; for other levels they are cleared and not sent. */
function syncTags() {
  const bad = isBad(selectedLevel());
  tagsField.hidden = !bad;
  if (!bad) {
    form.querySelectorAll('input[name=tags]').forEach((i) => {
      i.checked = false;
    });
    clearFieldError('tags');
  }
}

function updateCounter() {
  const n = textInput.value.length;
  const max = maxText();
  const counter = $('#text-counter');
  counter.textContent = max ? `${n}/${max}` : String(n);
  counter.classList.toggle('near', !!max && n >= max - 50 && n < max);
  counter.classList.toggle('full', !!max && n >= max);
  if (!max || n <= max) clearFieldError('text');
}

// ---------------------------------------------------------------- case lookup (a hint only; the API judges on submit)

/**
 * The lookup runs while typing (debounced), not on blur: on a phone the blur comes from the tap
 * on a satisfaction level, and text appearing then would move the levels under the finger.
 * Its answer goes into space kept for it (.rate-page .case-info), so the levels stay put anyway.
 */
const LOOKUP_DELAY_MS = 450;
function scheduleLookup() {
  clearTimeout(state.lookupTimer);
  state.lookupTimer = setTimeout(() => lookupCase(), LOOKUP_DELAY_MS);
}
/** On change (blur): only when the number differs from what was looked up, so a finished lookup is left alone. */
function lookupIfChanged() {
  if (caseInput.value.trim() !== state.lookedUp) lookupCase();
}

function lookupCase() {
  clearTimeout(state.lookupTimer);
  const n = caseInput.value.trim();
  state.lookedUp = n;
  const info = clear($('#case-info'));
  state.assessNumber = 1;
  state.lookupAbort?.abort();
  state.lookup = null;
  if (!n || !CASE_NUMBER_RE.test(n) || getSession()?.user?.role !== 'citizen') return;
  const ctl = new AbortController();
  state.lookupAbort = ctl;
  info.append(h('span', { class: 'muted' }, '正在查询办件…'));
  state.lookup = api(`/cases/${encodeURIComponent(n)}`, { signal: ctl.signal })
    .then((c) => {
      if (ctl.signal.aborted) return;
      clear(info);
      const status = CASE_STATUS[c.status] ?? c.status;
      info.append(h('span', {}, '事项：', h('strong', {}, c.itemName ?? c.itemCode), ` · ${status}`, c.completedAt ? `（${fmtTime(c.completedAt)}）` : ''));
      const byAssess = Object.fromEntries((c.ratings ?? []).map((r) => [r.assessNumber, r]));
      const first = byAssess[1];
      if (byAssess[2]) info.append(h('span', { class: 'banner warn', style: 'margin-top:6px' }, '该办件的评价和追评均已提交，不能再次评价。'));
      else if (first && first.channel === 'default')
        info.append(h('span', { class: 'banner warn', style: 'margin-top:6px' }, `该办件已超过评价期限，已由系统默认评价为“${first.levelName}”。`));
      else if (first) {
        state.assessNumber = 2;
        info.append(
          h('span', { class: 'banner info', style: 'margin-top:6px' }, `您已评价过该办件（${first.levelName}），本次提交为追评，每个办件限追评一次。`),
        );
      } else if (c.status !== 'completed') info.append(h('span', { class: 'muted' }, ' · 办件尚未办结'));
    })
    .catch((e) => {
      if (e?.name === 'AbortError' || ctl.signal.aborted) return;
      clear(info);
      if (e instanceof ApiError && e.status === 404) info.append(h('span', { class: 'muted' }, '未查到该办件：请核对编号，或确认申请人是当前登录人。'));
      else if (e instanceof ApiError && e.status === 401) {
        clearSession();
        renderAccount('登录已失效，请重新登录');
      }
    });
}

// ---------------------------------------------------------------- errors

const FIELDS = {
  caseNumber: { control: () => caseInput, error: '#caseNumber-error' },
  level: {
    control: () => $('#level-field'),
    focus: () => form.querySelector('input[name=level]:checked') ?? form.querySelector('input[name=level]'),
    error: '#level-error',
  },
  tags: { control: () => tagsField, focus: () => form.querySelector('input[name=tags]'), error: '#tags-error' },
  text: { control: () => textInput, error: '#text-error' },
  anonymous: { control: () => anonInput, error: '#anonymous-error' },
};
/** The fields' names as the form shows them, for the API's schema messages (common.js friendlyIssue). */
const FIELD_LABELS = { caseNumber: '办件编号', level: '满意程度', tags: '不满意的原因', text: '意见或建议', anonymous: '匿名评价' };
/** API issue paths (`tags.0`, `caseNumber`, `query.x`…) to form fields; `assessNumber` concerns the case. */
function fieldOf(path) {
  const top = String(path ?? '').split('.')[0];
  if (top === 'assessNumber') return 'caseNumber';
  return FIELDS[top] ? top : null;
}

function setFieldError(field, message) {
  const f = FIELDS[field];
  const el = $(f.error);
  el.textContent = el.textContent ? `${el.textContent}；${message}` : message;
  f.control().setAttribute('aria-invalid', 'true');
  if (field === 'tags') tagsField.hidden = false;
}
function clearFieldError(field) {
  const f = FIELDS[field];
  $(f.error).textContent = '';
  f.control().removeAttribute('aria-invalid');
}
function clearErrors() {
  Object.keys(FIELDS).forEach(clearFieldError);
  hideFormError();
}
function hideFormError() {
  formError.hidden = true;
  clear(formError);
}
function showFormError(message, details = []) {
  clear(formError).append(
    h(
      'div',
      {},
      h('strong', {}, message),
      details.length
        ? h(
            'ul',
            {},
            details.map((d) => h('li', {}, d)),
          )
        : null,
    ),
  );
  formError.hidden = false;
}
function focusFirstInvalid(fields) {
  const order = Object.keys(FIELDS);
  const first = order.find((f) => fields.includes(f));
  if (!first) return;
  const f = FIELDS[first];
  (f.focus?.() ?? f.control()).focus();
}

/** Shows the API's error: each issue on its field, the rest in the summary above the button. */
function showApiError(e) {
  if (e.status === 401) {
    clearSession();
    renderAccount('登录已失效，请重新登录后再提交');
    showFormError('登录已失效，请重新登录后再提交。');
    $('#signin')?.focus();
    return;
  }
  if (e.code === 'NOT_FOUND') {
    setFieldError('caseNumber', '未找到该办件，或该办件的申请人不是当前登录人');
    showFormError(e.message);
    caseInput.focus();
    return;
  }
  const placed = [];
  const other = [];
  for (const issue of e.issues) {
    const field = fieldOf(issue.field);
    if (field) {
      setFieldError(field, friendlyIssue(issue, FIELD_LABELS[field]));
      placed.push(field);
    } else other.push(friendlyIssue(issue));
  }
  // ALREADY_RATED's message names the API field (assessNumber=2): say it in the citizen's words.
  const summary = e.code === 'VALIDATION_FAILED' ? '提交的内容有误，请修改后重试。' : e.code === 'ALREADY_RATED' ? '该办件已评价过，不能重复提交。' : e.message;
  showFormError(summary, e.code === 'VALIDATION_FAILED' ? other : []);
  if (placed.length) focusFirstInvalid(placed);
  else formError.focus();
}

// ---------------------------------------------------------------- submit

/** Client-side checks that mirror the API's schema; returns the fields in error. */
function validate(input) {
  const bad = [];
  if (!input.caseNumber) bad.push(['caseNumber', '请填写办件编号']);
  else if (!CASE_NUMBER_RE.test(input.caseNumber)) bad.push(['caseNumber', '办件编号应为1-50位字母、数字、下划线或连字符']);
  if (!input.level) bad.push(['level', '请选择您的满意程度']);
  if (isBad(input.level) && input.tags.length === 0) bad.push(['tags', '不满意或非常不满意的评价至少选择一个原因']);
  if (maxText() && (input.text ?? '').length > maxText()) bad.push(['text', `文字评价不能超过${maxText()}字`]);
  for (const [f, m] of bad) setFieldError(f, m);
  return bad.map(([f]) => f);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function postRating(body, key) {
  // Network failures and 5xx are retried with the same key: the API answers a retry with the first result.
  for (let attempt = 0; ; attempt++) {
    try {
      return await api('/ratings', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
    } catch (e) {
      const transient = e instanceof ApiError && (e.status === 0 || e.status >= 500);
      if (!transient || attempt >= 2) throw e;
      await sleep(attempt === 0 ? 600 : 1500);
    }
  }
}

async function onSubmit(ev) {
  ev.preventDefault();
  if (state.inFlight) return; // a double-click sends one request
  clearErrors();
  const text = textInput.value.trim();
  const input = {
    caseNumber: caseInput.value.trim(),
    level: selectedLevel(),
    tags: isBad(selectedLevel()) ? selectedTags() : [],
    text,
    anonymous: anonInput.checked,
  };
  const invalidFields = validate(input);
  if (invalidFields.length) {
    showFormError('请完善标红的内容后再提交。');
    focusFirstInvalid(invalidFields);
    return;
  }
  if (getSession()?.user?.role !== 'citizen') {
    showFormError('请先登录后再提交评价。');
    $('#signin')?.focus();
    return;
  }

  state.inFlight = true;
  submitBtn.disabled = true;
  submitBtn.textContent = '提交中…';
  form.setAttribute('aria-busy', 'true');
  try {
    if (input.caseNumber !== state.lookedUp) lookupCase(); // typed and submitted before the debounced lookup ran
    if (state.lookup) await state.lookup.catch(() => undefined);
    state.idemKey ??= uuid();
    const body = {
      caseNumber: input.caseNumber,
      ...(state.assessNumber === 2 ? { assessNumber: 2 } : {}),
      level: input.level,
      channel: CHANNEL,
      tags: input.tags,
      ...(text ? { text } : {}),
      anonymous: input.anonymous,
      ...(state.place ? { venueId: state.place.venue.venueId, ...(state.place.window ? { windowId: state.place.window.windowId } : {}) } : {}),
    };
    const out = await postRating(body, state.idemKey);
    showResult(out);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 0 || e.status >= 500)) showFormError(`${e.message}。请再次点击“提交评价”，不会重复提交。`);
    else if (e instanceof ApiError) showApiError(e);
    else showFormError('提交失败，请稍后重试。');
  } finally {
    state.inFlight = false;
    submitBtn.disabled = false;
    submitBtn.textContent = '提交评价';
    form.removeAttribute('aria-busy');
  }
}

function showResult(out) {
  const r = out.rating ?? {};
  const box = clear($('#result'));
  const bad = r.bad ?? isBad(r.level);
  add(
    box,
    h('div', { class: 'big-icon', 'aria-hidden': 'true' }, '✓'),
    h('h2', { id: 'result-title' }, out.replayed ? '该评价已提交过' : '评价已提交，感谢您的反馈'),
    out.replayed ? h('p', { class: 'banner info', id: 'replayed-note' }, '已提交过，显示首次结果') : null,
    h(
      'dl',
      {},
      h('dt', {}, '办件编号'),
      h('dd', { class: 'mono' }, r.caseNumber),
      h('dt', {}, '评价'),
      h('dd', {}, face(r.level, 18), ' ', r.levelName ?? LEVEL_NAMES[r.level], r.assessNumber === 2 ? '（追评）' : ''),
      r.tags?.length ? [h('dt', {}, '原因'), h('dd', {}, r.tags.join('、'))] : null,
      r.text ? [h('dt', {}, '意见'), h('dd', {}, r.text)] : null,
      h('dt', {}, '方式'),
      h('dd', {}, `${r.channelName ?? '二维码'} · ${r.anonymous ? '匿名' : '实名'}`),
      h('dt', {}, '时间'),
      h('dd', {}, fmtTime(r.ratedAt)),
    ),
    bad
      ? h(
          'p',
          { class: 'banner warn' },
          r.anonymous
            ? '您的差评已转交承办单位核实整改。匿名评价无法向您答复。'
            : '您的差评已转交承办单位核实整改，工作人员将联系您核实情况，并在整改后答复您。',
        )
      : null,
    h('button', { type: 'button', class: 'btn block', id: 'rate-another', onclick: resetForm }, '评价其他办件'),
  );
  form.hidden = true;
  box.hidden = false;
  state.idemKey = null;
  box.focus();
  box.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

function resetForm() {
  form.reset();
  clearErrors();
  clear($('#case-info'));
  state.idemKey = null;
  state.assessNumber = 1;
  state.lookedUp = null;
  syncTags();
  updateCounter();
  $('#result').hidden = true;
  form.hidden = false;
  caseInput.focus();
}

// ---------------------------------------------------------------- start

buildLevels();
buildTags();
$('#tags').addEventListener('change', () => {
  if (selectedTags().length) clearFieldError('tags');
});
renderAccount();
loadPlace();
if (params.get('case') && CASE_NUMBER_RE.test(params.get('case'))) {
  caseInput.value = params.get('case');
  lookupCase();
}
caseInput.addEventListener('input', () => {
  clearFieldError('caseNumber');
  scheduleLookup();
});
caseInput.addEventListener('change', lookupIfChanged);
textInput.addEventListener('input', updateCounter);
form.addEventListener('submit', onSubmit);
// Anything the user changes after a failure keeps the same key: nothing was stored, or the retry replays.
updateCounter();
