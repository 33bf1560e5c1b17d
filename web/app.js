// The workbench: demo sign-in, then a home per role.
//   citizen     → my ratings
//   staff/leader→ my unit's cases and ratings
//   supervisor  → pick a unit of the region, then its cases and ratings; calendar
//   admin       → catalog browser, printable QR sheet, cases/ratings of any unit, calendar
// Personal data is shown exactly as the API returns it (the API masks per role).
import {
  $,
  ApiError,
  CASE_STATUS,
  ID_TYPES,
  ROLE_NAMES,
  api,
  clear,
  clearSession,
  demoSignIn,
  fmtTime,
  getSession,
  h,
  levelBadge,
  ratingStatusBadge,
  shanghaiToday,
} from './common.js';
import {
  initBadReviews,
  leaveView,
  syncNotifications,
  viewInbox,
  viewMyBadReviews,
  viewNotices,
  viewReview,
  viewSupervision,
  viewTaskOrders,
} from './bad-reviews.js';

const app = $('#app');
const PAGE_SIZE = 20;

const NAV = {
  citizen: [
    ['my-ratings', '我的评价'],
    ['my-bad-reviews', '我的差评'],
  ],
  staff: [
    ['cases', '本单位办件'],
    ['ratings', '本单位评价'],
    ['bad-reviews', '差评待办'],
    ['task-orders', '任务交办单'],
    ['calendar', '工作日历'],
  ],
  leader: [
    ['cases', '本单位办件'],
    ['ratings', '本单位评价'],
    ['bad-reviews', '差评待办'],
    ['task-orders', '任务交办单'],
    ['calendar', '工作日历'],
  ],
  supervisor: [
    ['units', '办件与评价'],
    ['supervision', '督办'],
    ['task-orders', '任务交办单'],
    ['notices', '双周通报'],
    ['calendar', '工作日历'],
  ],
  admin: [
    ['catalog', '目录管理'],
    ['qr', '评价二维码'],
    ['units', '办件与评价'],
    ['supervision', '督办'],
    ['task-orders', '任务交办单'],
    ['notices', '双周通报'],
    ['calendar', '工作日历'],
  ],
};
/** Where a bad review's detail (#/review/…) belongs in the navigation. */
const REVIEW_HOME = { citizen: 'my-bad-reviews', staff: 'bad-reviews', leader: 'bad-reviews', supervisor: 'supervision', admin: 'supervision' };

// ---------------------------------------------------------------- small caches (catalog names)

const cache = new Map();
/** Every record of a catalog kind (as far as the caller may list), fetched once per page load. */
function catalogAll(kind, prefix) {
  const key = `${kind}|${prefix ?? ''}`;
  if (!cache.has(key)) {
    const p = (async () => {
      const all = [];
      let cursor;
      do {
        const page = await api(`/catalog/${kind}`, { query: { prefix, cursor, limit: 200 } });
        all.push(...page.items);
        cursor = page.next;
      } while (cursor && all.length < 2000);
      return all;
    })();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return cache.get(key);
}
const nameMap = async (kind, keyField, prefix) => {
  try {
    return new Map((await catalogAll(kind, prefix)).map((r) => [r[keyField], r.name]));
  } catch {
    return new Map();
  }
};

// ---------------------------------------------------------------- routing

function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(qs ?? '') };
}
const go = (hash) => {
  if (location.hash === hash) render();
  else location.hash = hash;
};

function render() {
  leaveView();
  const session = getSession();
  renderUserChip(session);
  syncNotifications(session, $('#notif-root'));
  if (!session) return renderSignIn();
  const role = session.user.role;
  const nav = NAV[role];
  if (!nav) {
    clear(app).append(h('div', { class: 'signin' }, h('p', { class: 'banner warn' }, `${ROLE_NAMES[role] ?? role}没有工作台界面，请切换身份。`)));
    return;
  }
  const { parts, query } = route();
  const section =
    parts[0] && (nav.some(([id]) => id === parts[0]) || (role !== 'citizen' && ['cases', 'ratings'].includes(parts[0])) || (parts[0] === 'review' && parts[1]))
      ? parts[0]
      : nav[0][0];
  const current =
    section === 'review'
      ? REVIEW_HOME[role]
      : section === 'cases' || section === 'ratings'
        ? role === 'supervisor' || role === 'admin'
          ? 'units'
          : section
        : section;
  const content = h('main', { class: 'content', id: 'content', tabindex: '-1' });
  clear(app).append(
    h(
      'div',
      { class: 'app-shell' },
      h(
        'nav',
        { class: 'sidenav', 'aria-label': '功能导航' },
        h('h2', {}, '功能'),
        nav.map(([id, label]) => h('a', { href: `#/${id}`, 'aria-current': id === current ? 'page' : false }, label)),
        role === 'citizen' ? h('a', { href: 'rate.html' }, '去评价') : null,
      ),
      content,
    ),
  );
  const views = {
    'my-ratings': () => viewMyRatings(content),
    cases: () => viewUnit(content, 'cases', session, query.get('unit')),
    ratings: () => viewUnit(content, 'ratings', session, query.get('unit')),
    units: () => viewUnitPicker(content),
    catalog: () => viewCatalog(content, parts[1] ?? 'regions', query),
    qr: () => viewQr(content, parts[1]),
    calendar: () => viewCalendar(content, Number(parts[1]) || Number(shanghaiToday().slice(0, 4))),
    'bad-reviews': () => viewInbox(content, session, query),
    'task-orders': () => viewTaskOrders(content, session, query),
    supervision: () => viewSupervision(content, session, query),
    notices: () => viewNotices(content, session, query),
    'my-bad-reviews': () => viewMyBadReviews(content, session),
    review: () => viewReview(content, session, parts[1]),
  };
  views[section]();
}

function renderUserChip(session) {
  const chip = clear($('#userchip'));
  if (!session) return;
  const u = session.user;
  chip.append(
    h('span', { class: 'name' }, u.name ?? u.label),
    h('span', { class: 'role', id: 'current-role' }, ROLE_NAMES[u.role] ?? u.role),
    h(
      'button',
      {
        type: 'button',
        class: 'btn small ghost',
        onclick: () => {
          clearSession();
          cache.clear();
          go('#/');
        },
      },
      '退出',
    ),
  );
}

// ---------------------------------------------------------------- sign-in

async function renderSignIn() {
  const list = h('div', { class: 'user-grid', id: 'demo-users' }, h('p', { class: 'loading' }, '正在加载演示身份…'));
  clear(app).append(
    h(
      'main',
      { class: 'signin', id: 'content' },
      h(
        'div',
        { class: 'hero' },
        h('h1', {}, '选择演示身份登录'),
        h('p', { class: 'muted' }, '本地演示环境：选择一个角色进入工作台。各角色看到的个人信息由服务端按权限脱敏。'),
      ),
      list,
      h(
        'p',
        { class: 'banner info', style: 'margin-top:20px' },
        '市民扫码评价请打开评价页，例如 ',
        h('a', { href: 'rate.html?venue=V-CITY&window=W01' }, '市政务服务中心 1 号窗口'),
        '。',
      ),
    ),
  );
  try {
    const users = await api('/auth/demo-users', { auth: false });
    const people = (Array.isArray(users) ? users : Object.values(users).filter((u) => u && typeof u === 'object' && u.id)).filter((u) => u.role !== 'client');
    clear(list).append(
      ...people.map((u) =>
        h(
          'button',
          { type: 'button', class: 'user-card', dataset: { user: u.id }, onclick: (ev) => signInAs(ev, u.id) },
          h('span', { class: 'avatar', 'aria-hidden': 'true' }, Array.from(u.label.split(' ').pop() ?? '用')[0]),
          h('span', {}, h('span', { class: 'role' }, ROLE_NAMES[u.role] ?? u.role), h('br'), h('span', { class: 'label' }, u.label)),
        ),
      ),
    );
  } catch (e) {
    clear(list).append(h('p', { class: 'banner warn' }, `当前环境未开启演示登录（${e.message}）`));
  }
}

async function signInAs(ev, id) {
  const btn = ev.currentTarget;
  btn.disabled = true;
  try {
    await demoSignIn(id);
    cache.clear();
    go('#/');
  } catch (e) {
    btn.disabled = false;
    btn.after(h('p', { class: 'error', role: 'alert' }, `登录失败：${e.message}`));
  }
}

// ---------------------------------------------------------------- building blocks

function pageHead(title, sub, ...actions) {
  return h(
    'div',
    { class: 'page-head' },
    h('div', {}, h('h1', {}, title), sub ? h('p', { class: 'sub' }, sub) : null),
    actions.length ? h('div', { class: 'actions' }, actions) : null,
  );
}

function errorBox(e) {
  if (e instanceof ApiError && e.status === 401) {
    clearSession();
    return h(
      'p',
      { class: 'banner error', role: 'alert' },
      '登录已失效，',
      h('button', { type: 'button', class: 'linkish', onclick: () => go('#/') }, '请重新登录'),
      '。',
    );
  }
  return h('p', { class: 'banner error', role: 'alert' }, e.message ?? '加载失败');
}

/**
 * A table over a cursor-paged list (`{items, next}`): previous/next keep a stack of cursors.
 * columns: [{ head, cell(item) → node|string, class? }]
 */
function pagedTable({ id, caption, columns, load, rowClass, empty = '暂无数据' }) {
  const wrap = h('div', { class: 'table-wrap' });
  const cursors = [undefined];
  let page = 0;
  async function show() {
    clear(wrap).append(h('p', { class: 'loading' }, '正在加载…'));
    let out;
    try {
      out = await load(cursors[page], PAGE_SIZE);
    } catch (e) {
      clear(wrap).append(errorBox(e));
      return;
    }
    cursors.length = page + 1;
    if (out.next) cursors.push(out.next);
    const table = h(
      'table',
      { class: 'data', id },
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c.head)),
        ),
      ),
      h(
        'tbody',
        {},
        out.items.length
          ? out.items.map((item) =>
              h(
                'tr',
                { class: rowClass?.(item) },
                columns.map((c) => h('td', { class: c.class }, c.cell(item) ?? '—')),
              ),
            )
          : h('tr', {}, h('td', { class: 'empty', colspan: columns.length }, page ? '没有更多了' : empty)),
      ),
    );
    const pager = h(
      'div',
      { class: 'pager' },
      h('span', {}, `第 ${page + 1} 页 · 本页 ${out.items.length} 条`),
      h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          disabled: page === 0,
          onclick: () => {
            page--;
            show();
          },
        },
        '上一页',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn small',
          disabled: !out.next,
          'data-next': '',
          onclick: () => {
            page++;
            show();
          },
        },
        '下一页',
      ),
    );
    clear(wrap).append(table, pager);
  }
  show();
  return wrap;
}

const _person = (p) => (p ? [p.name, h('br'), h('span', { class: 'mono muted' }, p.idNumber)] : '—');
const tagsCell = (r) => (r.tags?.length ? r.tags.map((t) => h('span', { class: 'tag' }, t)) : '—');
const raterCell = (r) => {
  if (r.channel === 'default') return h('span', { class: 'muted' }, '—');
  if (r.anonymous) return h('span', { class: 'muted' }, '匿名');
  if (r.rater)
    return [
      r.rater.name,
      h('br'),
      h('span', { class: 'mono muted' }, r.rater.idNumber),
      r.rater.phone ? [h('br'), h('span', { class: 'mono muted' }, r.rater.phone)] : null,
    ];
  return h('span', { class: 'muted', title: '登录市民提交的实名评价，联系方式见办件申请人' }, '实名（登录市民）');
};
const caseLink = (n) => h('button', { type: 'button', class: 'linkish mono', onclick: () => openCase(n) }, n);
/** Level, 追评, and 默认好评 / 已作废 where the rating is one (common.js ratingStatus). */
const levelCell = (r) => {
  const status = ratingStatusBadge(r);
  return [levelBadge(r.level, r.levelName), r.assessNumber === 2 ? h('span', { class: 'muted small' }, ' 追评') : null, status ? [' ', status] : null];
};
const channelCell = (r) => (r.channel === 'default' ? h('span', { class: 'muted' }, r.channelName) : (r.channelName ?? r.channel));

const RATING_COLUMNS = [
  { head: '办件编号', cell: (r) => caseLink(r.caseNumber) },
  { head: '评价', cell: levelCell, class: 'nowrap' },
  { head: '渠道', cell: channelCell, class: 'nowrap' },
  { head: '差评原因', cell: tagsCell },
  { head: '文字评价', cell: (r) => r.text, class: 'text' },
  { head: '评价人', cell: raterCell },
  { head: '窗口', cell: (r) => (r.windowId ? `${r.venueId ?? ''} ${r.windowId}` : r.venueId), class: 'nowrap mono' },
  { head: '评价时间', cell: (r) => fmtTime(r.ratedAt), class: 'nowrap' },
];

// ---------------------------------------------------------------- case detail

async function openCase(caseNumber) {
  const dlg = $('#case-dialog');
  const body = clear($('#case-dialog-body'));
  $('#case-dialog-title').textContent = `办件 ${caseNumber}`;
  body.append(h('p', { class: 'loading' }, '正在加载…'));
  if (!dlg.open) dlg.showModal();
  try {
    const c = await api(`/cases/${encodeURIComponent(caseNumber)}`);
    const a = c.applicant ?? {};
    clear(body).append(
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, '事项'),
        h('dd', {}, c.itemName, ' ', h('span', { class: 'mono muted' }, c.itemCode)),
        h('dt', {}, '承办单位'),
        h('dd', { class: 'mono' }, c.unitId),
        h('dt', {}, '场所/窗口'),
        h('dd', { class: 'mono' }, [c.venueId, c.windowId].filter(Boolean).join(' / ') || '—'),
        h('dt', {}, '申请人'),
        h('dd', {}, a.name ?? '—', c.applicantKind === 'entity' ? '（法人）' : ''),
        h('dt', {}, ID_TYPES[a.idType] ?? '证件号码'),
        h('dd', { class: 'mono' }, a.idNumber ?? '—'),
        h('dt', {}, '联系电话'),
        h('dd', { class: 'mono' }, a.phone ?? '—'),
        h('dt', {}, '状态'),
        h('dd', {}, h('span', { class: `badge status-${c.status}` }, CASE_STATUS[c.status] ?? c.status)),
        h('dt', {}, '受理时间'),
        h('dd', {}, fmtTime(c.acceptedAt)),
        h('dt', {}, '办结时间'),
        h('dd', {}, fmtTime(c.completedAt)),
        c.defaultRatingDueAt ? [h('dt', {}, '默认好评时间'), h('dd', {}, fmtTime(c.defaultRatingDueAt))] : null,
      ),
      h('h3', {}, `评价（${c.ratings?.length ?? 0}）`),
      c.ratings?.length
        ? h(
            'div',
            { class: 'stack' },
            c.ratings.map((r) =>
              h(
                'div',
                { class: ['rating-card', r.bad && 'bad'] },
                h('p', {}, levelCell(r), ' · ', channelCell(r), ' · ', fmtTime(r.ratedAt), r.anonymous ? ' · 匿名' : ''),
                r.tags?.length ? h('p', { style: 'margin-top:6px' }, tagsCell(r)) : null,
                r.text ? h('p', { style: 'margin-top:6px' }, r.text) : null,
                r.rater
                  ? h(
                      'p',
                      { class: 'muted small', style: 'margin-top:6px' },
                      `评价人：${r.rater.name} ${r.rater.idNumber}${r.rater.phone ? ` ${r.rater.phone}` : ''}`,
                    )
                  : null,
              ),
            ),
          )
        : h('p', { class: 'muted' }, '尚未评价'),
    );
  } catch (e) {
    clear(body).append(errorBox(e));
  }
}
$('#case-dialog-close').addEventListener('click', () => $('#case-dialog').close());
$('#case-dialog').addEventListener('click', (ev) => {
  if (ev.target === ev.currentTarget) ev.currentTarget.close();
});

// ---------------------------------------------------------------- citizen

function viewMyRatings(root) {
  root.append(
    pageHead('我的评价', '您以实名方式提交的评价（匿名评价不关联身份，不在此列出）', h('a', { class: 'btn primary', href: 'rate.html' }, '去评价')),
    pagedTable({
      id: 'my-ratings-table',
      caption: '我的评价',
      load: (cursor, limit) => api('/ratings', { query: { cursor, limit } }),
      rowClass: (r) => (r.bad ? 'bad' : undefined),
      empty: '您还没有评价记录',
      columns: [
        { head: '办件编号', cell: (r) => caseLink(r.caseNumber) },
        { head: '事项编码', cell: (r) => r.itemCode, class: 'mono nowrap' },
        { head: '评价', cell: levelCell, class: 'nowrap' },
        { head: '渠道', cell: channelCell, class: 'nowrap' },
        { head: '原因', cell: tagsCell },
        { head: '文字评价', cell: (r) => r.text, class: 'text' },
        { head: '评价人', cell: raterCell },
        { head: '评价时间', cell: (r) => fmtTime(r.ratedAt), class: 'nowrap' },
      ],
    }),
  );
}

// ---------------------------------------------------------------- unit cases / ratings

async function viewUnit(root, tab, session, unitParam) {
  const role = session.user.role;
  const picks = role === 'supervisor' || role === 'admin';
  const unitId = picks ? unitParam : session.user.unit_id;
  if (!unitId) return go('#/units');
  const q = picks ? `?unit=${encodeURIComponent(unitId)}` : '';
  const title = h('h1', {}, '本单位办件与评价');
  const sub = h('p', { class: 'sub mono' }, unitId);
  const head = h('div', { class: 'page-head' }, h('div', {}, title, sub));
  root.append(head);
  if (picks) {
    const select = h(
      'select',
      { id: 'unit-switch', 'aria-label': '切换单位', onchange: (ev) => go(`#/${tab}?unit=${encodeURIComponent(ev.target.value)}`) },
      h('option', { value: unitId }, unitId),
    );
    head.append(h('div', { class: 'actions' }, h('a', { class: 'btn small', href: '#/units' }, '全部单位'), select));
    catalogAll('units')
      .then((units) => {
        clear(select).append(...units.map((u) => h('option', { value: u.unitId, selected: u.unitId === unitId }, `${u.name}（${u.unitId}）`)));
      })
      .catch(() => undefined);
  }
  api(`/catalog/units/${encodeURIComponent(unitId)}`)
    .then((u) => {
      title.textContent = picks ? u.name : `${u.name} · 办件与评价`;
    })
    .catch(() => undefined);

  root.append(
    h(
      'div',
      { class: 'tabs', role: 'navigation', 'aria-label': '办件与评价' },
      h('a', { href: `#/cases${q}`, 'aria-current': tab === 'cases' ? 'page' : false }, '办件'),
      h('a', { href: `#/ratings${q}`, 'aria-current': tab === 'ratings' ? 'page' : false }, '评价'),
    ),
  );

  const query = (cursor, limit) => ({ cursor, limit, ...(picks ? { unitId } : {}) });
  if (tab === 'cases') {
    root.append(
      pagedTable({
        id: 'cases-table',
        caption: '办件列表',
        load: (cursor, limit) => api('/cases', { query: query(cursor, limit) }),
        empty: '暂无办件',
        columns: [
          { head: '办件编号', cell: (c) => caseLink(c.caseNumber) },
          { head: '事项', cell: (c) => c.itemName ?? c.itemCode, class: 'item' },
          { head: '申请人', cell: (c) => c.applicant?.name },
          { head: '证件号码', cell: (c) => h('span', { class: 'mono' }, c.applicant?.idNumber ?? '—'), class: 'nowrap id-number' },
          { head: '联系电话', cell: (c) => h('span', { class: 'mono' }, c.applicant?.phone ?? '—'), class: 'nowrap' },
          { head: '窗口', cell: (c) => c.windowId, class: 'mono nowrap' },
          { head: '状态', cell: (c) => h('span', { class: `badge status-${c.status}` }, CASE_STATUS[c.status] ?? c.status) },
          { head: '受理时间', cell: (c) => fmtTime(c.acceptedAt), class: 'nowrap' },
          { head: '办结时间', cell: (c) => fmtTime(c.completedAt), class: 'nowrap' },
          { head: '评价', cell: (c) => (c.ratingCount ? `${c.ratingCount} 次` : h('span', { class: 'muted' }, '未评价')), class: 'nowrap' },
        ],
      }),
    );
  } else {
    root.append(
      h(
        'p',
        { class: 'legend-inline', style: 'margin-bottom:8px' },
        h('span', { class: 'swatch', 'aria-hidden': 'true' }),
        '差评（不满意、非常不满意）以红色标出',
      ),
      pagedTable({
        id: 'ratings-table',
        caption: '评价列表',
        load: (cursor, limit) => api('/ratings', { query: query(cursor, limit) }),
        rowClass: (r) => (r.bad ? 'bad' : undefined),
        empty: '暂无评价',
        columns: RATING_COLUMNS,
      }),
    );
  }
}

async function viewUnitPicker(root) {
  const session = getSession();
  const filter = h('input', { type: 'search', id: 'unit-filter', placeholder: '按名称或编号筛选', 'aria-label': '筛选单位' });
  const list = h('div', { class: 'table-wrap' }, h('p', { class: 'loading' }, '正在加载单位…'));
  root.append(
    pageHead('选择单位', session.user.role === 'supervisor' ? '本辖区的单位；选择后查看其办件与评价' : '选择单位查看其办件与评价'),
    h('div', { class: 'toolbar' }, h('div', { class: 'field' }, filter)),
    list,
  );
  try {
    const [units, regions] = await Promise.all([catalogAll('units'), nameMap('regions', 'code')]);
    const draw = () => {
      const f = filter.value.trim().toLowerCase();
      const shown = units.filter((u) => !f || u.name.toLowerCase().includes(f) || u.unitId.toLowerCase().includes(f));
      clear(list).append(
        h(
          'table',
          { class: 'data', id: 'units-table' },
          h('caption', { class: 'visually-hidden' }, '单位'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['单位', '编号', '行政区划', ''].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            shown.length
              ? shown.map((u) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, h('a', { href: `#/cases?unit=${encodeURIComponent(u.unitId)}` }, u.name)),
                    h('td', { class: 'mono' }, u.unitId),
                    h('td', {}, regions.get(u.regionCode) ?? '', ' ', h('span', { class: 'mono muted' }, u.regionCode)),
                    h(
                      'td',
                      { class: 'nowrap' },
                      h('a', { class: 'btn small', href: `#/cases?unit=${encodeURIComponent(u.unitId)}` }, '办件'),
                      ' ',
                      h('a', { class: 'btn small', href: `#/ratings?unit=${encodeURIComponent(u.unitId)}` }, '评价'),
                    ),
                  ),
                )
              : h('tr', {}, h('td', { class: 'empty', colspan: 4 }, '没有匹配的单位')),
          ),
        ),
      );
    };
    filter.addEventListener('input', draw);
    draw();
  } catch (e) {
    clear(list).append(errorBox(e));
  }
}

// ---------------------------------------------------------------- admin: catalog

const REGION_LEVELS = { province: '省', city: '市', county: '县（市、区）', township: '乡镇（街道）', village: '村（社区）' };
const VENUE_KINDS = { hall: '政务服务大厅', township: '便民服务中心', village: '便民服务站' };
const DEVICE_KINDS = { pad: '评价器', terminal: '自助终端' };
const CATALOG = {
  regions: {
    label: '行政区划',
    filter: '区划代码前缀',
    example: '如 410421',
    toPrefix: (v) => v,
    columns: [
      { head: '代码', cell: (r) => r.code, class: 'mono' },
      { head: '名称', cell: (r) => r.name },
      { head: '级别', cell: (r) => REGION_LEVELS[r.level] ?? r.level },
      { head: '上级', cell: (r) => r.parentCode, class: 'mono' },
      { head: '常住人口', cell: (r) => (r.population ? r.population.toLocaleString('zh-CN') : '—') },
    ],
  },
  units: {
    label: '单位',
    filter: '区划代码前缀',
    example: '如 410421',
    toPrefix: (v) => v,
    columns: [
      { head: '编号', cell: (r) => r.unitId, class: 'mono' },
      { head: '名称', cell: (r) => r.name },
      { head: '行政区划', cell: (r) => r.regionCode, class: 'mono' },
    ],
  },
  venues: {
    label: '场所',
    filter: '区划代码前缀',
    example: '如 410421',
    toPrefix: (v) => v,
    columns: [
      { head: '编号', cell: (r) => r.venueId, class: 'mono' },
      { head: '名称', cell: (r) => r.name },
      { head: '类型', cell: (r) => VENUE_KINDS[r.kind] ?? r.kind },
      { head: '行政区划', cell: (r) => r.regionCode, class: 'mono' },
      { head: '地址', cell: (r) => r.address },
      { head: '', cell: (r) => h('a', { class: 'btn small', href: `#/qr/${encodeURIComponent(r.venueId)}` }, '二维码') },
    ],
  },
  windows: {
    label: '窗口',
    filter: '场所编号',
    example: '如 V-CITY',
    toPrefix: (v) => `${v}#`,
    columns: [
      { head: '场所', cell: (r) => r.venueId, class: 'mono' },
      { head: '窗口', cell: (r) => r.windowId, class: 'mono' },
      { head: '名称', cell: (r) => r.name },
      { head: '单位', cell: (r) => r.unitId, class: 'mono' },
      {
        head: '评价设备',
        cell: (r) => (r.device ? `${DEVICE_KINDS[r.device.kind] ?? r.device.kind} ${r.device.deviceId}` : h('span', { class: 'muted' }, '无')),
      },
    ],
  },
  items: {
    label: '事项',
    filter: '单位编号',
    example: '如 U-SCJG',
    toPrefix: (v) => `${v}#`,
    columns: [
      { head: '事项编码', cell: (r) => r.itemCode, class: 'mono nowrap' },
      { head: '名称', cell: (r) => r.name },
      { head: '单位', cell: (r) => r.unitId, class: 'mono' },
      { head: '类型', cell: (r) => (r.type === 1 ? '即办件' : '承诺件') },
      { head: '承诺时限', cell: (r) => `${r.promisedDays} 个工作日`, class: 'nowrap' },
      { head: '法定时限', cell: (r) => `${r.legalDays} 个工作日`, class: 'nowrap' },
    ],
  },
};

function viewCatalog(root, kind, query) {
  const def = CATALOG[kind] ?? CATALOG.regions;
  if (!CATALOG[kind]) kind = 'regions';
  const value = query.get('q') ?? '';
  const input = h('input', { type: 'search', id: 'catalog-filter', name: 'q', value, placeholder: def.example, 'aria-describedby': 'catalog-filter-hint' });
  root.append(
    pageHead('目录管理', '行政区划、单位、场所、窗口和事项（只读浏览；修改请使用目录接口或 CSV 导入）'),
    h(
      'div',
      { class: 'tabs', role: 'navigation', 'aria-label': '目录类型' },
      Object.entries(CATALOG).map(([k, d]) => h('a', { href: `#/catalog/${k}`, 'aria-current': k === kind ? 'page' : false }, d.label)),
    ),
    h(
      'form',
      {
        class: 'toolbar',
        onsubmit: (ev) => {
          ev.preventDefault();
          const v = input.value.trim();
          go(`#/catalog/${kind}${v ? `?q=${encodeURIComponent(v)}` : ''}`);
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'catalog-filter' }, `按${def.filter}筛选`), input),
      h('button', { type: 'submit', class: 'btn' }, '筛选'),
      value ? h('a', { class: 'btn ghost', href: `#/catalog/${kind}` }, '清除') : null,
      h('p', { class: 'hint', id: 'catalog-filter-hint' }, `按${def.filter}开头匹配，${def.example}`),
    ),
    pagedTable({
      id: `catalog-${kind}`,
      caption: def.label,
      columns: def.columns,
      load: (cursor, limit) => api(`/catalog/${kind}`, { query: { cursor, limit, prefix: value ? def.toPrefix(value) : undefined } }),
    }),
  );
}

// ---------------------------------------------------------------- admin: QR sheet

async function viewQr(root, venueId) {
  const select = h(
    'select',
    { id: 'qr-venue', onchange: (ev) => go(`#/qr/${encodeURIComponent(ev.target.value)}`) },
    h('option', { value: '' }, '请选择场所…'),
  );
  const sheet = h('div', { class: 'stack' });
  root.append(
    pageHead(
      '评价二维码',
      '选择场所，打印其所有窗口的评价二维码，张贴在窗口处',
      h('button', { type: 'button', class: 'btn primary', id: 'print-qr', disabled: !venueId, onclick: () => window.print() }, '打印'),
    ),
    h('div', { class: 'toolbar' }, h('div', { class: 'field' }, h('label', { for: 'qr-venue' }, '场所'), select)),
    sheet,
  );
  catalogAll('venues')
    .then((venues) => {
      select.append(...venues.map((v) => h('option', { value: v.venueId, selected: v.venueId === venueId }, `${v.name}（${v.venueId}）`)));
    })
    .catch((e) => sheet.prepend(errorBox(e)));
  if (!venueId) {
    sheet.append(h('p', { class: 'muted' }, '请选择一个场所。'));
    return;
  }
  sheet.append(h('p', { class: 'loading' }, '正在加载窗口…'));
  try {
    const [place, windows, units] = await Promise.all([
      api(`/places/${encodeURIComponent(venueId)}`, { auth: false }),
      catalogAll('windows', `${venueId}#`),
      nameMap('units', 'unitId'),
    ]);
    const venueName = place.venue.name;
    const qr = (w) => `/places/${encodeURIComponent(venueId)}/qr?${w ? `window=${encodeURIComponent(w)}&` : ''}format=svg`;
    const rate = (w) => `rate.html?venue=${encodeURIComponent(venueId)}${w ? `&window=${encodeURIComponent(w)}` : ''}`;
    const card = (w) =>
      h(
        'figure',
        { class: ['qr-card', !w && 'venue-card'], style: 'margin:0' },
        h('div', { class: 'venue' }, venueName),
        h('div', { class: 'wname' }, w ? w.name : '场所评价码'),
        w?.unitId ? h('div', { class: 'unit' }, units.get(w.unitId) ?? w.unitId) : h('div', { class: 'unit' }, w ? '综合窗口' : '适用于本场所所有窗口'),
        h('img', { src: qr(w?.windowId), alt: `${venueName}${w ? ` ${w.name}` : ''}评价二维码`, width: 180, height: 180, decoding: 'async' }),
        h('figcaption', { class: 'cta' }, '扫码评价 · 好差评'),
        h('a', { class: 'open-link small no-print', href: rate(w?.windowId), target: '_blank', rel: 'noopener' }, '打开评价页'),
      );
    clear(sheet).append(
      h('div', { class: 'print-title' }, h('h1', {}, `${venueName} 评价二维码`), h('p', {}, `共 ${windows.length} 个窗口 · 打印日期 ${shanghaiToday()}`)),
      h('p', { class: 'muted no-print' }, `${venueName} · ${windows.length} 个窗口。点击“打印”输出 A4 纸（每行 3 个），裁切后张贴在对应窗口。`),
      h(
        'div',
        { class: 'qr-grid', id: 'qr-grid' },
        card(null),
        windows.map((w) => card(w)),
      ),
    );
  } catch (e) {
    clear(sheet).append(errorBox(e));
  }
}

// ---------------------------------------------------------------- calendar

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];
const dayKey = (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

async function viewCalendar(root, year) {
  const thisYear = Number(shanghaiToday().slice(0, 4));
  const years = [];
  for (let y = Math.min(year, thisYear - 2); y <= Math.max(year, thisYear + 2); y++) years.push(y);
  const select = h(
    'select',
    { id: 'cal-year', 'aria-label': '年份', onchange: (ev) => go(`#/calendar/${ev.target.value}`) },
    years.map((y) => h('option', { value: y, selected: y === year }, `${y} 年`)),
  );
  const body = h('div', {}, h('p', { class: 'loading' }, '正在加载日历…'));
  root.append(
    pageHead(
      '工作日历',
      '法定节假日与调休安排；所有办理时限按工作日计算（北京时间）',
      h('a', { class: 'btn small', href: `#/calendar/${year - 1}`, 'aria-label': '上一年' }, '‹ 上一年'),
      select,
      h('a', { class: 'btn small', href: `#/calendar/${year + 1}`, 'aria-label': '下一年' }, '下一年 ›'),
    ),
    body,
  );
  try {
    const cal = await api('/calendar', { query: { year } });
    const byDate = new Map(cal.days.map((d) => [d.date, d]));
    const today = shanghaiToday();
    const out = [];
    if (cal.warning) out.push(h('p', { class: 'banner warn', role: 'alert', id: 'calendar-warning', style: 'margin-bottom:12px' }, '⚠ ', cal.warning));
    if (!cal.covered)
      out.push(
        h('p', { class: 'banner info', style: 'margin-bottom:12px' }, `${cal.year} 年尚未配置节假日数据：在录入国务院放假安排之前，只按周末计算工作日。`),
      );
    out.push(
      h(
        'div',
        { class: 'cal-legend' },
        h('span', {}, h('i', { class: 'holiday' }), '休：法定节假日'),
        h('span', {}, h('i', { class: 'workday' }), '班：调休上班'),
        h('span', {}, h('i', { class: 'override' }), '管理员修订'),
      ),
    );
    const months = h('div', { class: 'months' });
    for (let m = 1; m <= 12; m++) {
      const first = new Date(Date.UTC(cal.year, m - 1, 1));
      const days = new Date(Date.UTC(cal.year, m, 0)).getUTCDate();
      const lead = (first.getUTCDay() + 6) % 7;
      const cells = [];
      for (let i = 0; i < lead; i++) cells.push(h('td'));
      for (let d = 1; d <= days; d++) {
        const key = dayKey(cal.year, m, d);
        const special = byDate.get(key);
        const weekend = (lead + d - 1) % 7 >= 5;
        const label = special ? (special.kind === 'holiday' ? '法定节假日' : '调休上班') : weekend ? '周末' : '工作日';
        cells.push(
          h(
            'td',
            {},
            h(
              'span',
              {
                class: ['day', weekend && 'weekend', special?.kind, special?.source === 'override' && 'override', key === today && 'today'],
                title: `${key} ${label}${special?.name ? `（${special.name}）` : ''}${special?.source === 'override' ? ' · 管理员修订' : ''}`,
                dataset: { date: key },
              },
              d,
              special ? h('sup', { 'aria-hidden': 'true' }, special.kind === 'holiday' ? '休' : '班') : null,
              special ? h('span', { class: 'visually-hidden' }, label) : null,
            ),
          ),
        );
      }
      const rows = [];
      for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', {}, cells.slice(i, i + 7)));
      months.append(
        h(
          'section',
          { class: 'month', 'aria-label': `${m}月` },
          h('h3', {}, `${m} 月`),
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                WEEK.map((w) => h('th', { scope: 'col' }, w)),
              ),
            ),
            h('tbody', {}, rows),
          ),
        ),
      );
    }
    out.push(months);
    out.push(summary(cal, byDate));
    clear(body).append(...out);
  } catch (e) {
    clear(body).append(errorBox(e));
  }
}

/** Holiday periods (weekday holidays joined with the weekends around them) and make-up working days. */
function summary(cal, byDate) {
  const periods = [];
  let run = null;
  for (let d = new Date(Date.UTC(cal.year, 0, 1)); d.getUTCFullYear() === cal.year; d.setUTCDate(d.getUTCDate() + 1)) {
    const key = d.toISOString().slice(0, 10);
    const s = byDate.get(key);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const off = s ? s.kind === 'holiday' : weekend;
    if (off) {
      run ??= { from: key, to: key, days: 0, holidays: 0, names: new Set() };
      run.to = key;
      run.days++;
      if (s?.kind === 'holiday') run.holidays++;
      if (s?.name) run.names.add(s.name);
    } else if (run) {
      if (run.holidays) periods.push(run);
      run = null;
    }
  }
  if (run?.holidays) periods.push(run);
  const md = (k) => `${Number(k.slice(5, 7))}月${Number(k.slice(8))}日`;
  const workdays = cal.days.filter((d) => d.kind === 'workday');
  const overrides = (cal.overrides ?? []).filter((o) => o.date.startsWith(`${cal.year}-`));
  return h(
    'div',
    { class: 'cal-summary' },
    h(
      'section',
      { class: 'card' },
      h('h3', {}, '放假安排'),
      periods.length
        ? h(
            'ul',
            {},
            periods.map((p) =>
              h('li', {}, `${md(p.from)}${p.from === p.to ? '' : ` — ${md(p.to)}`}，共 ${p.days} 天`, p.names.size ? `（${[...p.names].join('、')}）` : ''),
            ),
          )
        : h('p', { class: 'muted' }, '无'),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, '调休上班'),
      workdays.length
        ? h(
            'ul',
            {},
            workdays.map((d) => h('li', {}, `${md(d.date)}（周${WEEK[(new Date(`${d.date}T00:00:00Z`).getUTCDay() + 6) % 7]}）`, d.name ? ` ${d.name}` : '')),
          )
        : h('p', { class: 'muted' }, '无'),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, '管理员修订'),
      overrides.length
        ? h(
            'ul',
            {},
            overrides.map((o) => h('li', {}, `${o.date} ${o.kind === 'holiday' ? '放假' : '上班'}`, o.name ? `（${o.name}）` : '')),
          )
        : h('p', { class: 'muted' }, '无'),
    ),
  );
}

// ---------------------------------------------------------------- start

initBadReviews({
  pageHead,
  errorBox,
  go,
  openCase,
  levelCell,
  tagsCell,
  channelCell,
  raterCell,
  unitNames: () => nameMap('units', 'unitId'),
});
window.addEventListener('hashchange', render);
render();
