// Bad-review handling (差评整改) in the workbench:
//   staff/leader  → 差评待办 (inbox), 任务交办单, detail with the current step's forms
//   supervisor    → 督办 (overdue / escalated / open), decisions, manual task orders, escalation outcomes, 双周通报
//   citizen       → 我的差评 (progress) and the 回访 answer
//   everyone      → the notification bell (polls every 10 s)
// Everything is drawn from the API's answers; personal data exactly as the API masks it.
import {
  $,
  ApiError,
  LEVEL_NAMES,
  ROLE_NAMES,
  add,
  api,
  clear,
  fmtBytes,
  friendlyIssue,
  friendlyMessage,
  getSession,
  h,
  levelBadge,
  loadRules,
  orList,
  shanghaiToday,
} from './common.js';

/** Helpers the workbench (app.js) owns: pageHead, errorBox, go, openCase, levelCell, tagsCell, channelCell, raterCell, unitNames. */
let H;
export function initBadReviews(helpers) {
  H = helpers;
}

export const STATUS_NAMES = { pending: '待派发', open: '办理中', closed: '已办结', voided: '已作废' };
export const STEP_NAMES = { verify: '核实', rectify: '整改反馈', visit: '回访', taskOrder: '任务交办单', escalated: '督办升级' };
const CLOSE_REASONS = {
  visitAnswered: '评价人已回访确认',
  visitDissatisfiedFinal: '二轮整改后仍不满意，按规定办结',
  noAnswer: '回访期限内评价人未答复',
  anonymousRectified: '匿名差评整改完成',
  voided: '申诉成立，评价作废',
};
const VISIT_ANSWERS = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };
const TASK_STATUS = { issued: '已下发', acknowledged: '已签收', completed: '已办结', overdue: '已逾期' };
const OUTCOME_KINDS = { interview: '约谈', notice: '通报', none: '不予处理' };
/** The API's rules (GET /meta: evidence size and types), once loaded; null until then or when unavailable. */
let RULES = null;
const evidenceTypes = () => RULES?.evidence?.types ?? [];
/** `PNG` for image/png: from the API's list, else from the type itself. */
const typeLabel = (contentType) =>
  evidenceTypes().find((t) => t.contentType === contentType)?.label ??
  String(contentType ?? '')
    .split('/')[1]
    ?.toUpperCase() ??
  '文件';

const enc = encodeURIComponent;
const isOpen = (r) => r.status === 'open' || r.status === 'pending';
/** Lists carry the number of escalations, the detail the records. */
const escCount = (r) => (Array.isArray(r.escalations) ? r.escalations.length : Number(r.escalations) || 0);
export const reviewHref = (reviewId) => `#/review/${enc(reviewId)}`;

// ---------------------------------------------------------------- view timers (cleared on every navigation)

const timers = new Set();
/** Stops the polling of the view being left; app.js calls it before drawing another view. */
export function leaveView() {
  for (const t of timers) clearTimeout(t);
  timers.clear();
}
const every = (ms, fn) => timers.add(setInterval(fn, ms));
const later = (ms, fn) => timers.add(setTimeout(fn, ms));

// ---------------------------------------------------------------- time

const SEC_FMT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
/** `YYYY-MM-DD HH:mm:ss` in Beijing time (steps can be seconds apart in the demo). */
export function fmtSec(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = Object.fromEntries(SEC_FMT.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
const timeEl = (iso) => (iso ? h('time', { datetime: iso }, fmtSec(iso)) : '—');
/** Notes carry raw ISO instants ("截止 2026-…Z"): shown in Beijing time. */
const humanNote = (s) => String(s).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (m) => fmtSec(m));

function duration(sec) {
  const s = Math.floor(Math.abs(sec));
  const d = Math.floor(s / 86_400),
    hh = Math.floor((s % 86_400) / 3600),
    mm = Math.floor((s % 3600) / 60),
    ss = s % 60;
  if (d) return `${d} 天 ${hh} 小时`;
  if (hh) return `${hh} 小时 ${mm} 分`;
  if (mm) return `${mm} 分 ${String(ss).padStart(2, '0')} 秒`;
  return `${ss} 秒`;
}
const leftText = (sec) => (sec >= 0 ? `剩余 ${duration(sec)}` : `已超期 ${duration(sec)}`);

/**
 * The API's `secondsLeft` is counted on the server's clock; the countdown runs from the moment the
 * answer arrived (`endsAt` on this page's clock), so a wrong clock on the PC does not matter.
 */
function decorate(item, receivedAt = Date.now()) {
  item.endsAt = typeof item.secondsLeft === 'number' ? receivedAt + item.secondsLeft * 1000 : undefined;
  return item;
}
function countdown(endsAt) {
  if (endsAt === undefined) return h('span', { class: 'muted' }, '—');
  const el = h('span', { class: 'countdown', role: 'timer', dataset: { ends: String(endsAt) } });
  updateCountdown(el);
  return el;
}
function updateCountdown(el) {
  const left = (Number(el.dataset.ends) - Date.now()) / 1000;
  const text = leftText(left);
  if (el.textContent !== text) el.textContent = text;
  el.classList.toggle('over', left < 0);
  el.classList.toggle('soon', left >= 0 && left < 60);
}
setInterval(() => document.querySelectorAll('.countdown[data-ends]').forEach(updateCountdown), 1000);

// ---------------------------------------------------------------- small pieces

const statusBadge = (r) => h('span', { class: `badge br-status-${r.status}` }, STATUS_NAMES[r.status] ?? r.status);

/** The current step in words: "任务交办单（核实超期）", "整改反馈 · 第二轮", or how the case ended. */
function stepText(r) {
  if (!isOpen(r)) return r.status === 'voided' ? '评价作废' : (CLOSE_REASONS[r.closeReason] ?? '已办结');
  if (!r.step) return '待派发';
  let s = r.stepName ?? STEP_NAMES[r.step] ?? r.step;
  if ((r.step === 'taskOrder' || r.step === 'escalated') && r.workStep) s += `（${STEP_NAMES[r.workStep] ?? r.workStep}超期）`;
  if (r.round === 2) s += ' · 第二轮';
  return s;
}

function flags(r) {
  const open = isOpen(r);
  return [
    open && r.overdue ? h('span', { class: 'badge flag-overdue' }, '已超期') : null,
    open && r.openTaskOrders ? h('span', { class: 'badge flag-task' }, `交办单 ${r.openTaskOrders}`) : null,
    escCount(r) ? h('span', { class: 'badge flag-escalated' }, `已升级 ${escCount(r)}`) : null,
    open && r.pendingAppeal ? h('span', { class: 'badge flag-pending' }, '申诉待复核') : null,
    open && r.pendingExtension ? h('span', { class: 'badge flag-pending' }, '延期待审批') : null,
  ].filter(Boolean);
}

/** Most urgent first: escalated, overdue / under a task order, the unit's turn by time left, waiting for the rater, closed. */
function urgencyTier(r) {
  if (!isOpen(r)) return 4;
  if (r.workStep !== 'verify' && r.workStep !== 'rectify') return 3;
  if (escCount(r) || r.step === 'escalated') return 0;
  if (r.overdue || r.step === 'taskOrder' || r.openTaskOrders) return 1;
  return 2;
}
function byUrgency(a, b) {
  const ta = urgencyTier(a),
    tb = urgencyTier(b);
  if (ta !== tb) return ta - tb;
  if (ta === 4) return (b.closedAt ?? b.createdAt ?? '').localeCompare(a.closedAt ?? a.createdAt ?? '');
  return (a.secondsLeft ?? Infinity) - (b.secondsLeft ?? Infinity);
}

/** Every page of a cursor-paged list. */
async function listAll(path, query) {
  const items = [];
  let cursor;
  let pages = 0;
  do {
    const out = await api(path, { query: { ...query, cursor, limit: 100 } });
    const at = Date.now();
    items.push(...out.items.map((i) => decorate(i, at)));
    cursor = out.next;
  } while (cursor && ++pages < 20);
  return items;
}

/** Replaces `wrap`'s content; focus on a row control (data-focus-key) survives the redraw. */
function replaceKeepingFocus(wrap, ...nodes) {
  const active = document.activeElement;
  const key = wrap.contains(active) ? active?.dataset?.focusKey : undefined;
  add(clear(wrap), nodes);
  if (key) wrap.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

const filterTabs = (label, base, current, options) =>
  h(
    'div',
    { class: 'tabs', role: 'navigation', 'aria-label': label },
    options.map(([value, text]) => h('a', { href: `${base}?filter=${value}`, 'aria-current': value === current ? 'page' : false }, text)),
  );

function refreshButton(onclick) {
  return h('button', { type: 'button', class: 'btn small', onclick }, '刷新');
}

// ---------------------------------------------------------------- lists: staff inbox, supervision

function reviewTable({ id, caption, items, unitNames, empty }) {
  const cols = [
    [
      '办件编号',
      (r) => [
        h('a', { href: reviewHref(r.reviewId), class: 'mono', dataset: { focusKey: r.reviewId } }, r.caseNumber),
        r.reviewId.endsWith('-2') ? h('span', { class: 'muted small' }, ' 追评') : null,
      ],
      'nowrap',
    ],
    unitNames ? ['单位', (r) => [unitNames.get(r.unitId) ?? '', h('br'), h('span', { class: 'mono muted small' }, r.unitId)]] : null,
    ['评价', (r) => levelBadge(r.level, LEVEL_NAMES[r.level]), 'nowrap'],
    ['类型', (r) => (r.anonymous ? h('span', { class: 'muted' }, '匿名') : '实名'), 'nowrap'],
    ['当前环节', (r) => stepText(r)],
    ['截止时间', (r) => (isOpen(r) ? timeEl(r.deadline) : timeEl(r.closedAt)), 'nowrap'],
    ['剩余时间', (r) => (isOpen(r) ? countdown(r.endsAt) : statusBadge(r)), 'nowrap'],
    [
      '标记',
      (r) => {
        const f = flags(r);
        return f.length ? h('span', { class: 'flags' }, f) : h('span', { class: 'muted' }, '—');
      },
    ],
  ].filter(Boolean);
  return h(
    'table',
    { class: 'data', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cols.map(([head]) => h('th', { scope: 'col' }, head)),
      ),
    ),
    h(
      'tbody',
      {},
      items.length
        ? items.map((r) =>
            h(
              'tr',
              { class: [isOpen(r) && r.overdue && 'overdue', !isOpen(r) && 'closed'], dataset: { review: r.reviewId } },
              cols.map(([, cell, cls]) => h('td', { class: cls }, cell(r))),
            ),
          )
        : h('tr', {}, h('td', { class: 'empty', colspan: cols.length }, empty)),
    ),
  );
}

function listView(root, { title, sub, tabs, load, id, caption, empty, withUnits }) {
  const wrap = h('div', { class: 'table-wrap' }, h('p', { class: 'loading' }, '正在加载…'));
  const stamp = h('span', { class: 'muted small', id: `${id}-updated` });
  const note = h('p', { class: 'banner error', role: 'alert', hidden: true });
  root.append(
    H.pageHead(
      title,
      sub,
      stamp,
      refreshButton(() => draw(false)),
    ),
    tabs,
    h(
      'p',
      { class: 'legend-inline', style: 'margin-bottom:8px' },
      '按紧急程度排序：已升级 › 已超期或交办中 › 剩余时间少 › 等待评价人 › 已办结。每 10 秒自动刷新。',
    ),
    note,
    wrap,
  );
  let first = true;
  async function draw(silent) {
    try {
      const [items, units] = await Promise.all([load(), withUnits ? H.unitNames() : undefined]);
      items.sort(byUrgency);
      note.hidden = true;
      replaceKeepingFocus(wrap, reviewTable({ id, caption: `${caption}（按紧急程度排序，共 ${items.length} 件）`, items, unitNames: units, empty }));
      stamp.textContent = `更新于 ${fmtSec(new Date().toISOString()).slice(11)} · 共 ${items.length} 件`;
    } catch (e) {
      if (first || !silent) clear(wrap).append(H.errorBox(e));
      else {
        note.hidden = false;
        note.textContent = `自动刷新失败：${e.message}`;
      }
    }
    first = false;
  }
  draw(false);
  every(10_000, () => draw(true));
}

/** 差评待办: the unit's bad reviews (open or all). */
export function viewInbox(root, _session, query) {
  const filter = query.get('filter') === 'all' ? 'all' : 'open';
  listView(root, {
    title: '差评待办',
    sub: '本单位收到的差评；实名差评须在时限内核实、整改并答复评价人',
    tabs: filterTabs('差评筛选', '#/bad-reviews', filter, [
      ['open', '待办'],
      ['all', '全部'],
    ]),
    load: () => listAll('/bad-reviews', { filter }),
    id: 'inbox-table',
    caption: '差评待办',
    empty: filter === 'open' ? '暂无待办差评' : '暂无差评',
  });
}

/** 督办: the region's open reviews that are overdue, escalated, or all open ones. */
export function viewSupervision(root, session, query) {
  const f = query.get('filter');
  const filter = ['overdue', 'escalated', 'open'].includes(f) ? f : 'overdue';
  listView(root, {
    title: '督办',
    sub: session.user.role === 'admin' ? '全部在办差评：超期、升级督办的件' : '本辖区在办差评：超期、升级督办的件',
    tabs: filterTabs('督办筛选', '#/supervision', filter, [
      ['overdue', '超期'],
      ['escalated', '已升级'],
      ['open', '全部在办'],
    ]),
    load: () => listAll('/bad-reviews', { filter }),
    id: 'supervision-table',
    caption: '督办列表',
    empty: { overdue: '暂无超期差评', escalated: '暂无升级督办的差评', open: '暂无在办差评' }[filter],
    withUnits: true,
  });
}

// ---------------------------------------------------------------- citizen: 我的差评

export function viewMyBadReviews(root) {
  const list = h('div', { class: 'stack', id: 'my-bad-reviews' }, h('p', { class: 'loading' }, '正在加载…'));
  root.append(
    H.pageHead(
      '我的差评',
      '您以实名方式提交的差评（不满意、非常不满意）的处理进度；匿名差评不关联身份，不在此列出',
      refreshButton(() => draw(false)),
    ),
    list,
  );
  async function draw(silent) {
    try {
      const items = (await listAll('/bad-reviews', { filter: 'all' })).sort(
        (a, b) => isOpen(b) - isOpen(a) || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
      );
      replaceKeepingFocus(list, items.length ? items.map(citizenCard) : h('p', { class: 'card muted' }, '您没有实名差评记录。'));
    } catch (e) {
      if (!silent) clear(list).append(H.errorBox(e));
    }
  }
  draw(false);
  every(10_000, () => draw(true));
}

function citizenCard(r) {
  const askVisit = isOpen(r) && r.step === 'visit';
  return h(
    'article',
    { class: ['card', 'review-card', askVisit && 'attention'], 'aria-labelledby': `rc-${r.reviewId}` },
    h(
      'div',
      { class: 'review-card-head' },
      h('h2', { id: `rc-${r.reviewId}` }, '办件 ', h('span', { class: 'mono' }, r.caseNumber)),
      levelBadge(r.level, LEVEL_NAMES[r.level]),
      statusBadge(r),
    ),
    stepper(r),
    h('p', { class: 'muted small' }, '当前：', stepText(r), isOpen(r) && r.deadline ? ['，截止 ', timeEl(r.deadline)] : null),
    askVisit ? h('p', { class: 'banner info' }, '单位已完成整改并答复，请对处理结果进行回访评价。') : null,
    h(
      'p',
      {},
      h(
        'a',
        { class: askVisit ? 'btn primary small' : 'btn small', href: reviewHref(r.reviewId), dataset: { focusKey: r.reviewId } },
        askVisit ? '去回访评价' : '查看进度',
      ),
    ),
  );
}

/** 核实 → 整改反馈 → 回访 → 办结 (anonymous reviews have no return visit). */
function stepper(r) {
  const steps = r.anonymous ? ['verify', 'rectify', 'done'] : ['verify', 'rectify', 'visit', 'done'];
  const names = { ...STEP_NAMES, done: r.status === 'voided' ? '作废' : '办结' };
  const open = isOpen(r);
  const at = !open ? steps.length - 1 : Math.max(0, steps.indexOf(r.workStep ?? 'verify'));
  return h(
    'ol',
    { class: 'stepper', 'aria-label': '办理进度' },
    steps.map((s, i) => {
      const state = !open || i < at ? 'done' : i === at ? 'current' : 'todo';
      const late = open && i === at && (r.overdue || r.step === 'taskOrder' || r.step === 'escalated');
      return h(
        'li',
        { class: [state, late && 'late'], 'aria-current': state === 'current' ? 'step' : false },
        h('span', { class: 'dot', 'aria-hidden': 'true' }, state === 'done' ? '✓' : String(i + 1)),
        h('span', { class: 'label' }, names[s]),
        h(
          'span',
          { class: 'visually-hidden' },
          state === 'done' ? '（已完成）' : state === 'current' ? (late ? '（当前，已超期）' : '（当前）') : '（未开始）',
        ),
      );
    }),
  );
}

// ---------------------------------------------------------------- task orders

/** 任务交办单 list: the unit's (staff/leader) or the region's (supervisor/admin). */
export function viewTaskOrders(root, session, query) {
  const filter = query.get('filter') === 'all' ? 'all' : 'open';
  const unitRole = session.user.role === 'staff' || session.user.role === 'leader';
  const wrap = h('div', { class: 'table-wrap' }, h('p', { class: 'loading' }, '正在加载…'));
  const status = h('p', { class: 'flash-inline', role: 'status', tabindex: '-1', id: 'task-orders-status' });
  const onChange = async (msg, focusKey) => {
    await draw();
    status.classList.remove('is-error');
    status.textContent = msg;
    ((focusKey && wrap.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)) || status).focus();
  };
  // A refused action (409: the order cannot be completed yet) is an error, never left under an earlier success.
  const onError = async (msg) => {
    await draw();
    status.classList.add('is-error');
    status.textContent = msg;
    status.focus();
  };
  root.append(
    H.pageHead(
      '任务交办单',
      unitRole ? '超期未办的差评会自动下发任务交办单；请签收并在新期限内办结' : '本辖区的任务交办单：自动下发（环节超期）与手动下发',
      refreshButton(() => draw()),
    ),
    filterTabs('交办单筛选', '#/task-orders', filter, [
      ['open', '未办结'],
      ['all', '全部'],
    ]),
    status,
    wrap,
  );
  async function draw(silent) {
    try {
      // Every page (the API pages by case), then by deadline across them.
      const items = [];
      let cursor;
      let pages = 0;
      do {
        const out = await api('/task-orders', { query: { status: filter, cursor, limit: 200 } });
        items.push(...out.items);
        cursor = out.next;
      } while (cursor && ++pages < 20);
      items.sort((a, b) => a.deadline.localeCompare(b.deadline));
      const units = unitRole ? undefined : await H.unitNames();
      replaceKeepingFocus(wrap, taskOrderTable(items, { unitRole, units, onChange, onError }));
    } catch (e) {
      if (!silent) clear(wrap).append(H.errorBox(e));
    }
  }
  draw();
  every(10_000, () => {
    if (!wrap.querySelector('form:not([hidden])')) draw(true); // not while a 办结 note is being written
  });
}

function taskOrderTable(items, { unitRole, units, onChange, onError }) {
  const cols = [
    ['编号', (t) => [`#${t.n}`, h('br'), h('span', { class: 'muted small' }, t.kind === 'auto' ? '自动' : '手动')], 'nowrap'],
    ['办件编号', (t) => h('a', { href: reviewHref(t.reviewId), class: 'mono', dataset: { focusKey: `r-${t.reviewId}-${t.n}` } }, t.caseNumber), 'nowrap'],
    units ? ['单位', (t) => [units.get(t.unitId) ?? '', h('br'), h('span', { class: 'mono muted small' }, t.unitId)]] : null,
    [
      '交办内容',
      (t) => [
        t.content,
        t.overdueStep ? h('div', { class: 'muted small' }, `超期环节：${STEP_NAMES[t.overdueStep]}`) : null,
        t.note ? h('div', { class: 'muted small' }, `办结说明：${t.note}`) : null,
      ],
      'text',
    ],
    ['下发时间', (t) => timeEl(t.issuedAt), 'nowrap'],
    [
      '期限',
      (t) => [
        timeEl(t.deadline),
        h('br'),
        t.status === 'completed' ? h('span', { class: 'muted small' }, `办结于 ${fmtSec(t.completedAt)}`) : countdown(Date.parse(t.deadline)),
      ],
      'nowrap',
    ],
    [
      '状态',
      (t) =>
        h(
          'span',
          { class: 'flags' },
          h('span', { class: `badge to-${t.status}` }, TASK_STATUS[t.status] ?? t.status),
          t.overdue && t.status !== 'overdue' ? h('span', { class: 'badge flag-overdue' }, '已逾期') : null,
        ),
      'nowrap',
    ],
    unitRole ? ['操作', (t) => taskOrderControls(t.reviewId, t, onChange, onError), 'nowrap'] : null,
  ].filter(Boolean);
  return h(
    'table',
    { class: 'data', id: 'task-orders-table' },
    h('caption', { class: 'visually-hidden' }, '任务交办单'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cols.map(([head]) => h('th', { scope: 'col' }, head)),
      ),
    ),
    h(
      'tbody',
      {},
      items.length
        ? items.map((t) =>
            h(
              'tr',
              { class: [t.overdue && t.status !== 'completed' && 'overdue'], dataset: { order: `${t.reviewId}#${t.n}` } },
              cols.map(([, cell, cls]) => h('td', { class: cls }, cell(t))),
            ),
          )
        : h('tr', {}, h('td', { class: 'empty', colspan: cols.length }, '暂无任务交办单')),
    ),
  );
}

/**
 * 签收 / 办结 buttons of one task order (办结 opens a short note form). 办结 is offered only when the
 * API would accept it (`canComplete`: an automatic order completes with its overdue step).
 */
function taskOrderControls(reviewId, t, onChange, onError) {
  if (t.status === 'completed') return h('span', { class: 'muted' }, '—');
  const box = h('div', { class: 'row-actions' });
  const err = h('p', { class: 'error', role: 'alert' });
  const path = `/bad-reviews/${enc(reviewId)}/task-orders/${t.n}`;
  // In the list several reviews have a #1: the case number keeps the buttons' names apart.
  const label = `任务交办单 #${t.n}${t.caseNumber ? `（办件 ${t.caseNumber}）` : ''}`;
  const run = async (btn, call, msg, focusKey) => {
    btn.disabled = true;
    err.textContent = '';
    try {
      await call();
      await onChange(msg, focusKey);
    } catch (e) {
      btn.disabled = false;
      if (onError) await onError(friendlyMessage(e));
      else err.textContent = friendlyMessage(e);
    }
  };
  const ack = !t.acknowledgedAt
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          'aria-label': `签收${label}`,
          dataset: { focusKey: `ack-${reviewId}-${t.n}` },
          onclick: (ev) => run(ev.currentTarget, () => api(`${path}/acknowledge`, { method: 'POST' }), `已签收${label}`, `done-${reviewId}-${t.n}`),
        },
        '签收',
      )
    : h('span', { class: 'muted small' }, `已签收 ${fmtSec(t.acknowledgedAt).slice(5, 16)}`);
  const noteId = `to-note-${reviewId}-${t.n}`;
  const form = h(
    'form',
    {
      class: 'inline-form',
      hidden: true,
      onsubmit: (ev) => {
        ev.preventDefault();
        const note = form.elements.note.value.trim();
        run(
          ev.submitter ?? form.querySelector('[type=submit]'),
          () => api(`${path}/complete`, { method: 'POST', body: note ? { note } : {} }),
          `已办结${label}`,
        );
      },
    },
    h('label', { for: noteId, class: 'visually-hidden' }, `${label}办结说明`),
    h('input', { type: 'text', id: noteId, name: 'note', maxlength: 1000, placeholder: '办结说明（可选）' }),
    h('button', { type: 'submit', class: 'btn small primary' }, '确认办结'),
    h(
      'button',
      {
        type: 'button',
        class: 'btn small ghost',
        onclick: () => {
          form.hidden = true;
          doneBtn.hidden = false;
          doneBtn.focus();
        },
      },
      '取消',
    ),
  );
  const doneBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn small',
      'aria-label': `办结${label}`,
      dataset: { focusKey: `done-${reviewId}-${t.n}` },
      onclick: () => {
        doneBtn.hidden = true;
        form.hidden = false;
        form.elements.note.focus();
      },
    },
    '办结',
  );
  // Older answers without `canComplete`: only a manual order could be completed by hand.
  const canComplete = t.canComplete ?? t.kind !== 'auto';
  const waiting = t.overdueStep ? `完成超期的「${STEP_NAMES[t.overdueStep] ?? t.overdueStep}」环节后自动办结` : '暂不能办结';
  box.append(ack, ...(canComplete ? [doneBtn, form] : [h('span', { class: 'muted small' }, waiting)]), err);
  return box;
}

// ---------------------------------------------------------------- 双周通报

/** The bi-weekly notice period (14 days from Monday 2026-01-05) containing a date; mirrors functions/core/bad-review.ts. */
export function noticePeriod(date) {
  const epoch = Date.UTC(2026, 0, 5);
  const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - epoch) / 86_400_000);
  return new Date(epoch + Math.floor(days / 14) * 14 * 86_400_000).toISOString().slice(0, 10);
}
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function viewNotices(root, _session, query) {
  const picked = /^\d{4}-\d{2}-\d{2}$/.test(query.get('date') ?? '') ? query.get('date') : shanghaiToday();
  const period = noticePeriod(picked);
  const end = addDays(period, 13);
  const no = Math.floor((Date.parse(`${period}T00:00:00Z`) - Date.UTC(2026, 0, 5)) / (14 * 86_400_000)) + 1;
  const dateInput = h('input', { type: 'date', id: 'notice-date', name: 'date', value: picked, 'aria-describedby': 'notice-date-hint' });
  const body = h('div', {}, h('p', { class: 'loading' }, '正在加载…'));
  root.append(
    H.pageHead(
      '双周通报名单',
      '任务交办单逾期、升级督办的单位列入当期通报；每期 14 天，自 2026-01-05（周一）起算',
      h('a', { class: 'btn small', href: `#/notices?date=${addDays(period, -14)}` }, '‹ 上一期'),
      h('a', { class: 'btn small', href: `#/notices?date=${shanghaiToday()}` }, '本期'),
      h('a', { class: 'btn small', href: `#/notices?date=${addDays(period, 14)}` }, '下一期 ›'),
    ),
    h(
      'form',
      {
        class: 'toolbar',
        onsubmit: (ev) => {
          ev.preventDefault();
          if (dateInput.value) H.go(`#/notices?date=${dateInput.value}`);
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'notice-date' }, '选择日期'), dateInput),
      h('button', { type: 'submit', class: 'btn' }, '查看该日所在期'),
      h('p', { class: 'hint', id: 'notice-date-hint' }, '显示所选日期所在的通报期'),
    ),
    h('h2', { class: 'section-title', id: 'notice-period' }, no >= 1 ? `第 ${no} 期` : '通报期', `：${period} 至 ${end}`),
    body,
  );
  try {
    const [out, units] = await Promise.all([api('/notice-list', { query: { period } }), H.unitNames()]);
    const byUnit = new Map();
    for (const e of out.items) byUnit.set(e.unitId, [...(byUnit.get(e.unitId) ?? []), e]);
    const rows = [...byUnit.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    clear(body).append(
      h('p', { class: 'muted', style: 'margin-bottom:8px' }, `本期共 ${byUnit.size} 个单位、${out.items.length} 次升级督办。`),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data', id: 'notice-table' },
          h('caption', { class: 'visually-hidden' }, `双周通报名单 ${period} 至 ${end}`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['单位', '升级次数', '涉及差评', '最近列入时间'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            rows.length
              ? rows.map(([unitId, entries]) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, units.get(unitId) ?? unitId, h('br'), h('span', { class: 'mono muted small' }, unitId)),
                    h('td', {}, String(entries.length)),
                    h(
                      'td',
                      {},
                      h(
                        'ul',
                        { class: 'plain' },
                        [...new Set(entries.map((e) => e.reviewId))].map((id) =>
                          h(
                            'li',
                            {},
                            h('a', { href: reviewHref(id), class: 'mono' }, id),
                            ' ',
                            h(
                              'span',
                              { class: 'muted small' },
                              entries
                                .filter((e) => e.reviewId === id)
                                .map((e) => `#${e.escalation}`)
                                .join(' '),
                            ),
                          ),
                        ),
                      ),
                    ),
                    h(
                      'td',
                      { class: 'nowrap' },
                      timeEl(
                        entries
                          .map((e) => e.at)
                          .sort()
                          .at(-1),
                      ),
                    ),
                  ),
                )
              : h('tr', {}, h('td', { class: 'empty', colspan: 4 }, '本期暂无单位列入通报')),
          ),
        ),
      ),
    );
  } catch (e) {
    clear(body).append(H.errorBox(e));
  }
}

// ---------------------------------------------------------------- detail

const backTo = (role) =>
  role === 'citizen' ? ['#/my-bad-reviews', '我的差评'] : role === 'supervisor' || role === 'admin' ? ['#/supervision', '督办'] : ['#/bad-reviews', '差评待办'];

/** Per page load: files just uploaded (pre-ticked in the rectification form). */
const justUploaded = new Set();

export function viewReview(root, session, reviewId) {
  const role = session.user.role;
  const [backHref, backLabel] = backTo(role);
  const title = h('h1', {}, '差评详情');
  const headBadges = h('p', { class: 'sub head-badges' });
  const flash = h('div', { id: 'review-flash', class: 'flash', role: 'status', tabindex: '-1' });
  const body = h('div', { id: 'review-body' }, h('p', { class: 'loading' }, '正在加载…'));
  root.append(
    h('p', { class: 'back' }, h('a', { href: backHref }, `‹ 返回${backLabel}`)),
    h(
      'div',
      { class: 'page-head' },
      h('div', {}, title, headBadges),
      h(
        'div',
        { class: 'actions' },
        refreshButton(() => refresh({ force: true })),
      ),
    ),
    flash,
    body,
  );
  const ctx = { role, reviewId, review: null, flash: setFlash, refresh: (o) => refresh(o), followUp };

  function setFlash(kind, text) {
    clear(flash).append(text ? h('p', { class: `banner ${kind}` }, text) : null);
  }

  async function refresh({ force = false, silent = false } = {}) {
    if (silent && (isDirty(body) || isEditing(body))) return;
    let r;
    try {
      [r, RULES] = await Promise.all([api(`/bad-reviews/${enc(reviewId)}`), RULES ?? loadRules()]);
    } catch (e) {
      if (!silent) clear(body).append(H.errorBox(e));
      return;
    }
    decorate(r);
    if (!force && ctx.review && ctx.review.version === r.version) {
      // Nothing changed: only the countdown restarts from the fresh answer.
      body.querySelectorAll('.countdown[data-live-deadline]').forEach((el) => {
        el.dataset.ends = String(r.endsAt);
      });
      return;
    }
    const snap = snapshot(body);
    ctx.review = r;
    title.textContent = `差评 · 办件 ${r.caseNumber}`;
    document.title = `差评 ${r.caseNumber} · 工作台`;
    clear(headBadges).append(
      statusBadge(r),
      ' ',
      levelBadge(r.level, LEVEL_NAMES[r.level]),
      ' ',
      r.anonymous ? '匿名' : '实名',
      ' · ',
      stepText(r),
      ' ',
      ...flags(r),
    );
    clear(body).append(drawDetail(ctx));
    restore(body, snap);
  }

  /** The workflow moves on a moment after a step is done: look again shortly. */
  function followUp() {
    for (const ms of [700, 1600, 3200]) later(ms, () => refresh({ silent: true }));
  }

  refresh({ force: true });
  every(10_000, () => refresh({ silent: true }));
}

function isDirty(root) {
  return [...root.querySelectorAll('form input, form textarea')].some((el) =>
    el.type === 'file' ? el.files?.length : el.type === 'checkbox' || el.type === 'radio' ? el.checked !== el.defaultChecked : el.value !== el.defaultValue,
  );
}
const isEditing = (root) => root.contains(document.activeElement) && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);

/** Form values and focus by element id, so a redraw keeps what the user was typing. */
function snapshot(root) {
  const values = new Map();
  for (const el of root.querySelectorAll('input[id], textarea[id], select[id]')) {
    if (el.type === 'file') continue;
    values.set(el.id, el.type === 'checkbox' || el.type === 'radio' ? { checked: el.checked } : { value: el.value });
  }
  const a = document.activeElement;
  return {
    values,
    focus: root.contains(a) && a.id ? a.id : undefined,
    details: [...root.querySelectorAll('details[id]')].filter((d) => d.open).map((d) => d.id),
  };
}
function restore(root, snap) {
  for (const [id, v] of snap.values) {
    const el = root.querySelector(`#${CSS.escape(id)}`);
    if (!el) continue;
    if ('checked' in v) el.checked = v.checked;
    // A select keeps its choice only while that option still exists (an escalation just recorded is gone).
    if ('value' in v && (el.tagName !== 'SELECT' || [...el.options].some((o) => o.value === v.value))) el.value = v.value;
    el.dispatchEvent(new Event('input'));
  }
  for (const id of snap.details) {
    const d = root.querySelector(`#${CSS.escape(id)}`);
    if (d) d.open = true;
  }
  if (snap.focus) root.querySelector(`#${CSS.escape(snap.focus)}`)?.focus();
}

function drawDetail(ctx) {
  const r = ctx.review;
  const main = h(
    'div',
    { class: 'review-main' },
    h('section', { class: 'card', 'aria-labelledby': 'sec-progress' }, h('h2', { id: 'sec-progress' }, '办理进度'), stepper(r), summaryList(r)),
    ratingSection(r),
    recordsSection(ctx),
    timelineSection(r),
  );
  const side = h('aside', { class: 'review-side', 'aria-label': '办理操作' }, actionsFor(ctx));
  // What to do now comes first in reading and tab order (and on top on a phone); on a wide screen it sits on the right.
  return h('div', { class: 'review-grid' }, side, main);
}

function summaryList(r) {
  const open = isOpen(r);
  return h(
    'dl',
    { class: 'kv', style: 'margin-top:14px' },
    h('dt', {}, '办件编号'),
    h('dd', {}, h('button', { type: 'button', class: 'linkish mono', onclick: () => H.openCase(r.caseNumber) }, r.caseNumber)),
    h('dt', {}, '承办单位'),
    h('dd', { class: 'mono' }, r.unitId),
    h('dt', {}, '事项编码'),
    h('dd', { class: 'mono' }, r.itemCode),
    h('dt', {}, '状态'),
    h('dd', {}, statusBadge(r), r.closeReason ? ` ${CLOSE_REASONS[r.closeReason] ?? r.closeReason}` : ''),
    h('dt', {}, '当前环节'),
    h('dd', { id: 'review-step' }, stepText(r)),
    open ? [h('dt', {}, '截止时间'), h('dd', {}, timeEl(r.deadline))] : [h('dt', {}, '办结时间'), h('dd', {}, timeEl(r.closedAt))],
    open
      ? [
          h('dt', {}, '剩余时间'),
          h(
            'dd',
            {},
            (() => {
              const c = countdown(r.endsAt);
              c.dataset.liveDeadline = '';
              return c;
            })(),
          ),
        ]
      : null,
    h('dt', {}, '收到时间'),
    h('dd', {}, timeEl(r.createdAt)),
    r.round === 2 ? [h('dt', {}, '轮次'), h('dd', {}, '第二轮整改（评价人对第一轮不满意）')] : null,
  );
}

function ratingSection(r) {
  const x = r.rating;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'sec-rating' },
    h('h2', { id: 'sec-rating' }, '差评内容'),
    !x
      ? h('p', { class: 'muted' }, '评价记录不可用')
      : h(
          'div',
          { class: 'rating-card bad' },
          // levelCell adds 已作废 (voided) or 默认好评 (default rating) where the rating is one.
          h('p', {}, H.levelCell(x), ' · ', H.channelCell(x), ' · ', timeEl(x.ratedAt), x.anonymous ? ' · 匿名' : ''),
          x.tags?.length ? h('p', { style: 'margin-top:6px' }, H.tagsCell(x)) : null,
          x.text ? h('p', { style: 'margin-top:6px' }, x.text) : null,
          x.rater
            ? h(
                'p',
                { class: 'muted small', style: 'margin-top:6px' },
                `评价人：${x.rater.name ?? ''} ${x.rater.idNumber ?? ''}${x.rater.phone ? ` ${x.rater.phone}` : ''}`,
              )
            : null,
        ),
  );
}

function recordsSection(ctx) {
  const r = ctx.review;
  const parts = [];
  if (r.verification) {
    parts.push(
      h('h3', {}, '核实情况'),
      h(
        'div',
        { class: 'record' },
        h(
          'p',
          {},
          h(
            'span',
            { class: `badge ${r.verification.contacted ? 'br-status-closed' : 'flag-pending'}` },
            r.verification.contacted ? '已联系评价人' : '未能联系评价人',
          ),
          ' ',
          h('span', { class: 'muted small' }, timeEl(r.verification.at)),
        ),
        h('p', { class: 'prewrap' }, r.verification.facts),
      ),
    );
  }
  for (const x of r.rectifications ?? []) {
    parts.push(
      h('h3', {}, `整改措施（第 ${x.round} 轮）`),
      h(
        'div',
        { class: 'record' },
        h('p', { class: 'muted small' }, timeEl(x.at)),
        h('p', { class: 'prewrap' }, x.measures),
        x.evidence?.length
          ? h(
              'ul',
              { class: 'files' },
              x.evidence.map((f) => fileItem(r.reviewId, f)),
            )
          : null,
      ),
    );
  }
  const unused = (r.files ?? []).filter((f) => !(r.rectifications ?? []).some((x) => x.evidence?.some((e) => e.fileId === f.fileId)));
  if (unused.length && ctx.role !== 'citizen')
    parts.push(
      h('h3', {}, '已上传、尚未附入整改的材料'),
      h(
        'ul',
        { class: 'files' },
        unused.map((f) => fileItem(r.reviewId, f)),
      ),
    );
  for (const x of r.replies ?? []) {
    parts.push(
      h('h3', {}, `答复评价人（第 ${x.round} 轮）`),
      h('div', { class: 'record reply' }, h('p', { class: 'muted small' }, timeEl(x.at)), h('p', { class: 'prewrap' }, x.text)),
    );
  }
  for (const x of r.visits ?? []) {
    parts.push(
      h('h3', {}, `回访结果（第 ${x.round} 轮）`),
      h(
        'div',
        { class: 'record' },
        h('p', {}, h('strong', {}, VISIT_ANSWERS[x.answer] ?? x.answer), ' ', h('span', { class: 'muted small' }, timeEl(x.at))),
        x.comment ? h('p', { class: 'prewrap' }, x.comment) : null,
      ),
    );
  }
  for (const x of r.extensions ?? []) {
    parts.push(
      h('h3', {}, `延期申请 ${x.days} 个工作日`),
      h(
        'div',
        { class: 'record' },
        h('p', { class: 'muted small' }, timeEl(x.at)),
        h('p', { class: 'prewrap' }, x.reason),
        h(
          'p',
          {},
          x.decision
            ? h(
                'span',
                { class: `badge ${x.decision.approve ? 'br-status-closed' : 'flag-overdue'}` },
                x.decision.approve ? `已批准 ${x.decision.days} 个工作日` : '未批准',
              )
            : h('span', { class: 'badge flag-pending' }, '待审批'),
          x.decision?.comment ? ` ${x.decision.comment}` : '',
        ),
      ),
    );
  }
  if (r.appeal) {
    const d = r.appeal.decision;
    parts.push(
      h('h3', {}, '申诉'),
      h(
        'div',
        { class: 'record' },
        h('p', { class: 'muted small' }, timeEl(r.appeal.at)),
        h('p', { class: 'prewrap' }, r.appeal.reason),
        h(
          'p',
          {},
          d
            ? h('span', { class: `badge ${d.uphold ? 'flag-overdue' : 'br-status-closed'}` }, d.uphold ? '申诉成立，评价作废' : '申诉不成立')
            : h('span', { class: 'badge flag-pending' }, '复核中'),
          d?.comment ? ` ${d.comment}` : '',
        ),
      ),
    );
  }
  if (r.taskOrders?.length && ctx.role !== 'citizen') {
    const at = Date.now();
    const unitRole = ctx.role === 'staff' || ctx.role === 'leader';
    const onChange = async (msg, focusKey) => {
      ctx.flash('ok', msg);
      await ctx.refresh({ force: true });
      ((focusKey && document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)) || $('#review-flash'))?.focus();
    };
    const onError = async (msg) => {
      ctx.flash('error', msg);
      await ctx.refresh({ force: true });
      $('#review-flash')?.focus();
    };
    parts.push(
      h('h3', { id: 'sec-task-orders' }, '任务交办单'),
      h(
        'ul',
        { class: 'orders', id: 'review-task-orders', 'aria-labelledby': 'sec-task-orders' },
        r.taskOrders
          .slice()
          .reverse()
          .map((t) => {
            const late = t.status !== 'completed' && Date.parse(t.deadline) < at;
            return h(
              'li',
              { class: ['order', late && 'late', t.status === 'completed' && 'done'], dataset: { order: String(t.n) } },
              h(
                'div',
                { class: 'order-head' },
                h('strong', {}, `#${t.n}`),
                h('span', { class: 'muted small' }, t.kind === 'auto' ? `自动下发 · ${STEP_NAMES[t.overdueStep] ?? ''}超期` : '监管部门手动下发'),
                h('span', { class: `badge to-${t.status}` }, TASK_STATUS[t.status] ?? t.status),
                late && t.status !== 'overdue' ? h('span', { class: 'badge flag-overdue' }, '已逾期') : null,
              ),
              h('p', { class: 'prewrap' }, t.content),
              h(
                'p',
                { class: 'muted small' },
                '下发 ',
                timeEl(t.issuedAt),
                ' · 期限 ',
                timeEl(t.deadline),
                t.status !== 'completed' ? [' · ', countdown(Date.parse(t.deadline))] : null,
                t.acknowledgedAt ? [' · 签收 ', timeEl(t.acknowledgedAt)] : null,
                t.completedAt ? [' · 办结 ', timeEl(t.completedAt)] : null,
              ),
              t.note ? h('p', { class: 'small' }, '办结说明：', t.note) : null,
              unitRole && t.status !== 'completed' ? taskOrderControls(r.reviewId, t, onChange, onError) : null,
            );
          }),
      ),
    );
  }
  const esc = escalationsOf(r);
  if (esc.length && ctx.role !== 'citizen') {
    parts.push(
      h('h3', { id: 'sec-escalations' }, '升级督办'),
      h(
        'ul',
        { class: 'orders', id: 'review-escalations', 'aria-labelledby': 'sec-escalations' },
        esc.map((e) =>
          h(
            'li',
            { class: ['order', 'esc', e.outcome && 'done'] },
            h(
              'div',
              { class: 'order-head' },
              h('strong', {}, `#${e.n}`),
              e.at ? timeEl(e.at) : null,
              e.outcome
                ? h('span', { class: 'badge br-status-closed' }, `已处理：${OUTCOME_KINDS[e.outcome.kind] ?? e.outcome.kind}`)
                : e.outcome === null
                  ? h('span', { class: 'badge flag-pending' }, '待记录处理结果')
                  : null,
            ),
            h(
              'p',
              { class: 'muted small' },
              e.noticePeriod
                ? `任务交办单逾期（${STEP_NAMES[e.overdueStep] ?? ''}超期），列入 ${e.noticePeriod} 期双周通报名单，建议${e.proposal ?? '约谈'}`
                : humanNote(e.note ?? ''),
            ),
            e.outcome ? h('p', { class: 'prewrap' }, e.outcome.note, ' ', h('span', { class: 'muted small' }, timeEl(e.outcome.at))) : null,
          ),
        ),
      ),
    );
    if (!esc.some((e) => e.outcome !== undefined)) {
      const outcomes = r.timeline.filter((t) => t.action.startsWith('记录督办结果'));
      if (outcomes.length)
        parts.push(
          h(
            'ul',
            { class: 'plain' },
            outcomes.map((t) =>
              h(
                'li',
                {},
                h('strong', {}, t.action.replace('记录督办结果：', '督办结果：')),
                ' ',
                t.note ?? '',
                ' ',
                h('span', { class: 'muted small' }, timeEl(t.at)),
              ),
            ),
          ),
        );
    }
  }
  if (!parts.length) return null;
  return h('section', { class: 'card records', 'aria-labelledby': 'sec-records' }, h('h2', { id: 'sec-records' }, '办理记录'), parts);
}

/**
 * The escalation records of the detail (`outcome: null` = not yet recorded). Older API versions sent
 * only the count here; then numbers and times come from the timeline ("任务交办单逾期，升级督办 #n").
 */
function escalationsOf(r) {
  if (Array.isArray(r.escalations)) return r.escalations.map((e) => ({ ...e, outcome: e.outcome ?? null })).sort((a, b) => a.n - b.n);
  const found = r.timeline
    .map((t) => ({ t, m: /升级督办 #(\d+)/.exec(t.action) }))
    .filter((x) => x.m)
    .map(({ t, m }) => ({ n: Number(m[1]), at: t.at, note: t.note }));
  const count = Array.isArray(r.escalations) ? r.escalations.length : Number(r.escalations) || 0;
  for (let n = 1; n <= count; n++) if (!found.some((e) => e.n === n)) found.push({ n });
  return found.sort((a, b) => a.n - b.n);
}

function fileItem(reviewId, f) {
  return h(
    'li',
    {},
    h('span', { class: 'file-type' }, typeLabel(f.contentType)),
    ' ',
    f.name,
    ' ',
    h('span', { class: 'muted small' }, fmtBytes(f.size)),
    ' ',
    h('button', { type: 'button', class: 'linkish', 'aria-label': `下载 ${f.name}`, onclick: (ev) => downloadEvidence(ev.currentTarget, reviewId, f) }, '下载'),
  );
}

/** Evidence needs the bearer token, so it is fetched and handed to the browser as a blob. */
async function downloadEvidence(btn, reviewId, f) {
  btn.disabled = true;
  try {
    const res = await fetch(`/bad-reviews/${enc(reviewId)}/evidence/${enc(f.fileId)}`, { headers: { authorization: `Bearer ${getSession()?.token ?? ''}` } });
    if (!res.ok) throw new Error(`下载失败（${res.status}）`);
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: f.name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  } catch (e) {
    btn.after(h('span', { class: 'error', role: 'alert' }, e.message));
  } finally {
    btn.disabled = false;
  }
}

function timelineSection(r) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'sec-timeline' },
    h('h2', { id: 'sec-timeline' }, `全过程时间线（${r.timeline.length}）`),
    h(
      'ol',
      { class: 'timeline', id: 'review-timeline' },
      r.timeline.map((t) =>
        h(
          'li',
          { class: t.role === 'system' ? 'sys' : 'person' },
          h('div', { class: 'when' }, timeEl(t.at)),
          h(
            'div',
            { class: 'what' },
            h('span', { class: 'who' }, t.role === 'system' ? '系统' : `${t.actor}（${ROLE_NAMES[t.role] ?? t.role}）`),
            h('span', { class: 'action' }, t.action),
            t.note ? h('span', { class: 'note' }, humanNote(t.note)) : null,
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- forms

/** A labelled text field (textarea by default) with hint, counter and error slot. */
function textField({ id, name, label, max, required = true, rows = 3, hint, type = 'textarea', attrs = {} }) {
  const errId = `${id}-err`;
  const hintId = hint ? `${id}-hint` : undefined;
  const counter = max && type === 'textarea' ? h('div', { class: 'counter', id: `${id}-count`, 'aria-hidden': 'true' }, `0/${max}`) : null;
  const control =
    type === 'textarea'
      ? h('textarea', {
          id,
          name,
          rows,
          maxlength: max,
          required,
          'aria-describedby': [hintId, errId].filter(Boolean).join(' '),
          oninput: () => {
            if (counter) counter.textContent = `${control.value.length}/${max}`;
          },
          ...attrs,
        })
      : h('input', { type, id, name, required, 'aria-describedby': [hintId, errId].filter(Boolean).join(' '), ...attrs });
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : h('span', { class: 'optional' }, '（选填）')),
    control,
    counter,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'error', id: errId }),
  );
}

function clearIssues(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  form.querySelectorAll('.error[id]').forEach((el) => {
    el.textContent = '';
  });
  const fe = form.querySelector('.form-error');
  if (fe) fe.textContent = '';
}

/** The label people see for a control (its <label> or <legend>, without the * and （选填）). */
function labelOf(form, target) {
  const el = target.matches('fieldset') ? target.querySelector('legend') : target.id && form.querySelector(`label[for="${CSS.escape(target.id)}"]`);
  return el?.firstChild?.textContent?.trim() || undefined;
}

/**
 * Puts each issue on its control (by name; `evidence.0` → `evidence`), the rest on the form; focuses the first.
 * The API's schema texts are rephrased for people (common.js friendlyIssue); the page's own checks pass through.
 */
function showIssues(form, issues, fallback) {
  clearIssues(form);
  let first;
  const rest = [];
  for (const i of issues) {
    const name = String(i.field ?? '').split('.')[0];
    const target = name && (form.querySelector(`[data-field~="${CSS.escape(name)}"]`) ?? form.querySelector(`[name="${CSS.escape(name)}"]`));
    const err = target && form.querySelector(`#${CSS.escape(`${target.id}-err`)}`);
    if (!target || !err) {
      rest.push(friendlyIssue(i));
      continue;
    }
    const message = friendlyIssue(i, labelOf(form, target));
    target.setAttribute('aria-invalid', 'true');
    err.textContent = err.textContent ? `${err.textContent}；${message}` : message;
    first ??= target.matches('fieldset') ? (target.querySelector('input') ?? target) : target;
  }
  if (rest.length || (!issues.length && fallback)) {
    const fe = form.querySelector('.form-error');
    fe.textContent = [...new Set(rest), ...(issues.length ? [] : [fallback])].join('；');
    first ??= fe;
  }
  first?.focus();
}

/**
 * Wires a form: `check(form)` → client issues; `send(form, submitter)` → API answer; `done(out, submitter)` → message.
 * 409 (step not current, already recorded) goes to the page message and the detail reloads.
 */
function wire(ctx, form, { check, send, done }) {
  let busy = false;
  // A field's error goes away as soon as it is being corrected.
  const fixed = (ev) => {
    const el = ev.target.closest('fieldset[data-field]') ?? ev.target;
    if (!el.hasAttribute('aria-invalid')) return;
    el.removeAttribute('aria-invalid');
    const err = el.id && form.querySelector(`#${CSS.escape(`${el.id}-err`)}`);
    if (err) err.textContent = '';
  };
  form.addEventListener('input', fixed);
  form.addEventListener('change', fixed);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const submitter = ev.submitter;
    const issues = check?.(form, submitter) ?? [];
    if (issues.length) return showIssues(form, issues);
    clearIssues(form);
    busy = true;
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((b) => {
      b.disabled = true;
    });
    submitter?.setAttribute('aria-busy', 'true');
    try {
      const out = await send(form, submitter);
      const text = out?.replayed ? `已提交过，显示首次结果：${done(out, submitter)}` : done(out, submitter);
      form.reset();
      for (const el of form.querySelectorAll('textarea, input')) el.dispatchEvent(new Event('input'));
      ctx.flash('ok', text);
      await ctx.refresh({ force: true });
      $('#review-flash')?.focus();
      ctx.followUp();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        ctx.flash('error', e.message);
        await ctx.refresh({ force: true });
        $('#review-flash')?.focus();
      } else if (e instanceof ApiError && e.issues?.length && e.status === 400) showIssues(form, e.issues);
      else showIssues(form, [], friendlyMessage(e));
    } finally {
      busy = false;
      buttons.forEach((b) => {
        if (b.isConnected) b.disabled = false;
      });
      submitter?.removeAttribute('aria-busy');
    }
  });
  return form;
}

const formError = () => h('p', { class: 'error form-error', role: 'alert', tabindex: '-1' });
const required = (form, name, label) => (form.elements[name].value.trim() ? [] : [{ field: name, message: `请填写${label}` }]);

function section(id, title, intro, ...content) {
  return h(
    'section',
    { class: 'card action-card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    intro ? h('p', { class: 'muted small intro' }, intro) : null,
    content,
  );
}
/** Secondary actions (延期, 申诉) fold away until needed. */
function folded(id, title, intro, ...content) {
  return h('details', { class: 'card action-card folded', id }, h('summary', {}, title), intro ? h('p', { class: 'muted small intro' }, intro) : null, content);
}

function actionsFor(ctx) {
  const r = ctx.review;
  if (ctx.role === 'citizen') return citizenActions(ctx);
  const head = [];
  if (!isOpen(r)) {
    head.push(
      section(
        'act-closed',
        '已办结',
        null,
        h('p', {}, `${STATUS_NAMES[r.status]}：${CLOSE_REASONS[r.closeReason] ?? ''}`),
        h('p', { class: 'muted small' }, '办结时间 ', timeEl(r.closedAt)),
      ),
    );
    if ((ctx.role === 'supervisor' || ctx.role === 'admin') && escalationsOf(r).some((e) => !e.outcome)) head.push(outcomeForm(ctx));
    return head;
  }
  if (ctx.role === 'staff' || ctx.role === 'leader') return unitActions(ctx);
  if (ctx.role === 'supervisor' || ctx.role === 'admin') return supervisorActions(ctx);
  return h('p', { class: 'muted' }, '当前身份无可办理的操作。');
}

// ------------------------------ unit (staff / leader)

function unitActions(ctx) {
  const r = ctx.review;
  const out = [];
  const now = h(
    'div',
    { class: 'card now-card' },
    h('p', { class: 'muted small' }, '当前需办理'),
    h(
      'p',
      { class: 'now-step' },
      r.workStep ? STEP_NAMES[r.workStep] : '—',
      r.step !== r.workStep && r.step ? h('span', { class: 'badge flag-task' }, STEP_NAMES[r.step]) : null,
    ),
    r.deadline ? h('p', {}, countdown(r.endsAt), h('span', { class: 'muted small' }, ' 截止 ', timeEl(r.deadline))) : null,
    r.pendingAppeal ? h('p', { class: 'banner warn', style: 'margin-top:8px' }, '申诉复核中，办理时限照常计算。') : null,
  );
  out.push(now);
  const mineRect = r.rectifications.find((x) => x.round === r.round);
  const mineReply = r.replies.find((x) => x.round === r.round);
  if (r.workStep === 'verify') {
    if (!r.verification) out.push(verifyForm(ctx));
    else out.push(h('p', { class: 'banner info' }, '核实情况已记录，流程即将进入整改反馈环节…'));
  } else if (r.workStep === 'rectify') {
    if (!mineRect) out.push(evidenceForm(ctx), rectifyForm(ctx));
    if (!r.anonymous && !mineReply) out.push(replyForm(ctx));
    if (mineRect && (r.anonymous || mineReply)) out.push(h('p', { class: 'banner info' }, '整改与答复已完成，流程即将进入下一环节…'));
    if (r.step === 'rectify' && !r.pendingExtension && (r.endsAt ?? 0) > Date.now()) out.push(extensionForm(ctx));
  } else if (r.workStep === 'visit') {
    out.push(h('p', { class: 'banner info' }, '已完成整改并答复，等待评价人回访（满意 / 基本满意 / 不满意）。'));
  } else if (!r.step) {
    out.push(h('p', { class: 'banner info' }, '差评正在派发，请稍候…'));
  }
  if (!r.appeal && r.step !== 'visit') out.push(appealForm(ctx));
  return out;
}

function verifyForm(ctx) {
  const r = ctx.review;
  const form = h(
    'form',
    { id: 'verify-form', novalidate: true },
    h(
      'div',
      { class: 'field check' },
      h('input', { type: 'checkbox', id: 'verify-contacted', name: 'contacted' }),
      h('label', { for: 'verify-contacted' }, r.anonymous ? '已通过其他渠道核实（匿名差评无法联系评价人）' : '已联系评价人'),
    ),
    textField({ id: 'verify-facts', name: 'facts', label: '核实情况', max: 2000, rows: 4, hint: '联系情况、查明的事实（谁办理、谁负责）' }),
    formError(),
    h('button', { type: 'submit', class: 'btn primary' }, '记录核实'),
  );
  return section(
    'act-verify',
    '记录核实',
    '1 个工作日内联系评价人、查明事实。',
    wire(ctx, form, {
      check: (f) => required(f, 'facts', '核实情况'),
      send: (f) =>
        api(`/bad-reviews/${enc(r.reviewId)}/verification`, {
          method: 'POST',
          body: { contacted: f.elements.contacted.checked, facts: f.elements.facts.value.trim() },
        }),
      done: () => '核实情况已记录',
    }),
  );
}

/** File signatures of the types the page can tell by content, as the API does. */
const MAGIC = {
  'image/png': (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8,
  'application/pdf': (b) => String.fromCharCode(...b) === '%PDF',
};
/** Reads the first bytes to tell PNG / JPEG / PDF by content. */
async function sniff(file) {
  const b = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return Object.keys(MAGIC).find((type) => MAGIC[type](b));
}
/** The accepted type a file name's extension stands for (GET /meta lists the extensions). */
const typeByName = (name) => {
  const ext = `.${name.split('.').pop()?.toLowerCase() ?? ''}`;
  return evidenceTypes().find((t) => t.extensions?.includes(ext))?.contentType;
};
const toBase64 = (file) =>
  new Promise((ok, fail) => {
    const fr = new FileReader();
    fr.onload = () => ok(String(fr.result).replace(/^data:[^,]*,/, ''));
    fr.onerror = () => fail(new Error('读取文件失败'));
    fr.readAsDataURL(file);
  });

/**
 * Upload of one evidence file. Size limit, types and extensions are the API's (GET /meta); when
 * they could not be loaded the page checks nothing of its own and the API's answer is shown.
 */
function evidenceForm(ctx) {
  const r = ctx.review;
  const types = evidenceTypes();
  const maxBytes = RULES?.evidence?.maxBytes;
  const names = orList(types.map((t) => t.label));
  const accept = types.flatMap((t) => [...(t.extensions ?? []), t.contentType]).join(',');
  const hint = [types.length ? names : null, maxBytes ? `单个不超过 ${fmtBytes(maxBytes)}` : null].filter(Boolean).join('，');
  const form = h(
    'form',
    { id: 'evidence-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'evidence-file' }, '选择文件'),
      // The API's issues name the body fields (data, fileName, contentType): they all belong to the file input.
      h('input', {
        type: 'file',
        id: 'evidence-file',
        name: 'file',
        'data-field': 'file data fileName contentType',
        accept: accept || undefined,
        'aria-describedby': 'evidence-file-hint evidence-file-err',
      }),
      h('p', { class: 'hint', id: 'evidence-file-hint' }, `${hint ? `${hint}；` : ''}上传后在下方“记录整改”中勾选附入。`),
      h('p', { class: 'error', id: 'evidence-file-err' }),
    ),
    formError(),
    h('button', { type: 'submit', class: 'btn' }, '上传'),
  );
  let prepared;
  wire(ctx, form, {
    check: (f) => {
      const file = f.elements.file.files?.[0];
      if (!file) return [{ field: 'file', message: '请选择要上传的文件' }];
      if (maxBytes && file.size > maxBytes) return [{ field: 'file', message: `文件不能超过 ${fmtBytes(maxBytes)}（当前 ${fmtBytes(file.size)}）` }];
      if (!file.size) return [{ field: 'file', message: '文件是空的' }];
      const type = !types.length ? file.type : types.some((t) => t.contentType === file.type) ? file.type : typeByName(file.name);
      if (!type) return [{ field: 'file', message: types.length ? `只能上传 ${names} 文件` : '无法识别文件类型' }];
      prepared = { file, type };
      return [];
    },
    send: async () => {
      const { file, type } = prepared;
      const real = await sniff(file);
      if (MAGIC[type] && real !== type)
        throw new ApiError(400, 'INVALID', '文件内容与类型不符', [
          { field: 'file', rule: 'content_matches_type', message: real ? `文件内容是 ${typeLabel(real)}，与扩展名不符` : `文件内容不是 ${typeLabel(type)}` },
        ]);
      const out = await api(`/bad-reviews/${enc(r.reviewId)}/evidence`, {
        method: 'POST',
        body: { fileName: file.name.slice(-100), contentType: type, data: await toBase64(file) },
      });
      justUploaded.add(out.fileId);
      return out;
    },
    done: (out) => `已上传材料：${out.name}`,
  });
  return section('act-evidence', '上传整改材料', null, form);
}

function rectifyForm(ctx) {
  const r = ctx.review;
  const files = r.files ?? [];
  const form = h(
    'form',
    { id: 'rectify-form', novalidate: true },
    textField({ id: 'rectify-measures', name: 'measures', label: '整改措施', max: 4000, rows: 5 }),
    h(
      'fieldset',
      { class: 'field', id: 'rectify-evidence', 'data-field': 'evidence', 'aria-describedby': 'rectify-evidence-err' },
      h('legend', {}, '附整改材料', h('span', { class: 'optional' }, '（选填，最多 10 份）')),
      files.length
        ? h(
            'ul',
            { class: 'plain checks' },
            files.map((f) =>
              h(
                'li',
                { class: 'check' },
                h('input', { type: 'checkbox', id: `ev-${f.fileId}`, name: 'evidence', value: f.fileId, checked: justUploaded.has(f.fileId) }),
                h('label', { for: `ev-${f.fileId}` }, f.name, ' ', h('span', { class: 'muted small' }, typeLabel(f.contentType))),
              ),
            ),
          )
        : h('p', { class: 'muted small' }, '尚未上传材料。'),
      h('p', { class: 'error', id: 'rectify-evidence-err' }),
    ),
    formError(),
    h('button', { type: 'submit', class: 'btn primary' }, '记录整改'),
  );
  return section(
    'act-rectify',
    '记录整改',
    r.round === 2 ? '第二轮：评价人对第一轮整改不满意，请重新整改。' : '5 个工作日内整改并答复评价人。',
    wire(ctx, form, {
      check: (f) => {
        const issues = required(f, 'measures', '整改措施');
        if (f.querySelectorAll('input[name=evidence]:checked').length > 10) issues.push({ field: 'evidence', message: '最多附 10 份材料' });
        return issues;
      },
      send: (f) =>
        api(`/bad-reviews/${enc(r.reviewId)}/rectification`, {
          method: 'POST',
          body: { measures: f.elements.measures.value.trim(), evidence: [...f.querySelectorAll('input[name=evidence]:checked')].map((x) => x.value) },
        }),
      done: () => '整改措施已记录',
    }),
  );
}

function replyForm(ctx) {
  const r = ctx.review;
  const form = h(
    'form',
    { id: 'reply-form', novalidate: true },
    textField({ id: 'reply-text', name: 'text', label: '答复内容', max: 2000, rows: 4, hint: '评价人将在“我的差评”中看到答复，并进行回访评价' }),
    formError(),
    h('button', { type: 'submit', class: 'btn primary' }, '答复评价人'),
  );
  return section(
    'act-reply',
    '答复评价人',
    '实名差评须答复评价人。',
    wire(ctx, form, {
      check: (f) => required(f, 'text', '答复内容'),
      send: (f) => api(`/bad-reviews/${enc(r.reviewId)}/reply`, { method: 'POST', body: { text: f.elements.text.value.trim() } }),
      done: () => '已答复评价人',
    }),
  );
}

function extensionForm(ctx) {
  const r = ctx.review;
  const form = h(
    'form',
    { id: 'extension-form', novalidate: true },
    textField({
      id: 'extension-days',
      name: 'days',
      label: '延期天数（工作日）',
      type: 'number',
      attrs: { min: 1, max: 15, step: 1, inputmode: 'numeric', value: '5', style: 'max-width:8em' },
      hint: '最多 15 个工作日',
    }),
    textField({ id: 'extension-reason', name: 'reason', label: '延期理由', max: 1000, rows: 3 }),
    formError(),
    h('button', { type: 'submit', class: 'btn' }, '提交延期申请'),
  );
  return folded(
    'act-extension',
    '申请延期',
    '情况复杂、需要更多时间整改的，可在整改期限届满前申请延期，由监管部门审批。',
    wire(ctx, form, {
      check: (f) => {
        const issues = [];
        const d = Number(f.elements.days.value);
        if (!Number.isInteger(d) || d < 1 || d > 15) issues.push({ field: 'days', message: '请填写 1–15 之间的整数' });
        return [...issues, ...required(f, 'reason', '延期理由')];
      },
      send: (f) =>
        api(`/bad-reviews/${enc(r.reviewId)}/extension`, {
          method: 'POST',
          body: { days: Number(f.elements.days.value), reason: f.elements.reason.value.trim() },
        }),
      done: () => '延期申请已提交，等待监管部门审批',
    }),
  );
}

function appealForm(ctx) {
  const r = ctx.review;
  const form = h(
    'form',
    { id: 'appeal-form', novalidate: true },
    textField({ id: 'appeal-reason', name: 'reason', label: '申诉理由', max: 2000, rows: 4, hint: '说明评价为何属于恶意或错误评价，并附事实依据' }),
    formError(),
    h('button', { type: 'submit', class: 'btn' }, '提交申诉'),
  );
  return folded(
    'act-appeal',
    '申诉（恶意或错误评价）',
    '申诉由监管部门复核；复核期间时限照常计算，每件差评只能申诉一次。',
    wire(ctx, form, {
      check: (f) => required(f, 'reason', '申诉理由'),
      send: (f) => api(`/bad-reviews/${enc(r.reviewId)}/appeal`, { method: 'POST', body: { reason: f.elements.reason.value.trim() } }),
      done: () => '申诉已提交，等待监管部门复核',
    }),
  );
}

// ------------------------------ supervisor / admin

function supervisorActions(ctx) {
  const r = ctx.review;
  const out = [
    h(
      'div',
      { class: 'card now-card' },
      h('p', { class: 'muted small' }, '单位当前环节'),
      h('p', { class: 'now-step' }, stepText(r)),
      r.deadline ? h('p', {}, countdown(r.endsAt), h('span', { class: 'muted small' }, ' 截止 ', timeEl(r.deadline))) : null,
    ),
  ];
  const ext = r.extensions.find((e) => !e.decision);
  if (ext)
    out.push(
      decisionForm(ctx, {
        id: 'ext-decision',
        title: '审批延期申请',
        path: 'extension/decision',
        intro: [`申请延期 ${ext.days} 个工作日：`, h('span', { class: 'prewrap' }, ext.reason)],
        yes: '批准延期',
        no: '不批准',
        done: (yes) => (yes ? '已批准延期' : '已不批准延期申请'),
      }),
    );
  if (r.appeal && !r.appeal.decision)
    out.push(
      decisionForm(ctx, {
        id: 'appeal-decision',
        title: '复核申诉',
        path: 'appeal/decision',
        intro: ['单位申诉：', h('span', { class: 'prewrap' }, r.appeal.reason)],
        yes: '申诉成立（评价作废）',
        no: '申诉不成立',
        confirmYes: '确认申诉成立？该评价将作废、不计入指标，整改流程结束。',
        done: (yes) => (yes ? '申诉成立，评价已作废' : '申诉不成立，单位继续整改'),
      }),
    );
  if (escalationsOf(r).some((e) => !e.outcome)) out.push(outcomeForm(ctx));
  out.push(manualTaskOrderForm(ctx));
  return out;
}

function decisionForm(ctx, { id, title, path, intro, yes, no, done, confirmYes }) {
  const r = ctx.review;
  const form = h(
    'form',
    { id: `${id}-form`, novalidate: true },
    textField({ id: `${id}-comment`, name: 'comment', label: '意见', max: 1000, rows: 2, required: false }),
    formError(),
    h(
      'div',
      { class: 'button-row' },
      h('button', { type: 'submit', class: 'btn primary', value: 'yes' }, yes),
      h('button', { type: 'submit', class: 'btn', value: 'no' }, no),
    ),
  );
  return section(
    `act-${id}`,
    title,
    null,
    h('p', { class: 'request' }, intro),
    wire(ctx, form, {
      check: (_f, submitter) => (submitter?.value === 'yes' && confirmYes && !window.confirm(confirmYes) ? [{ field: '', message: '已取消' }] : []),
      send: (f, submitter) => {
        const comment = f.elements.comment.value.trim();
        return api(`/bad-reviews/${enc(r.reviewId)}/${path}`, {
          method: 'POST',
          body: { approve: submitter?.value === 'yes', ...(comment ? { comment } : {}) },
        });
      },
      done: (_out, submitter) => done(submitter?.value === 'yes'),
    }),
  );
}

function manualTaskOrderForm(ctx) {
  const r = ctx.review;
  const form = h(
    'form',
    { id: 'task-order-form', novalidate: true },
    textField({ id: 'task-order-content', name: 'content', label: '交办内容', max: 1000, rows: 3, hint: '写明要求单位办理的事项' }),
    textField({
      id: 'task-order-days',
      name: 'days',
      label: '办理期限（工作日）',
      type: 'number',
      attrs: { min: 1, max: 30, step: 1, inputmode: 'numeric', value: '3', style: 'max-width:8em' },
      hint: '1–30 个工作日',
    }),
    formError(),
    h('button', { type: 'submit', class: 'btn' }, '下发任务交办单'),
  );
  return folded(
    'act-task-order',
    '手动下发任务交办单',
    '对推诿扯皮、不作为、慢作为的单位下发任务交办单，送达单位分管领导。',
    wire(ctx, form, {
      check: (f) => {
        const issues = required(f, 'content', '交办内容');
        const d = Number(f.elements.days.value);
        if (!Number.isInteger(d) || d < 1 || d > 30) issues.push({ field: 'days', message: '请填写 1–30 之间的整数' });
        return issues;
      },
      send: (f) =>
        api(`/bad-reviews/${enc(r.reviewId)}/task-orders`, {
          method: 'POST',
          body: { content: f.elements.content.value.trim(), days: Number(f.elements.days.value) },
        }),
      done: (out) => `已下发任务交办单 #${out.taskOrder?.n ?? ''}`,
    }),
  );
}

function outcomeForm(ctx) {
  const r = ctx.review;
  const all = escalationsOf(r);
  const esc = all.filter((e) => !e.outcome);
  const form = h(
    'form',
    { id: 'outcome-form', novalidate: true },
    // Only escalations still without an outcome, the newest first (the form goes once none is left).
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'outcome-n' }, '升级记录'),
      h(
        'select',
        { id: 'outcome-n', name: 'n', 'aria-describedby': 'outcome-n-err' },
        esc
          .slice()
          .reverse()
          .map((e) => h('option', { value: String(e.n) }, `#${e.n}${e.at ? ` · ${fmtSec(e.at)}` : ''}`)),
      ),
      h('p', { class: 'error', id: 'outcome-n-err' }),
    ),
    h(
      'fieldset',
      { class: 'field', id: 'outcome-kind', 'data-field': 'kind', 'aria-describedby': 'outcome-kind-err' },
      h('legend', {}, '处理结果', h('span', { class: 'req', 'aria-hidden': 'true' }, '*')),
      h(
        'div',
        { class: 'radio-row' },
        Object.entries(OUTCOME_KINDS).map(([k, label]) =>
          h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'kind', value: k, id: `outcome-kind-${k}` }), label),
        ),
      ),
      h('p', { class: 'error', id: 'outcome-kind-err' }),
    ),
    textField({ id: 'outcome-note', name: 'note', label: '说明', max: 1000, rows: 3, hint: '如约谈时间、对象，通报范围等' }),
    formError(),
    h('button', { type: 'submit', class: 'btn primary' }, '记录督办结果'),
  );
  return section(
    'act-outcome',
    '记录督办结果',
    '任务交办单逾期已升级督办，系统建议约谈并列入双周通报；请记录处理结果。',
    wire(ctx, form, {
      check: (f) => [
        ...(esc.some((e) => String(e.n) === f.elements.n.value) ? [] : [{ field: 'n', message: '请选择升级记录' }]),
        ...(f.querySelector('input[name=kind]:checked') ? [] : [{ field: 'kind', message: '请选择处理结果' }]),
        ...required(f, 'note', '说明'),
      ],
      send: (f) =>
        api(`/bad-reviews/${enc(r.reviewId)}/escalations/${Number(f.elements.n.value)}/outcome`, {
          method: 'POST',
          body: { kind: f.querySelector('input[name=kind]:checked').value, note: f.elements.note.value.trim() },
        }),
      done: (out) => `已记录督办结果：${OUTCOME_KINDS[out.escalation?.outcome?.kind] ?? ''}`,
    }),
  );
}

// ------------------------------ citizen

function citizenActions(ctx) {
  const r = ctx.review;
  const replies = r.replies ?? [];
  const out = [];
  if (isOpen(r) && r.step === 'visit' && !r.visits.some((v) => v.round === r.round)) {
    const form = h(
      'form',
      { id: 'visit-form', novalidate: true },
      replies.length
        ? h('div', { class: 'record reply' }, h('p', { class: 'muted small' }, '单位答复'), h('p', { class: 'prewrap' }, replies.at(-1).text))
        : null,
      textField({ id: 'visit-comment', name: 'comment', label: '补充意见', max: 500, rows: 2, required: false }),
      formError(),
      h(
        'div',
        { class: 'answer-row', role: 'group', 'aria-label': '回访评价' },
        h('button', { type: 'submit', class: 'btn answer a-satisfied', value: 'satisfied' }, '满意'),
        h('button', { type: 'submit', class: 'btn answer a-basic', value: 'basic' }, '基本满意'),
        h('button', { type: 'submit', class: 'btn answer a-dissatisfied', value: 'dissatisfied' }, '不满意'),
      ),
    );
    out.push(
      section(
        'act-visit',
        '回访：您对处理结果是否满意？',
        r.round === 1 ? '选择“不满意”将退回单位重新整改一次。' : '这是第二轮整改后的回访。',
        wire(ctx, form, {
          send: (f, submitter) => {
            const comment = f.elements.comment.value.trim();
            return api(`/bad-reviews/${enc(r.reviewId)}/visit`, { method: 'POST', body: { answer: submitter?.value, ...(comment ? { comment } : {}) } });
          },
          done: (_o, submitter) => `感谢您的回访：${VISIT_ANSWERS[submitter?.value] ?? ''}`,
        }),
      ),
    );
    if (r.deadline) out.push(h('p', { class: 'muted small' }, '请在 ', timeEl(r.deadline), ' 前答复，逾期未答复将自动办结。'));
  } else if (isOpen(r)) {
    out.push(
      section(
        'act-wait',
        '处理中',
        null,
        h('p', {}, `承办单位正在${STEP_NAMES[r.workStep] ?? '办理'}。`),
        r.deadline ? h('p', { class: 'muted small' }, '本环节截止 ', timeEl(r.deadline)) : null,
      ),
    );
  } else {
    out.push(
      section(
        'act-closed',
        r.status === 'voided' ? '已作废' : '已办结',
        null,
        h('p', {}, CLOSE_REASONS[r.closeReason] ?? STATUS_NAMES[r.status]),
        h('p', { class: 'muted small' }, '办结时间 ', timeEl(r.closedAt)),
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------- notifications bell

const bell = { sub: null, timer: null, items: [], unread: 0, open: false, root: null, announced: 0 };

/** Starts, restarts or stops the bell for the signed-in user (app.js calls it on every render). */
export function syncNotifications(session, mount) {
  const sub = session?.user?.id ?? session?.user?.sub ?? session?.user?.name ?? null;
  if (!session) {
    clearInterval(bell.timer);
    Object.assign(bell, { sub: null, timer: null, items: [], unread: 0, open: false });
    clear(mount);
    return;
  }
  if (bell.sub === sub && bell.root?.isConnected) return;
  clearInterval(bell.timer);
  Object.assign(bell, { sub, items: [], unread: 0, open: false, announced: 0, primed: false });
  bell.root = buildBell();
  clear(mount).append(bell.root);
  pollNotifications();
  bell.timer = setInterval(pollNotifications, 10_000);
}

function buildBell() {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'bell',
      id: 'notif-bell',
      'aria-haspopup': 'true',
      'aria-expanded': 'false',
      'aria-controls': 'notif-panel',
      onclick: () => toggleBell(!bell.open),
    },
    h(
      'svg:svg',
      { viewBox: '0 0 24 24', width: 22, height: 22, 'aria-hidden': 'true', focusable: 'false' },
      h('svg:path', {
        d: 'M12 3a6 6 0 0 0-6 6v3.6L4.3 15.5A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15a2.5 2.5 0 0 0 5 0',
        fill: 'none',
        stroke: 'currentColor',
        'stroke-width': 1.8,
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
      }),
    ),
    h('span', { class: 'bell-count', id: 'notif-count', 'aria-hidden': 'true', hidden: true }),
    h('span', { class: 'visually-hidden', id: 'notif-label' }, '通知'),
  );
  const panel = h(
    'div',
    {
      class: 'notif-panel',
      id: 'notif-panel',
      role: 'region',
      'aria-label': '通知列表',
      hidden: true,
      onkeydown: (ev) => {
        if (ev.key === 'Escape') {
          toggleBell(false);
          button.focus();
        }
      },
    },
    h(
      'div',
      { class: 'notif-head' },
      h('h2', {}, '通知'),
      h('button', { type: 'button', class: 'linkish small', id: 'notif-read-all', onclick: readAll }, '全部标为已读'),
    ),
    h('ul', { class: 'notif-list', id: 'notif-list' }),
  );
  const live = h('span', { class: 'visually-hidden', id: 'notif-live', 'aria-live': 'polite' });
  const root = h('div', { class: 'notif' }, button, panel, live);
  button.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && bell.open) toggleBell(false);
  });
  return root;
}

/** A click anywhere outside the open panel closes it. */
document.addEventListener('click', (ev) => {
  if (bell.open && bell.root && !bell.root.contains(ev.target)) toggleBell(false);
});

function toggleBell(open) {
  bell.open = open;
  const root = bell.root;
  if (!root) return;
  root.querySelector('#notif-bell').setAttribute('aria-expanded', String(open));
  root.querySelector('#notif-panel').hidden = !open;
  if (open) {
    drawBell();
    pollNotifications();
  }
}

async function pollNotifications() {
  if (!getSession()) return;
  try {
    const out = await api('/notifications', { query: { limit: 50 } });
    bell.items = out.items ?? [];
    bell.unread = out.unread ?? bell.items.filter((n) => !n.read).length;
    // New unread ones are announced once (not the backlog found at sign-in).
    if (bell.primed && bell.unread > bell.announced && bell.root)
      bell.root.querySelector('#notif-live').textContent = `有 ${bell.unread - bell.announced} 条新通知`;
    bell.announced = bell.unread;
    bell.primed = true;
    drawBell();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) clearInterval(bell.timer);
  }
}

function drawBell() {
  const root = bell.root;
  if (!root) return;
  const count = root.querySelector('#notif-count');
  count.hidden = !bell.unread;
  count.textContent = bell.unread > 99 ? '99+' : String(bell.unread);
  root.querySelector('#notif-label').textContent = bell.unread ? `通知，${bell.unread} 条未读` : '通知，没有未读';
  root.querySelector('#notif-read-all').disabled = !bell.unread;
  if (!bell.open) return;
  const list = root.querySelector('#notif-list');
  const focusedId = list.contains(document.activeElement) ? document.activeElement.dataset.id : undefined;
  clear(list).append(
    ...(bell.items.length
      ? bell.items.map((n) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: ['notif-item', !n.read && 'unread'],
                dataset: { id: n.id },
                onclick: () => openNotification(n),
              },
              h('span', { class: 'notif-title' }, n.read ? null : h('span', { class: 'visually-hidden' }, '未读：'), n.title),
              h('span', { class: 'notif-body' }, humanNote(n.body)),
              h('span', { class: 'notif-time' }, fmtSec(n.createdAt)),
            ),
          ),
        )
      : [h('li', { class: 'muted notif-empty' }, '暂无通知')]),
  );
  if (focusedId) list.querySelector(`[data-id="${CSS.escape(focusedId)}"]`)?.focus();
}

async function markRead(n) {
  if (n.read) return;
  try {
    await api(`/notifications/${enc(n.id)}/read`, { method: 'POST' });
    n.read = true;
    bell.unread = Math.max(0, bell.unread - 1);
    bell.announced = bell.unread;
  } catch {
    /* shown as unread again on the next poll */
  }
}

async function openNotification(n) {
  await markRead(n);
  drawBell();
  const role = getSession()?.user?.role;
  if (n.subject && ['staff', 'leader', 'supervisor', 'admin', 'citizen'].includes(role)) {
    toggleBell(false);
    H.go(reviewHref(n.subject));
  }
}

async function readAll() {
  for (const n of bell.items.filter((x) => !x.read)) await markRead(n);
  drawBell();
  bell.root?.querySelector('#notif-bell')?.focus();
}
