/** Words for the API's codes (the API sends codes; the pages say them in Chinese). */
export const TASK_ORDER_STATUS: Record<string, string> = { issued: '已下发', acknowledged: '已签收', completed: '已办结', overdue: '已逾期' };
export const OUTCOME_NAMES: Record<string, string> = { interview: '约谈', notice: '通报', none: '不予处理' };
export const CASE_STATUS: Record<string, string> = { pending: '待派发', open: '办理中', closed: '已办结', voided: '已作废' };
export const APPEAL_CATEGORIES: Record<string, string> = { malicious: '恶意评价', mistaken: '误评', notOurs: '非本单位原因', other: '其他' };
export const VISIT_ANSWERS: Record<string, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };
/** Choices from the API's enum, labelled; an unknown code shows as itself. */
export const optionsOf = (values: readonly string[] | undefined, names: Record<string, string>) =>
  (values ?? Object.keys(names)).map((v) => ({ value: v, label: names[v] ?? v }));
export const DECISION_OPTIONS = [
  { value: true, label: '批准' },
  { value: false, label: '不批准' },
];
/**
 * What kind of rating it is when not an ordinary one: 已作废 for one voided by an upheld appeal
 * (`voided`), 默认好评 for the system's default rating (channel `default`, never active); '' otherwise.
 */
export const ratingMark = (r: { voided?: unknown; channel?: string; active?: unknown } | undefined) =>
  r?.voided === true ? '已作废' : r?.channel === 'default' || r?.active === false ? '默认好评' : '';
