import { PutItemCommand, TransactionCanceledException, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { regionPrefix } from '../../core/access.js';
import { shanghaiDate } from '../../core/calendar.js';
import type { RecentAnswerFingerprint } from '../../core/complaints/answer-check.js';
import type { ClusterComplaint } from '../../core/complaints/clusters.js';
import type { Complaint } from '../../core/complaints/complaint.js';
import type { RepeatCandidate } from '../../core/complaints/repeats.js';
import { logger } from '../../observability.js';
import type { ComplaintStore } from '../../ports/complaints.js';
import type { Page } from '../../ports/stores.js';
import { type CaseKeyLayout, caseKeys, DynamoSupervisedCaseStore } from './supervised-case-store.js';
import { batchGetItems, fromItem, queryPage, type TableConfig, toItem } from './table.js';

const LAYOUT: CaseKeyLayout<Complaint> = {
  kind: 'complaint',
  item: 'COMPLAINT',
  entity: 'complaint',
  unitList: 'COMPLAINTS',
  openList: 'OPEN_COMPLAINTS',
  id: (c) => c.complaintId,
  conflict: '该诉求已被同时处理，请刷新后重试',
};

/** Rows read from one month's analysis partition at most (see `listForAnalysis`). */
export const ANALYSIS_MONTH_CAP = 5_000;
/** Earlier answers with one fingerprint that `answersWithFingerprint` reads. */
const FINGERPRINT_LIMIT = 50;

/**
 * An instant as it sorts in a key: UTC ISO with milliseconds, so `…T10:00:00+08:00` and
 * `…T02:00:00.000Z` are the same key and keys sort in time order whatever offset a
 * complaint's `receivedAt` was written with (a transfer keeps the national platform's).
 */
const instantKey = (instant: string) => {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${instant}`);
  return new Date(ms).toISOString();
};

/** The analysis partition's month: `YYYY-MM` of the instant in Asia/Shanghai. */
const monthOf = (instant: string) => shanghaiDate(instant).slice(0, 7);

/** The months from `from`'s to `to`'s (Asia/Shanghai), newest first. */
function monthsDown(from: string, to: string): string[] {
  const index = (instant: string) => {
    const [y, m] = monthOf(instant).split('-').map(Number) as [number, number];
    return y * 12 + m - 1;
  };
  const months: string[] = [];
  for (let i = index(to); i >= index(from); i--) months.push(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`);
  return months;
}

/** The lookup row of one complainant key (or the person's key): what repeat detection reads. */
interface LookupRow {
  complaintId: string;
  receivedAt: string;
  complainantKeys: string[];
  unitId?: string;
  itemCode?: string;
}

/** The analysis row: what the hot-spot analysis reads. */
interface AnalysisRow {
  id: string;
  receivedAt: string;
  complainantKeys: string[];
  unitId?: string;
  itemCode?: string;
  text: string;
}

interface FingerprintRow extends RecentAnswerFingerprint {
  at: string;
}

const lookupPk = (key: string) => `CPERSON#${key}`;
const optional = (c: { unitId?: string; itemCode?: string }) => ({
  ...(c.unitId ? { unitId: c.unitId } : {}),
  ...(c.itemCode ? { itemCode: c.itemCode } : {}),
});

/** The keys a complaint is looked up by: its complainant keys and the signed-in person's key, each once. */
const lookupKeys = (c: Pick<Complaint, 'complainantKeys' | 'personKey'>) =>
  [...new Set([...c.complainantKeys, ...(c.personKey ? [c.personKey] : [])])].filter((k) => k !== '');

/**
 * Consultations and complaints (ports/complaints.ts) on the single table (see table.ts):
 * the complaint item is a supervised case (supervised-case-store.ts: `COMPLAINT#{id}`, a
 * unit's list `UNIT#{unitId}#COMPLAINTS` — `UNIT##COMPLAINTS` while unassigned — and the
 * open list `OPEN_COMPLAINTS`; `save` is one PutItem that rewrites these keys, so a
 * (re)assignment moves the complaint to its new unit's list). `create` writes it with
 * its read-only rows in one transaction:
 * - a lookup row per complainant key and the person's key, `CPERSON#{key}` /
 *   `{receivedAt}#{id}` (repeat detection, and a person's own list);
 * - an analysis row, `CANALYSIS#{YYYY-MM, Shanghai}` / `{regionCode}#{receivedAt}#{id}`
 *   (the hot-spot analysis: a month of a region by sk prefix).
 * These rows are a snapshot of the intake: they keep the unit and item the complaint had
 * when it was created (a later reassignment does not change them). Instants in keys are
 * UTC ISO (`instantKey`), so they sort in time order; the rows keep `receivedAt` as given.
 * Answer fingerprints (the answer check's template detection) are `AFP#{fingerprint}` /
 * `{at}#{complaintId}`.
 */
export class DynamoComplaintStore extends DynamoSupervisedCaseStore<Complaint> implements ComplaintStore {
  constructor(t: TableConfig) {
    super(t, LAYOUT);
  }

  async create(c: Complaint): Promise<{ created: boolean; complaint: Complaint }> {
    const T = this.t.tableName;
    const at = instantKey(c.receivedAt);
    const lookup: LookupRow = { complaintId: c.complaintId, receivedAt: c.receivedAt, complainantKeys: c.complainantKeys, ...optional(c) };
    const analysis: AnalysisRow = {
      id: c.complaintId,
      receivedAt: c.receivedAt,
      complainantKeys: c.complainantKeys,
      ...optional(c),
      text: `${c.title}\n${c.content}`,
    };
    const items: TransactWriteItem[] = [
      { Put: { TableName: T, Item: toItem(caseKeys(LAYOUT, c.complaintId, c), c), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...lookupKeys(c).map(
        (key): TransactWriteItem => ({
          Put: { TableName: T, Item: toItem({ pk: lookupPk(key), sk: `${at}#${c.complaintId}`, entity: 'complaintLookup' }, lookup) },
        }),
      ),
      {
        Put: {
          TableName: T,
          Item: toItem({ pk: `CANALYSIS#${monthOf(c.receivedAt)}`, sk: `${c.regionCode}#${at}#${c.complaintId}`, entity: 'complaintAnalysis' }, analysis),
        },
      },
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.t.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return { created: true, complaint: c };
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        const codes = e.CancellationReasons?.map((r) => r.Code) ?? [];
        if (codes[0] === 'ConditionalCheckFailed') {
          // The id exists (a redelivery or a retried intake): nothing was written; answer the stored one.
          const stored = await this.get(c.complaintId);
          if (!stored) throw e;
          return { created: false, complaint: stored };
        }
        // A concurrent transaction on the same items (e.g. the same intake twice at once): retry; the condition then decides.
        if (!codes.includes('TransactionConflict') || attempt >= 4) throw e;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  /** Newest first (ties: id, descending byte order), each complaint once. */
  async listByComplainant(keys: readonly string[], since: string): Promise<RepeatCandidate[]> {
    const skMin = instantKey(since);
    const seen = new Map<string, { sk: string; row: LookupRow }>();
    for (const key of new Set(keys.filter((k) => k !== ''))) {
      let cursor: string | undefined;
      do {
        const page = await queryPage<LookupRow>(this.t, { pk: lookupPk(key), skMin, cursor, limit: 500 });
        for (const row of page.items)
          if (!seen.has(row.complaintId)) seen.set(row.complaintId, { sk: `${instantKey(row.receivedAt)}#${row.complaintId}`, row });
        cursor = page.next;
      } while (cursor);
    }
    return [...seen.values()]
      .sort((a, b) => Buffer.compare(Buffer.from(b.sk), Buffer.from(a.sk)))
      .map(({ row }) => ({ id: row.complaintId, receivedAt: row.receivedAt, complainantKeys: row.complainantKeys, ...optional(row) }));
  }

  /**
   * A page of the person's lookup rows, newest first, and the complaints they name (read
   * consistently, in the page's order); `next` is the lookup page's cursor. The partition is
   * `CPERSON#{personKey}`: a complaint lands there when it was filed signed in with this
   * key, or names a complainant whose key is the same (an ID number hashed alike).
   */
  async listByPerson(personKey: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<Complaint>> {
    const page = await queryPage<LookupRow>(this.t, { pk: lookupPk(personKey), cursor: opts.cursor, limit: opts.limit });
    const found = await this.getMany(page.items.map((r) => r.complaintId));
    return { items: page.items.flatMap((r) => found.get(r.complaintId) ?? []), next: page.next };
  }

  /**
   * Reads month by month, newest first; a month's partition is read whole (its sk starts
   * with the region, so time order within it is known only after reading it), up to
   * `ANALYSIS_MONTH_CAP` rows in sk order (regions in code order) — beyond that the month
   * is analysed in part and a warning is logged — then filtered to [from, to], sorted
   * newest first (ties: id, descending byte order) and taken until `limit`.
   */
  async listForAnalysis(q: { regionCode?: string; from: string; to: string; limit: number }): Promise<ClusterComplaint[]> {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    const out: ClusterComplaint[] = [];
    if (Number.isNaN(from) || Number.isNaN(to) || from > to || q.limit <= 0) return out;
    for (const month of monthsDown(q.from, q.to)) {
      const rows: AnalysisRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryPage<AnalysisRow>(this.t, {
          pk: `CANALYSIS#${month}`,
          forward: true,
          ...(q.regionCode ? { skPrefix: regionPrefix(q.regionCode) } : {}),
          cursor,
          limit: Math.min(500, ANALYSIS_MONTH_CAP - rows.length),
        });
        rows.push(...page.items);
        cursor = page.next;
      } while (cursor && rows.length < ANALYSIS_MONTH_CAP);
      if (cursor) logger.warn('complaint analysis: month partition read in part', { month, regionCode: q.regionCode, cap: ANALYSIS_MONTH_CAP });
      const inRange = rows
        .filter((r) => {
          const t = Date.parse(r.receivedAt);
          return t >= from && t <= to;
        })
        .map((r) => ({ sk: `${instantKey(r.receivedAt)}#${r.id}`, r }))
        .sort((a, b) => Buffer.compare(Buffer.from(b.sk), Buffer.from(a.sk)));
      for (const { r } of inRange) {
        out.push({ id: r.id, receivedAt: r.receivedAt, complainantKeys: r.complainantKeys, ...optional(r), text: r.text });
        if (out.length >= q.limit) return out;
      }
    }
    return out;
  }

  async addAnswerFingerprint(fingerprint: string, entry: RecentAnswerFingerprint & { at: string }): Promise<void> {
    const row: FingerprintRow = { complaintId: entry.complaintId, fingerprint, topicTerms: entry.topicTerms, at: entry.at };
    const key = { pk: `AFP#${fingerprint}`, sk: `${instantKey(entry.at)}#${entry.complaintId}`, entity: 'answerFingerprint' };
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: toItem(key, row) }));
  }

  async answersWithFingerprint(fingerprint: string): Promise<RecentAnswerFingerprint[]> {
    const page = await queryPage<FingerprintRow>(this.t, { pk: `AFP#${fingerprint}`, limit: FINGERPRINT_LIMIT });
    return page.items.map((r) => ({ complaintId: r.complaintId, fingerprint, topicTerms: r.topicTerms }));
  }

  /** Complaints by id, read consistently (BatchGetItem, 100 keys a request, unprocessed keys retried). */
  private async getMany(ids: readonly string[]): Promise<Map<string, Complaint>> {
    const items = await batchGetItems(
      this.t,
      ids.map((id) => ({ pk: `${LAYOUT.item}#${id}`, sk: 'A' })),
    );
    return new Map(items.map((item) => fromItem<Complaint>(item)).map((c) => [c.complaintId, c]));
  }
}
