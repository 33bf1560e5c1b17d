import { chineseDate, shanghaiTime, STEP_NAMES } from '../format.js';

/**
 * What the printed 任务交办单 says, built from the case's detail answer (GET /bad-reviews/{id}
 * or GET /complaints/{id}) and catalog names. Only what the form needs: the case, the item,
 * the bad review or the complaint in short — never the rater's or complainant's name, phone
 * or ID number.
 */
export interface Sheet {
  number: string;
  issuer: string;
  unit: string;
  /** 交办事由, line by line. */
  matter: { label: string; text: string }[];
  requirement: string;
  deadline: string;
  issuedBy: string;
  issuedOn: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  result: string;
  completedAt: string;
  kindName: string;
}

export interface Names {
  unit?: string;
  item?: string;
  region?: string;
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (x && typeof x === 'object' ? (x as Obj) : {});
const text = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '');
const KINDS: Record<string, string> = { consultation: '咨询', complaint: '投诉', suggestion: '建议', help: '求助' };
/** Free text from a citizen is summarised, not reproduced in full. */
const summary = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** The timeline entry of an action on order `n` (`签收任务交办单 #2`), for who did it. */
const actorOf = (detail: Obj, action: string) => {
  const entries = Array.isArray(detail.timeline) ? detail.timeline.map(obj) : [];
  const e = entries.find((x) => x.action === action);
  return e && e.actor !== 'system' ? text(e.actor) : '';
};

/** The task order `n` of a case detail, or undefined when the case has none with that number. */
export function orderOf(detail: unknown, n: number): Obj | undefined {
  const orders = obj(detail).taskOrders;
  return Array.isArray(orders) ? orders.map(obj).find((t) => t.n === n) : undefined;
}

export function sheetOf(source: 'bad-reviews' | 'complaints', detail: unknown, n: number, names: Names): Sheet | undefined {
  const d = obj(detail);
  const t = orderOf(d, n);
  if (!t) return undefined;
  const caseNumber = text(d.caseNumber);
  const issuedAt = text(t.issuedAt);
  const overdue = text(t.overdueStep);
  const item = names.item ?? text(d.itemCode);
  const matter: Sheet['matter'] = [];
  if (source === 'bad-reviews') {
    const r = obj(d.rating);
    const tags = Array.isArray(r.tags) ? r.tags.map(text).filter(Boolean) : [];
    matter.push(
      { label: '办件编号', text: caseNumber },
      { label: '办理事项', text: item },
      {
        label: '差评情况',
        text: [
          text(r.levelName),
          text(r.channelName) && `${text(r.channelName)}评价`,
          r.ratedAt ? chineseDate(text(r.ratedAt)) : '',
          d.anonymous ? '匿名' : '实名',
        ]
          .filter(Boolean)
          .join('，'),
      },
    );
    if (tags.length) matter.push({ label: '差评原因', text: tags.join('、') });
    if (text(r.text)) matter.push({ label: '评价内容', text: summary(text(r.text)) });
  } else {
    matter.push(
      { label: '诉求编号', text: caseNumber },
      { label: '诉求类别', text: KINDS[text(d.kind)] ?? text(d.kind) },
      { label: '诉求标题', text: text(d.title) },
    );
    if (d.itemCode) matter.push({ label: '涉及事项', text: item });
    matter.push({ label: '内容摘要', text: summary(text(d.content)) }, { label: '收到时间', text: shanghaiTime(text(d.receivedAt)) });
  }
  if (overdue) matter.push({ label: '超期环节', text: `「${STEP_NAMES[overdue] ?? overdue}」环节未在时限内完成` });
  const year = issuedAt.slice(0, 4) || '';
  return {
    number: `〔${year}〕${caseNumber}-${n}号`,
    issuer: names.region ? `${names.region}政务服务管理办公室` : '政务服务管理办公室',
    unit: names.unit ?? text(d.unitId),
    matter,
    requirement: text(t.content),
    deadline: `${chineseDate(text(t.deadline))} ${shanghaiTime(text(t.deadline)).slice(11)} 前`,
    issuedBy: t.kind === 'auto' ? '系统自动交办（环节超期）' : actorOf(d, `下发任务交办单 #${n}`),
    issuedOn: chineseDate(issuedAt),
    acknowledgedBy: t.acknowledgedAt ? actorOf(d, `签收任务交办单 #${n}`) : '',
    acknowledgedAt: shanghaiTime(text(t.acknowledgedAt)),
    result: t.status === 'completed' ? text(t.note) || '已办结' : '',
    completedAt: shanghaiTime(text(t.completedAt)),
    kindName: source === 'bad-reviews' ? '差评整改' : '咨询投诉办理',
  };
}
