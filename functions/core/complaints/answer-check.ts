import { createHash } from 'node:crypto';

/**
 * Answer quality before release (答复质量检查) — the pure check of a draft answer to a
 * 咨询 / 投诉 / 建议, shown to the supervisor before answer review (回复审核). It advises;
 * the reviewer decides. No I/O: the caller supplies the recent answers' fingerprints and
 * stores this answer's `fingerprint` and `keyTerms` (as `topicTerms`) for the next check.
 *
 * Checks (every number is configuration, `AnswerCheckRules`):
 * - `missing_key_terms`: the complaint's key terms (title terms weigh double) that the answer
 *   does not mention; flagged when the weighted share covered is below `minCoverage`.
 * - `too_short`: fewer meaningful characters (no whitespace, no punctuation) than the kind's minimum.
 * - `template_reuse`: the same normalized text answered a recent complaint whose topic barely
 *   overlaps this one's (a template pasted verbatim across unrelated complaints).
 * - `no_concrete_measure`: a 投诉 answer (warn) or 建议 answer (info) states neither a measure
 *   taken or to be taken (已/将 + 整改, 约谈, 退还…) nor a date or deadline (12月5日前, 5个工作日内…).
 * - `evasive`: an acknowledgement with nothing behind it ("已收悉，正在处理"), or a referral to
 *   "相关部门" that names no department, telephone or address.
 */

export type ComplaintKind = 'consultation' | 'complaint' | 'suggestion';
export type AnswerFindingCode = 'evasive' | 'too_short' | 'missing_key_terms' | 'no_concrete_measure' | 'template_reuse';

export interface AnswerFinding {
  code: AnswerFindingCode;
  severity: 'info' | 'warn';
  /** Simplified Chinese, for the reviewer. */
  message: string;
  detail?: Record<string, unknown>;
}

export interface ComplaintText {
  kind: ComplaintKind;
  title: string;
  content: string;
}

export interface RecentAnswerFingerprint {
  complaintId: string;
  fingerprint: string;
  topicTerms: string[];
}

export interface AnswerCheckContext {
  recentAnswerFingerprints: RecentAnswerFingerprint[];
}

export interface AnswerCheckResult {
  /** In a fixed order: evasive, too_short, missing_key_terms, no_concrete_measure, template_reuse. */
  findings: AnswerFinding[];
  /** `sha256:` + hex of the normalized answer (whitespace, punctuation, digits, dates and salutations removed). */
  fingerprint: string;
  /** The complaint's key terms, most important first (store them as the answer's `topicTerms`). */
  keyTerms: string[];
  /** The key terms the answer mentions. */
  coveredTerms: string[];
}

export interface AnswerCheckRules {
  /** Minimum meaningful characters per kind. */
  minChars: Record<ComplaintKind, number>;
  /** Below this weighted share of key terms covered → missing_key_terms. */
  minCoverage: number;
  /** At most this many key terms are taken from a complaint. */
  maxKeyTerms: number;
  /** Weight of a term that appears in the title (content-only terms weigh 1). */
  titleWeight: number;
  /** Topic overlap below this with a complaint answered by the same text → template_reuse. */
  maxTemplateTopicOverlap: number;
  /** An answer whose substance (after acknowledgements and courtesies) is shorter than this is evasive when it leans on a stock phrase. */
  minSubstanceChars: number;
}

export const DEFAULT_ANSWER_CHECK_RULES: AnswerCheckRules = {
  minChars: { consultation: 30, complaint: 60, suggestion: 60 },
  minCoverage: 0.4,
  maxKeyTerms: 12,
  titleWeight: 2,
  maxTemplateTopicOverlap: 0.25,
  minSubstanceChars: 20,
};

const KIND_NAMES: Record<ComplaintKind, string> = { consultation: '咨询', complaint: '投诉', suggestion: '建议' };

// ---------------------------------------------------------------- key terms

/** Single characters that never start or extend a term (particles, pronouns, prepositions, numerals, measure words). */
const FUNCTION_CHARS = new Set([
  ...'的了着过地得之其而且并但却所因如若则等让使跟同与和及或被把将已于对向从到给为也都就还又再很太更最不没未请您你我他她它们这那些吗呢吧啊呀哦嘛么是有在个次趟后去来说要到第市县区省一二三四五六七八九十两几',
]);

/**
 * Two-character and longer words that say nothing about what a complaint is about: function
 * words, complaint boilerplate and very common government words.
 */
const STOP_WORDS = new Set(
  [
    // function words
    '我们 你们 他们 她们 咱们 大家 自己 本人 这个 那个 这些 那些 这样 那样 这里 那里 什么 怎么 怎样 为什么 如何 是否 可以 ' +
      '能否 能够 可能 已经 没有 不是 还是 但是 可是 因为 所以 而且 并且 或者 如果 虽然 然后 而是 就是 只是 也是 都是 只有 ' +
      '只能 不能 不会 不要 不得 不用 应该 应当 需要 必须 一直 一下 一个 一些 一次 多次 几次 每次 一样 非常 特别 比较 真的 ' +
      '实在 确实 十分 现在 目前 当时 时候 今天 昨天 明天 上午 下午 晚上 之后 之前 以后 以前 以上 以下 其中 其他 其它 另外 ' +
      '同时 还有 关于 对于 根据 通过 按照 由于 为了 进行 出现 存在 导致 造成 结果 情况 问题 事情 东西 方面 地方 感觉 觉得 ' +
      '认为 知道 了解 告诉 表示 说明 希望 请问 麻烦 谢谢 感谢 您好 你好 日前 日内 没办 时间 小时 分钟 半天 一天 多天 一周 ' +
      '第一 第二 第三 ' +
      // complaint boilerplate and very common government words
      '反映 反应 投诉 咨询 建议 举报 求助 答复 回复 来信 来电 诉求 要求 相关 有关 部门 单位 政府 政务 服务 办理 处理 群众 ' +
      '市民 居民 老百姓 工作 人员 工作人员 领导 负责 规定 政策 依法 按规定 程序 流程 手续 业务 事项 办事 申请 提交 材料 平台 ' +
      '网上 线上 线下 收悉 解决 落实 加强 进一步 认真 高度 重视 及时 积极 有效 一定 尽快 马上 立即 我局 本局 中心 窗口 大厅 ' +
      '市里 县里 区里',
  ]
    .join('')
    .split(' '),
);

const GRAMMAR_CHARS = /[了的吗呢吧啊呀么没一二三四五六七八九十两几]/;
const COUNT = /^第?[一二三四五六七八九十两几0-9]+[次趟个遍天周年月日号]?$/;
const ASCII_WORD = /^[a-z0-9]+$/;
const CJK = /^\p{Script=Han}+$/u;

let segmenter: Intl.Segmenter | undefined;
function words(text: string): { segment: string; wordLike: boolean }[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return [...segmenter.segment(text)].map((s) => ({ segment: s.segment, wordLike: !!s.isWordLike }));
}

/** NFKC (full-width digits and letters → ASCII), lower case. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The content terms of a text, in order of appearance (repeats kept). `Intl.Segmenter`'s
 * Chinese dictionary splits many domain words into single characters (不动|产, 社|保|卡,
 * 公|积|金), so a run of single characters that are not function characters is glued back
 * together, and a single character is glued to the word before it.
 */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  let chunk = '';
  let chunkOpen = false; // the chunk may take a following single character
  const flush = () => {
    if (chunk) terms.push(chunk);
    chunk = '';
    chunkOpen = false;
  };
  // ASCII next to Chinese (12345热线, APP闪退) is split first: the segmenter may keep such a run as one word.
  const spaced = normalize(text).replace(/([a-z0-9])(?=\p{Script=Han})|(\p{Script=Han})(?=[a-z0-9])/gu, '$1$2 ');
  for (const { segment, wordLike } of words(spaced)) {
    if (!wordLike) {
      flush();
      continue;
    }
    if (ASCII_WORD.test(segment)) {
      flush();
      const digits = /^[0-9]+$/.test(segment);
      if (digits ? segment.length >= 3 : segment.length >= 2) terms.push(segment);
      continue;
    }
    if (!CJK.test(segment)) {
      flush();
      continue;
    }
    if (segment.length === 1) {
      if (FUNCTION_CHARS.has(segment)) {
        flush();
      } else if (chunkOpen) {
        chunk += segment;
      } else {
        flush();
        chunk = segment;
        chunkOpen = true;
      }
      continue;
    }
    flush();
    chunk = segment;
    chunkOpen = !STOP_WORDS.has(segment); // 已经|上|传 is not a word
  }
  flush();
  // A two-character word with a particle or numeral in it (了三, 没办, 日没) and a count (第三次, 两趟) are grammar, not topic.
  return terms.filter(
    (t) =>
      (ASCII_WORD.test(t) || t.length >= 2) &&
      !STOP_WORDS.has(t) &&
      !(t.length === 2 && GRAMMAR_CHARS.test(t)) &&
      !(COUNT.test(t) && !ASCII_WORD.test(t)) &&
      ![...t].every((c) => FUNCTION_CHARS.has(c)),
  );
}

/** The complaint's key terms, most important first: title terms weigh `titleWeight`, then how often a term recurs in the content. */
export function keyTermsOf(
  complaint: { title: string; content: string },
  rules: AnswerCheckRules = DEFAULT_ANSWER_CHECK_RULES,
): { term: string; weight: number }[] {
  const titleTerms = contentTerms(complaint.title);
  const contentTermList = contentTerms(complaint.content);
  const order = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const t of [...titleTerms, ...contentTermList]) {
    if (!order.has(t)) order.set(t, order.size);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const inTitle = new Set(titleTerms);
  const ranked = [...order.keys()].map((term) => {
    const weight = inTitle.has(term) ? rules.titleWeight : 1;
    return { term, weight, score: weight * 10 + Math.min(counts.get(term) ?? 0, 3), first: order.get(term)! };
  });
  // A long glued run (社保卡补办跑) that other terms spell out (社保卡, 补办) gives way to them, and they inherit its weight.
  const decomposed = new Set<string>();
  for (const r of ranked) {
    if (r.term.length < 4 || ASCII_WORD.test(r.term)) continue;
    const parts = ranked.filter((p) => p !== r && r.term.includes(p.term));
    if (parts.reduce((n, p) => n + p.term.length, 0) * 2 < r.term.length) continue;
    decomposed.add(r.term);
    for (const p of parts) {
      p.weight = Math.max(p.weight, r.weight);
      p.score = Math.max(p.score, r.score);
      p.first = Math.min(p.first, r.first);
    }
  }
  ranked.sort((a, b) => b.score - a.score || a.first - b.first);
  // A term contained in a more important one adds nothing (营业 beside 营业执照).
  const kept: typeof ranked = [];
  for (const r of ranked) {
    if (decomposed.has(r.term)) continue;
    if (kept.some((k) => k.term.includes(r.term))) continue;
    kept.push(r);
    if (kept.length >= rules.maxKeyTerms) break;
  }
  return kept.map(({ term, weight }) => ({ term, weight }));
}

function bigrams(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= term.length; i++) out.push(term.slice(i, i + 2));
  return out;
}

/**
 * Whether a text mentions a term: the term itself, or — for a Chinese term longer than two
 * characters, since segmentation varies — its two-character overlaps: one of the two of a
 * three-character term (不动产: 不动 or 动产), a third of a longer one (周末延时: 延时).
 */
function mentions(haystack: string, term: string): boolean {
  if (haystack.includes(term)) return true;
  if (ASCII_WORD.test(term) || term.length < 3) return false;
  const grams = bigrams(term);
  const found = grams.filter((g) => !STOP_WORDS.has(g) && ![...g].some((c) => FUNCTION_CHARS.has(c)) && haystack.includes(g)).length;
  return found * 3 >= grams.length && found > 0;
}

/** Whether two terms name the same thing: equal, one inside the other, or sharing half the shorter one's two-character overlaps. */
function sameTopic(a: string, b: string): boolean {
  if (a === b || a.includes(b) || b.includes(a)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return mentions(long, short);
}

/** Share of the smaller term set that the other set names too (0 when either is empty). */
export function topicOverlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const shared = small.filter((t) => large.some((u) => sameTopic(t, u))).length;
  return shared / small.length;
}

// ---------------------------------------------------------------- fingerprint

const DATE_PATTERN = /(?:\d{2,4}\s*年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{2,4}\s*年\s*\d{1,2}\s*月|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/g;
const SALUTATION = /(?:尊敬的)?\p{Script=Han}{1,2}(?:先生|女士|同志|师傅|老师)/gu;

/**
 * The answer with everything that changes from one use of a template to the next removed:
 * salutations (王先生), dates, digits (case numbers, phones), whitespace and punctuation.
 */
export function normalizeForFingerprint(answer: string): string {
  return normalize(answer)
    .replace(SALUTATION, '')
    .replace(DATE_PATTERN, '')
    .replace(/[0-9]/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

export function answerFingerprint(answer: string): string {
  return `sha256:${createHash('sha256').update(normalizeForFingerprint(answer), 'utf8').digest('hex')}`;
}

// ---------------------------------------------------------------- measures and evasion

const MEASURE_VERBS =
  '整改|约谈|退还|返还|退回|补办|补发|补正|调整|培训|处理|责令|责成|致歉|道歉|通报|批评|处分|问责|调离|调岗|增设|增加|增开|延长|开通|优化|简化|合并|修订|修改|更换|更正|纠正|撤销|赔偿|核查|核实|安排|公示|公开|上线|配备|整治|清理|恢复|办结|办妥|办好|完成|重新|派员|上门|专人';

const MEASURE = new RegExp(`(?:已|已经|现已|均已|将|将会|拟|决定|立即|随即|当即|已于|将于)[^，。；！？,.;!?\\n]{0,10}?(?:${MEASURE_VERBS})`);
const CN_NUM = '[0-9一二三四五六七八九十两]+';
const DATE = '(?:\\d{4}年)?\\d{1,2}月\\d{1,2}[日号]';
const DEADLINE = new RegExp(
  [
    `${DATE}(?:前|之前|以前|起|开始|完成|办结)`,
    `(?:将|已|拟|计划|预计|并|定|均)于${DATE}`,
    `${CN_NUM}个?(?:工作日|自然日|日|天|周|星期|个月|小时)(?:之内|以内|内)`,
    '(?:本周|本月|本年|月|年)(?:底|末)前',
    '即日起',
    '自\\d{1,2}月\\d{1,2}日起',
  ].join('|'),
);

/** Stock phrases that acknowledge or defer without saying anything. */
const STOCK_PHRASES = [
  /(?:您|你)?(?:反映|来信|来电|提出)?(?:的)?(?:问题|诉求|情况|建议|意见)?(?:已|我们已|我局已|我单位已)?收悉/g,
  /(?:正在|正|目前正在)(?:处理|调查|核实|研究|办理)(?:中|之中)?/g,
  /(?:将|会)?(?:认真|积极)?(?:研究|考虑|核实)(?:处理|办理|解决)?/g,
  /(?:高度)?重视/g,
  /请(?:您)?(?:耐心)?等待(?:处理结果|结果|通知)?/g,
  /请(?:您)?(?:咨询|联系|询问|前往|到|向)(?:相关|有关|其他|其它|主管|属地|对应的?)(?:部门|单位|机构)(?:咨询|反映|办理|了解)?/g,
  /(?:按|依照|按照|根据)(?:相关|有关)?(?:规定|政策|程序|流程)(?:办理|处理|执行)?/g,
  /(?:感谢|谢谢)(?:您|你)?(?:的|对我们工作的)?(?:关注|理解|支持|监督|配合|来信|来电|反映)?/g,
  /(?:我们|我局|我中心|我单位)?(?:将|会)?(?:在今后的工作中)?(?:进一步|继续|不断|切实)(?:加强|改进|完善|提升|提高|规范|优化)\p{Script=Han}{0,10}?(?:管理|水平|作风|质量|服务|工作|意识|能力)/gu,
  /(?:努力|致力于|力争)?为(?:广大)?(?:群众|市民|企业|办事群众)(?:和企业)?提供\p{Script=Han}{0,8}?服务/gu,
  /(?:在)?今后的工作中/g,
  /(?:切实)?(?:改进|转变)(?:工作)?作风/g,
  /(?:此复|特此回复|特此答复|祝您生活愉快|祝好|您好|尊敬的市民|尊敬的群众)/g,
];
const VAGUE_REFERRAL = /请(?:您)?(?:咨询|联系|询问|前往|到|向)(?:相关|有关|其他|其它|主管|属地|对应的?)(?:部门|单位|机构)/;
/** A referral is specific when it names a telephone, an address, a website or a named office. */
const SPECIFIC_CONTACT = /\d{5,}|\d{3,4}-\d{7,8}|电话|地址|网址|https?:|\p{Script=Han}{2,}(?:局|厅|委|办|中心|所|站|科|处)(?![\p{Script=Han}]*相关)/u;

function meaningfulChars(text: string): string {
  return normalize(text).replace(/[\s\p{P}\p{S}]/gu, '');
}

// ---------------------------------------------------------------- the check

export function checkAnswer(
  complaint: ComplaintText,
  answer: string,
  context: AnswerCheckContext,
  rules: AnswerCheckRules = DEFAULT_ANSWER_CHECK_RULES,
): AnswerCheckResult {
  const findings: AnswerFinding[] = [];
  const text = normalize(answer);
  const compact = meaningfulChars(answer);
  const kindName = KIND_NAMES[complaint.kind];

  // evasive: a stock phrase with next to nothing behind it, or a vague referral
  const usedStock = STOCK_PHRASES.some((p) => new RegExp(p.source, p.flags.replace('g', '')).test(compact));
  const substance = STOCK_PHRASES.reduce((s, p) => s.replace(p, ''), compact);
  const vagueReferral = VAGUE_REFERRAL.test(compact) && !SPECIFIC_CONTACT.test(text.replace(VAGUE_REFERRAL, ''));
  if (compact.length > 0 && ((usedStock && substance.length < rules.minSubstanceChars) || vagueReferral)) {
    findings.push({
      code: 'evasive',
      severity: 'warn',
      message: vagueReferral
        ? '答复让群众去找"相关部门"，却没有写明是哪个部门、电话或地址，属于推诿式答复。'
        : '答复只有"已收悉""正在处理"一类套话，没有说明核实结果、处理意见或办理进度。',
      detail: { substanceChars: substance.length, vagueReferral },
    });
  }

  // too short
  const minChars = rules.minChars[complaint.kind];
  if (compact.length < minChars) {
    findings.push({
      code: 'too_short',
      severity: 'warn',
      message: `答复仅 ${compact.length} 字，${kindName}答复一般不少于 ${minChars} 字。`,
      detail: { chars: compact.length, minChars },
    });
  }

  // key terms
  const keyTerms = keyTermsOf(complaint, rules);
  const covered = keyTerms.filter((k) => mentions(compact, k.term));
  const totalWeight = keyTerms.reduce((s, k) => s + k.weight, 0);
  const coveredWeight = covered.reduce((s, k) => s + k.weight, 0);
  const coverage = totalWeight === 0 ? 1 : coveredWeight / totalWeight;
  if (keyTerms.length > 0 && coverage < rules.minCoverage) {
    const missing = keyTerms.filter((k) => !covered.includes(k)).map((k) => k.term);
    findings.push({
      code: 'missing_key_terms',
      severity: 'warn',
      message: `答复未回应${kindName}的关键内容：${missing.slice(0, 6).join('、')}${missing.length > 6 ? '等' : ''}（覆盖 ${Math.round(coverage * 100)}%）。`,
      detail: { coverage: Math.round(coverage * 100) / 100, missing },
    });
  }

  // concrete measure or date
  if (complaint.kind !== 'consultation' && !MEASURE.test(substance) && !DEADLINE.test(substance)) {
    findings.push({
      code: 'no_concrete_measure',
      severity: complaint.kind === 'complaint' ? 'warn' : 'info',
      message:
        complaint.kind === 'complaint'
          ? '投诉答复没有写明已采取或将采取的具体措施（如整改、约谈、退还、补办），也没有办理时限或日期。'
          : '建议答复没有说明是否采纳、将采取什么措施或何时落实。',
    });
  }

  // template reused across unrelated complaints
  const fingerprint = answerFingerprint(answer);
  const keyTermList = keyTerms.map((k) => k.term);
  const reusedFor = context.recentAnswerFingerprints
    .filter((r) => r.fingerprint === fingerprint)
    .map((r) => ({ complaintId: r.complaintId, overlap: Math.round(topicOverlap(keyTermList, r.topicTerms) * 100) / 100 }))
    .filter((r) => r.overlap < rules.maxTemplateTopicOverlap);
  if (reusedFor.length > 0 && compact.length > 0) {
    const ids = reusedFor.map((r) => r.complaintId);
    findings.push({
      code: 'template_reuse',
      severity: 'warn',
      message: `答复与内容无关的${ids.length > 1 ? `${ids.length} 件` : ''}诉求 ${ids.slice(0, 3).join('、')}${ids.length > 3 ? ' 等' : ''} 的答复逐字相同，疑似套用模板。`,
      detail: { complaintIds: ids, overlaps: reusedFor },
    });
  }

  return { findings, fingerprint, keyTerms: keyTermList, coveredTerms: covered.map((k) => k.term) };
}
