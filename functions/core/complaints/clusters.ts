/**
 * 投诉集中 (complaint hot spots): similar complaints from different people about the same
 * service item or the same unit, grouped for supervisors with counts, trend and examples.
 *
 * - Text: NFKC, lower case; runs of Chinese characters, letters and digits. Features are
 *   the words of `Intl.Segmenter('zh', { granularity: 'word' })` (two characters or more,
 *   stop words dropped) plus the character bigrams of each run (bigrams touching a stop
 *   character dropped), so a phrase the segmenter splits oddly (不动|产) still matches.
 *   Digits are dropped (times, counts and dates vary from one complaint to the next).
 * - Weights: TF-IDF over the complaints given (sublinear tf, smoothed idf), cosine similarity.
 * - Candidates: two complaints are compared only when they share the item or the unit.
 * - Clustering: average linkage (agglomerative) over candidate pairs: the two groups with
 *   the highest mean pairwise similarity (non-candidate pairs count as 0) merge while that
 *   mean is ≥ `threshold`. Average linkage does not chain the way single linkage does.
 * - A hot spot needs ≥ `minSize` complaints (3) from ≥ `minPeople` distinct people (2);
 *   people are told apart by complainant keys (complaints sharing any key are one person;
 *   anonymous ones, without keys, count for size but not as people).
 * Pure and deterministic: the same input in any order gives the same output.
 */
import { addCalendarDays, shanghaiDate } from '../calendar.js';

export type ClusterComplaint = {
  id: string;
  /** ISO instant of receipt. */
  receivedAt: string;
  /** Keyed hashes of ID number / phone; empty when anonymous. */
  complainantKeys: readonly string[];
  unitId?: string;
  itemCode?: string;
  /** The complaint's text (诉求内容). */
  text: string;
};

export type ClusterOptions = {
  /** Minimum average cosine similarity for two groups to merge; default 0.08 (short, varied Chinese texts: pairs of the same topic typically score 0.05–0.3). */
  threshold?: number;
  /** Minimum complaints in a hot spot; default 3. */
  minSize?: number;
  /** Minimum distinct people in a hot spot; default 2. */
  minPeople?: number;
  /** Top terms per hot spot; default 5. */
  topTerms?: number;
  /** Example complaint ids per hot spot (the most typical first); default 3. */
  examples?: number;
  /** Last day of the trend (Shanghai date or ISO instant); default the date of the latest complaint given. */
  asOf?: string;
  /** Weeks in the trend; default enough 7-day weeks ending on `asOf` to cover the earliest complaint. */
  weeks?: number;
};

export type WeekCount = { from: string; to: string; count: number };

export type HotSpot = {
  /** `HS-` + the id of the earliest complaint in it (stable while the hot spot grows). */
  id: string;
  /** The unit / item most of its complaints name (ties: the smallest code); undefined when none names one. */
  unitId?: string;
  itemCode?: string;
  size: number;
  people: number;
  complaintIds: string[];
  topTerms: string[];
  examples: string[];
  firstAt: string;
  lastAt: string;
  /** Counts per 7-day week ending on `asOf`, oldest first; `lastWeekRose`: the last week counted more than the one before. */
  trend: { weeks: WeekCount[]; lastWeekRose: boolean };
};

export const HOT_SPOT_DEFAULTS = { threshold: 0.08, minSize: 3, minPeople: 2, topTerms: 5, examples: 3 } as const;

/** Words that carry no topic: function words, pronouns, politeness and complaint boilerplate. */
const STOP_WORDS = new Set(
  (
    '的 了 是 在 我 我们 你 你们 他 她 他们 她们 它 这 那 这个 那个 这些 那些 这里 那里 这样 那样 这么 那么 这种 ' +
    '和 与 及 或 或者 而 而且 但 但是 可是 就是 还是 也是 都是 因为 所以 如果 虽然 然后 而是 并且 以及 ' +
    '有 没有 没 不 不是 也 都 就 还 又 再 很 太 非常 特别 真的 实在 确实 比较 有点 一点 一下 一些 一直 一个 一次 ' +
    '吗 呢 吧 啊 呀 哦 嘛 么 啦 什么 怎么 怎么办 为什么 为何 多少 哪里 谁 ' +
    '要 想 会 能 能够 可以 应该 需要 让 被 把 给 对 对于 向 从 到 去 来 说 讲 问 叫 做 弄 搞 ' +
    '已经 现在 今天 昨天 前天 上午 下午 晚上 早上 中午 当时 之前 之后 以后 后来 最近 时候 每次 ' +
    '请 请求 希望 恳请 麻烦 谢谢 感谢 投诉 反映 反应 举报 诉求 问题 情况 事情 相关 有关 部门 单位 领导 ' +
    '重视 解决 处理 尽快 及时 答复 回复 给予 给个 说法 本人 市民 群众 老百姓 个人 自己 大家 他人 ' +
    '办理 办事 业务 手续 服务 整改 改进 改善 太难 难了 想问 问一下 上周 本周 第二次 居民 本市 你好 您好 一下'
  ).split(' '),
);

/** Characters whose bigrams are noise (particles, pronouns, function words). */
const STOP_CHARS = new Set(Array.from('的了是在我你他她它这那和与及或而但也都就还又很太吗呢吧啊呀哦嘛么啦个把被给让对向从说要会能'));

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const RUN_RE = /[\p{Script=Han}\p{L}\p{N}]+/gu;
const HAN_RE = /^\p{Script=Han}+$/u;
const DIGITS_RE = /^\p{N}+$/u;

/**
 * The features of a text with their counts: `w:<word>` for segmenter words and `b:<xy>` for
 * character bigrams of Chinese runs. Exported for tests.
 */
export function textFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (f: string) => counts.set(f, (counts.get(f) ?? 0) + 1);
  const normalized = text.normalize('NFKC').toLowerCase();
  for (const run of normalized.match(RUN_RE) ?? []) {
    // words, and the pieces of text between stop words (bigrams never span a dropped word)
    const pieces: string[] = [''];
    for (const seg of segmenter.segment(run)) {
      const w = seg.segment;
      const stop = !seg.isWordLike || DIGITS_RE.test(w) || STOP_WORDS.has(w);
      if (stop) {
        if (pieces.at(-1) !== '') pieces.push('');
        continue;
      }
      pieces[pieces.length - 1] += w;
      if (Array.from(w).length >= 2) add(`w:${w}`);
    }
    for (const piece of pieces) {
      const chars = Array.from(piece);
      for (let i = 0; i + 1 < chars.length; i++) {
        const a = chars[i]!;
        const b = chars[i + 1]!;
        const pair = a + b;
        if (!HAN_RE.test(pair) || STOP_CHARS.has(a) || STOP_CHARS.has(b) || STOP_WORDS.has(pair)) continue;
        add(`b:${pair}`);
      }
    }
  }
  return counts;
}

type Vector = Map<string, number>;

function tfidfVectors(features: readonly Map<string, number>[]): { vectors: Vector[]; idf: Map<string, number> } {
  const df = new Map<string, number>();
  for (const f of features) for (const term of f.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = features.length;
  const idf = new Map<string, number>();
  for (const [term, d] of df) idf.set(term, Math.log((n + 1) / (d + 1)) + 1);
  const vectors = features.map((f) => {
    const v: Vector = new Map();
    let norm = 0;
    for (const [term, tf] of f) {
      const w = (1 + Math.log(tf)) * idf.get(term)!;
      v.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, w] of v) v.set(term, w / norm);
    return v;
  });
  return { vectors, idf };
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small) {
    const o = large.get(term);
    if (o !== undefined) dot += w * o;
  }
  return dot;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Complaints in a canonical order (receipt time, then id) so the result does not depend on input order. */
function canonicalOrder(complaints: readonly ClusterComplaint[]): ClusterComplaint[] {
  return [...complaints].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || compareStrings(a.id, b.id));
}

/**
 * Average-linkage agglomeration over a sparse similarity graph (only candidate pairs have
 * edges). Returns groups of indexes. Sizes here are hundreds to a few thousand per period.
 */
function averageLinkage(n: number, edges: Map<number, Map<number, number>>, threshold: number): number[][] {
  // sum of pairwise similarities between live groups, keyed by group representative
  const sums = new Map<number, Map<number, number>>();
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    members.set(i, [i]);
    sums.set(i, new Map(edges.get(i) ?? []));
  }
  for (;;) {
    let best: { a: number; b: number; score: number } | undefined;
    for (const [a, row] of sums) {
      const sizeA = members.get(a)!.length;
      for (const [b, sum] of row) {
        if (b <= a) continue;
        const score = sum / (sizeA * members.get(b)!.length);
        if (score < threshold) continue;
        if (!best || score > best.score + 1e-12 || (Math.abs(score - best.score) <= 1e-12 && (a < best.a || (a === best.a && b < best.b))))
          best = { a, b, score };
      }
    }
    if (!best) break;
    const { a, b } = best;
    const rowA = sums.get(a)!;
    const rowB = sums.get(b)!;
    for (const [c, sum] of rowB) {
      if (c === a) continue;
      rowA.set(c, (rowA.get(c) ?? 0) + sum);
      const rowC = sums.get(c)!;
      rowC.set(a, (rowC.get(a) ?? 0) + sum);
      rowC.delete(b);
    }
    rowA.delete(b);
    sums.delete(b);
    members.get(a)!.push(...members.get(b)!);
    members.delete(b);
  }
  return [...members.values()];
}

/** Distinct people among complaints: complaints sharing any key are one person; no keys, no person. */
export function countPeople(complaints: readonly Pick<ClusterComplaint, 'complainantKeys'>[]): number {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const c of complaints) {
    const keys = c.complainantKeys.filter((k) => k !== '');
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (const k of keys.slice(1)) {
      const ra = find(keys[0]!);
      const rb = find(k);
      if (ra !== rb) parent.set(rb, ra);
    }
  }
  return new Set([...parent.keys()].map(find)).size;
}

function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const [v, c] of counts) if (!best || c > best[1] || (c === best[1] && v < best[0])) best = [v, c];
  return best?.[0];
}

/** 7-day weeks ending on `asOf` (Shanghai date), oldest first, with the count of `dates` in each. */
export function weeklyTrend(dates: readonly string[], asOf: string, weeks: number): { weeks: WeekCount[]; lastWeekRose: boolean } {
  const result: WeekCount[] = [];
  for (let k = weeks - 1; k >= 0; k--) {
    const to = addCalendarDays(asOf, -7 * k);
    const from = addCalendarDays(to, -6);
    result.push({ from, to, count: dates.filter((d) => d >= from && d <= to).length });
  }
  const last = result.at(-1);
  const prev = result.at(-2);
  return { weeks: result, lastWeekRose: last !== undefined && prev !== undefined && last.count > prev.count };
}

/**
 * Groups similar complaints into hot spots (投诉集中). Output order: size (largest first),
 * then latest complaint (most recent first), then id.
 */
export function clusterComplaints(complaints: readonly ClusterComplaint[], options: ClusterOptions = {}): HotSpot[] {
  const { threshold, minSize, minPeople, topTerms, examples } = { ...HOT_SPOT_DEFAULTS, ...options };
  const docs = canonicalOrder(complaints);
  if (docs.length === 0) return [];
  const features = docs.map((d) => textFeatures(d.text));
  const { vectors, idf } = tfidfVectors(features);

  // candidates: same item or same unit
  const blocks = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const key of [d.itemCode && `item:${d.itemCode}`, d.unitId && `unit:${d.unitId}`]) {
      if (!key) continue;
      const block = blocks.get(key);
      if (block) block.push(i);
      else blocks.set(key, [i]);
    }
  });
  const edges = new Map<number, Map<number, number>>();
  const link = (i: number, j: number, s: number) => {
    let row = edges.get(i);
    if (!row) edges.set(i, (row = new Map()));
    row.set(j, s);
  };
  for (const block of blocks.values()) {
    for (let x = 0; x < block.length; x++) {
      for (let y = x + 1; y < block.length; y++) {
        const i = block[x]!;
        const j = block[y]!;
        if (edges.get(i)?.has(j)) continue;
        const s = cosine(vectors[i]!, vectors[j]!);
        if (s <= 0) continue;
        link(i, j, s);
        link(j, i, s);
      }
    }
  }

  const dates = docs.map((d) => shanghaiDate(d.receivedAt));
  const sortedDates = [...dates].sort();
  const earliest = sortedDates[0]!;
  const asOf = options.asOf ? (/^\d{4}-\d{2}-\d{2}$/.test(options.asOf) ? options.asOf : shanghaiDate(options.asOf)) : sortedDates.at(-1)!;
  const spanDays = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${earliest}T00:00:00Z`)) / 86_400_000) + 1;
  const weeks = options.weeks ?? Math.max(1, Math.ceil(spanDays / 7));

  const hotSpots: HotSpot[] = [];
  for (const group of averageLinkage(docs.length, edges, threshold)) {
    if (group.length < minSize) continue;
    group.sort((a, b) => a - b);
    const members = group.map((i) => docs[i]!);
    const people = countPeople(members);
    if (people < minPeople) continue;

    // centroid, for typical examples
    const centroid: Vector = new Map();
    for (const i of group) for (const [t, w] of vectors[i]!) centroid.set(t, (centroid.get(t) ?? 0) + w);
    const typical = group
      .map((i) => ({ id: docs[i]!.id, score: cosine(vectors[i]!, centroid) }))
      .sort((a, b) => b.score - a.score || compareStrings(a.id, b.id))
      .slice(0, examples)
      .map((e) => e.id);

    // top terms: segmenter words present in many members, weighted by idf
    const termDocs = new Map<string, number>();
    for (const i of group) for (const t of features[i]!.keys()) if (t.startsWith('w:')) termDocs.set(t, (termDocs.get(t) ?? 0) + 1);
    const terms = [...termDocs]
      .filter(([, c]) => c >= 2)
      .map(([t, c]) => ({ term: t.slice(2), score: (c / group.length) * idf.get(t)! }))
      .sort((a, b) => b.score - a.score || compareStrings(a.term, b.term))
      .slice(0, topTerms)
      .map((t) => t.term);

    const unitId = mostCommon(members.map((m) => m.unitId));
    const itemCode = mostCommon(members.map((m) => m.itemCode));
    hotSpots.push({
      id: `HS-${members[0]!.id}`,
      ...(unitId !== undefined && { unitId }),
      ...(itemCode !== undefined && { itemCode }),
      size: members.length,
      people,
      complaintIds: members.map((m) => m.id),
      topTerms: terms,
      examples: typical,
      firstAt: members[0]!.receivedAt,
      lastAt: members.at(-1)!.receivedAt,
      trend: weeklyTrend(
        group.map((i) => dates[i]!),
        asOf,
        weeks,
      ),
    });
  }
  return hotSpots.sort((a, b) => b.size - a.size || Date.parse(b.lastAt) - Date.parse(a.lastAt) || compareStrings(a.id, b.id));
}
