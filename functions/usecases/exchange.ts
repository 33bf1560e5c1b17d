import { type Principal, requireRole } from '../core/access.js';
import { addCalendarDays, shanghaiDate } from '../core/calendar.js';
import type { CaseRecord } from '../core/cases.js';
import type { ServiceItem } from '../core/catalog.js';
import type { Complaint } from '../core/complaints/complaint.js';
import { DomainError, invalid, notFound } from '../core/errors.js';
import { PROFILES, UnmappableError } from '../core/exchange/profiles.js';
import type { ExchangeKind, ExchangeSettings, Receiver } from '../core/exchange/receivers.js';
import { caseRow, complaintChangedAt, complaintRow, consultationRow, exchangeKindOf, type Row, type RowContext, ratingRow } from '../core/exchange/rows.js';
import { batchId, dayWindow, type ExportWindow, inWindow, partialWindow } from '../core/exchange/windows.js';
import type { RatingRecord } from '../core/ratings.js';
import { logger, maskPersonalData } from '../observability.js';
import type { ExchangeBatch, ExchangePayload, ExchangeSink, ExchangeSource, ExchangeStore } from '../ports/exchange.js';
import type { DeliveryAttempt } from '../ports/status-sync.js';
import type { CalendarStore, CaseStore, CatalogStore, Clock, Page, RatingStore } from '../ports/stores.js';
import { loadCalendar } from './calendar.js';
import { backoffDelay } from './status-sync.js';

/**
 * Data exchange with the provincial and national platforms (GB/T 39046 exports). Daily,
 * per receiver, what changed on each whole day after its watermark goes out in batches
 * through the ExchangeSink, with retries; every batch is recorded (ports/exchange.ts), a
 * batch the receiver did not take after its retries is a dead letter an admin can replay,
 * and the watermark moves past a day only once every batch of it was delivered.
 *
 * What changed on a day (per unit, one index range per kind, no writes on the rating path):
 * - ratings received that day, among those given (ratedAt) from `lookbackDays.ratings`
 *   before the day to its end;
 * - cases updated (updatedAt) that day, among those accepted from `lookbackDays.cases` before;
 * - consultations and complaints whose last timeline entry falls on that day, among those
 *   received from `lookbackDays.complaints` (`.consultations`) before.
 * A change to an older record than that is not exported (the limit of the rule).
 */

export interface ExchangeDeps {
  catalog: CatalogStore;
  cases: Pick<CaseStore, 'get'>;
  ratings: Pick<RatingStore, 'get'>;
  complaints: { get(id: string): Promise<Complaint | undefined> };
  calendarStore: CalendarStore;
  clock: Clock;
  exchange: ExchangeStore;
  exchangeSource: ExchangeSource;
  exchangeSink: ExchangeSink;
  exchangeReceivers: readonly Receiver[];
  exchangeSettings: ExchangeSettings;
  /** For tests. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** @default 3 attempts, waits of about 1 s doubling (with jitter) */
  exchangeRetry?: { attempts: number; baseDelayMs: number };
}

export const DEFAULT_EXCHANGE_RETRY = { attempts: 3, baseDelayMs: 1000 } as const;
const MAX_SAVE_TRIES = 5;
const MAX_ERROR_CHARS = 200;
const DAY_MS = 86_400_000;
/** Units whose index ranges are read at the same time. */
const UNIT_READS_IN_FLIGHT = 16;

/** One receiver's export of one window: its batches and whether all of them were delivered. */
export interface WindowResult {
  receiverId: string;
  windowId: string;
  delivered: boolean;
  batches: { batchId: string; state: ExchangeBatch['state']; count: number; skipped: number }[];
}

// ── Finding what changed ─────────────────────────────────────────────────────

interface Found {
  ratings: RatingRecord[];
  cases: CaseRecord[];
  consultations: Complaint[];
  complaints: Complaint[];
}

async function allUnits(catalog: CatalogStore) {
  const units = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.list('units', { cursor, limit: 200 });
    units.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return units;
}

const minus = (instant: string, days: number) => new Date(Date.parse(instant) - days * DAY_MS).toISOString();

/** Records of the kinds wanted that changed in the window, each once, in key order. */
async function changedIn(deps: ExchangeDeps, unitIds: readonly string[], kinds: readonly ExchangeKind[], w: ExportWindow): Promise<Found> {
  const { lookbackDays } = deps.exchangeSettings;
  const last = new Date(Date.parse(w.to) - 1).toISOString();
  const ratings = new Map<string, RatingRecord>();
  const cases = new Map<string, CaseRecord>();
  const complaints = new Map<string, Complaint>();
  const wantComplaints = kinds.includes('complaints') || kinds.includes('consultations');
  const complaintLookback = Math.max(
    kinds.includes('complaints') ? lookbackDays.complaints : 0,
    kinds.includes('consultations') ? lookbackDays.consultations : 0,
  );
  const readUnit = async (unitId: string) => {
    if (kinds.includes('ratings') && unitId)
      for (const r of await deps.exchangeSource.ratingsGivenBetween(unitId, minus(w.from, lookbackDays.ratings), last))
        if (inWindow(w, r.receivedAt)) ratings.set(r.ratingId, r);
    if (kinds.includes('cases') && unitId)
      for (const c of await deps.exchangeSource.casesAcceptedBetween(unitId, minus(w.from, lookbackDays.cases), last))
        if (inWindow(w, c.updatedAt)) cases.set(c.caseNumber, c);
    if (wantComplaints)
      for (const c of await deps.exchangeSource.complaintsReceivedBetween(unitId, minus(w.from, complaintLookback), last))
        if (inWindow(w, complaintChangedAt(c))) complaints.set(c.complaintId, c);
  };
  // A few units at a time: the reads are independent, and the results are sorted by key below.
  const queue = [...unitIds];
  await Promise.all(
    Array.from({ length: Math.min(UNIT_READS_IN_FLIGHT, queue.length) }, async () => {
      for (let unitId = queue.shift(); unitId !== undefined; unitId = queue.shift()) await readUnit(unitId);
    }),
  );
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const all = byKey(complaints);
  const lookbackOk = (c: Complaint, kind: 'complaints' | 'consultations') => Date.parse(c.receivedAt) >= Date.parse(minus(w.from, lookbackDays[kind]));
  return {
    ratings: byKey(ratings),
    cases: byKey(cases),
    consultations: kinds.includes('consultations') ? all.filter((c) => exchangeKindOf(c) === 'consultations' && lookbackOk(c, 'consultations')) : [],
    complaints: kinds.includes('complaints') ? all.filter((c) => exchangeKindOf(c) === 'complaints' && lookbackOk(c, 'complaints')) : [],
  };
}

/** The row of one record in the receiver's profile; undefined (counted as skipped) when the profile cannot express it. */
function toRow(kind: ExchangeKind, record: RatingRecord | CaseRecord | Complaint, ctx: RowContext): Row | undefined {
  try {
    if (kind === 'ratings') return ratingRow(record as RatingRecord, ctx);
    if (kind === 'cases') return caseRow(record as CaseRecord, ctx);
    if (kind === 'consultations') return consultationRow(record as Complaint, ctx);
    return complaintRow(record as Complaint, ctx);
  } catch (e) {
    if (e instanceof UnmappableError) return undefined;
    throw e;
  }
}

const keyOf = (kind: ExchangeKind, r: RatingRecord | CaseRecord | Complaint) =>
  kind === 'ratings' ? (r as RatingRecord).ratingId : kind === 'cases' ? (r as CaseRecord).caseNumber : (r as Complaint).complaintId;

/**
 * What one window's export reads, once for all its receivers: the records changed in it
 * (of every kind any of `receivers` takes), and the unit names, items and calendar for the rows.
 */
async function windowReader(deps: ExchangeDeps, w: ExportWindow, receivers: readonly Receiver[]) {
  const units = await allUnits(deps.catalog);
  const names = new Map(units.map((u) => [u.unitId, u.name]));
  const items = new Map<string, ServiceItem | undefined>();
  const calendar = await loadCalendar(deps.calendarStore);
  const kinds = [...new Set(receivers.flatMap((r) => r.kinds))];
  let found: Promise<Found> | undefined;
  return {
    found: () => (found ??= changedIn(deps, [...units.map((u) => u.unitId), ''], kinds, w)),
    async context(receiver: Receiver, records: (RatingRecord | CaseRecord | Complaint)[]): Promise<RowContext> {
      const unseen = [...new Set(records.map((r) => (r as { itemCode?: string }).itemCode))].filter((c): c is string => !!c && !items.has(c));
      await Promise.all(unseen.map(async (code) => items.set(code, await deps.catalog.get('items', code))));
      return {
        profile: PROFILES[receiver.profile],
        personalData: receiver.personalData,
        unitName: (id) => names.get(id),
        item: (code) => items.get(code),
        calendar,
        asOf: new Date(Date.parse(w.to) - 1).toISOString(),
      };
    },
  };
}

// ── Exporting ────────────────────────────────────────────────────────────────

/**
 * Exports one window to one receiver: the changed records of each kind it takes, in key
 * order, `batchSize` rows a batch. A batch already delivered is not sent again; a dead one
 * waits for an admin's replay; a new or pending one is sent with retries. Empty kinds send nothing.
 */
async function exportWindow(deps: ExchangeDeps, receiver: Receiver, w: ExportWindow, rows: Awaited<ReturnType<typeof windowReader>>): Promise<WindowResult> {
  const found = await rows.found();
  const result: WindowResult = { receiverId: receiver.id, windowId: w.id, delivered: true, batches: [] };
  for (const kind of receiver.kinds) {
    const records: (RatingRecord | CaseRecord | Complaint)[] = found[kind];
    for (let n = 1, i = 0; i < records.length; n++, i += receiver.batchSize) {
      const chunk = records.slice(i, i + receiver.batchSize);
      const ctx = await rows.context(receiver, chunk);
      const mapped = chunk.map((r) => ({ key: keyOf(kind, r), row: toRow(kind, r, ctx) }));
      const sent = mapped.filter((m): m is { key: string; row: Row } => m.row !== undefined);
      const fresh: ExchangeBatch = {
        batchId: batchId(receiver.id, w.id, kind, n),
        receiverId: receiver.id,
        windowId: w.id,
        kind,
        n,
        from: w.from,
        to: w.to,
        keys: sent.map((m) => m.key),
        count: sent.length,
        skipped: chunk.length - sent.length,
        state: 'pending',
        attempts: [],
        createdAt: deps.clock.now().toISOString(),
        replays: 0,
        version: 1,
      };
      let b = await deps.exchange.create(fresh);
      if (b.state === 'pending') {
        if (b.skipped > 0) logger.warn('exchange rows the profile cannot express', { batchId: b.batchId, profile: receiver.profile, skipped: b.skipped });
        b = await sendWithRetries(
          deps,
          receiver,
          { ...b, keys: fresh.keys, count: fresh.count, skipped: fresh.skipped },
          sent.map((m) => m.row),
        );
      }
      result.batches.push({ batchId: b.batchId, state: b.state, count: b.count, skipped: b.skipped });
      if (b.state !== 'delivered') result.delivered = false;
    }
  }
  return result;
}

const payloadOf = (receiver: Receiver, b: ExchangeBatch, rows: Row[]): ExchangePayload => ({
  batchId: b.batchId,
  receiverId: receiver.id,
  profile: receiver.profile,
  kind: b.kind,
  from: b.from,
  to: b.to,
  count: rows.length,
  rows,
});

async function sendWithRetries(deps: ExchangeDeps, receiver: Receiver, batch: ExchangeBatch, rows: Row[]): Promise<ExchangeBatch> {
  const { attempts, baseDelayMs } = deps.exchangeRetry ?? DEFAULT_EXCHANGE_RETRY;
  const tries = Math.max(1, attempts);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let b = batch;
  for (let i = 0; i < tries; i++) {
    if (i > 0) await sleep(backoffDelay(i - 1, baseDelayMs));
    const { attempt, retryable } = await tryOnce(deps, receiver, payloadOf(receiver, b, rows));
    const final = attempt.ok || !retryable || i === tries - 1;
    b = await record(deps, b, attempt, { final });
    if (b.state === 'dead') logDead('exchange batch dead-lettered', b);
    if (b.state !== 'pending') break;
  }
  return b;
}

const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

async function tryOnce(deps: Pick<ExchangeDeps, 'exchangeSink' | 'clock'>, receiver: Receiver, payload: ExchangePayload) {
  const at = deps.clock.now().toISOString();
  try {
    const { httpStatus } = await deps.exchangeSink.send(receiver, payload);
    return { attempt: { at, ok: true, httpStatus } satisfies DeliveryAttempt, retryable: false };
  } catch (err) {
    const status = (err as { httpStatus?: unknown } | undefined)?.httpStatus;
    const httpStatus = typeof status === 'number' && Number.isInteger(status) ? status : undefined;
    const text = err instanceof Error ? (err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message || 'Error') : String(err);
    const attempt: DeliveryAttempt = {
      at,
      ok: false,
      ...(httpStatus === undefined ? {} : { httpStatus }),
      error: maskPersonalData(text).slice(0, MAX_ERROR_CHARS),
    };
    return { attempt, retryable: httpStatus === undefined || retryableStatus(httpStatus) };
  }
}

/** Appends the attempt (delivered once any succeeded, dead after a final failure); a lost race re-reads and applies it again. */
async function record(deps: Pick<ExchangeDeps, 'exchange'>, current: ExchangeBatch, attempt: DeliveryAttempt, o: { final: boolean; replay?: boolean }) {
  let base = current;
  for (let tries = 1; ; tries++) {
    const delivered = base.state === 'delivered' || attempt.ok;
    const deliveredAt = base.deliveredAt ?? (attempt.ok ? attempt.at : undefined);
    const next: ExchangeBatch = {
      ...base,
      keys: current.keys,
      count: current.count,
      skipped: current.skipped,
      state: delivered ? 'delivered' : o.final ? 'dead' : base.state,
      attempts: [...base.attempts, attempt],
      ...(deliveredAt ? { deliveredAt } : {}),
      replays: base.replays + (o.replay ? 1 : 0),
      version: base.version + 1,
    };
    try {
      await deps.exchange.save(next, base.version);
      return next;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'CONFLICT') || tries >= MAX_SAVE_TRIES) throw e;
      const fresh = await deps.exchange.get(current.batchId);
      if (!fresh) throw e;
      base = fresh;
    }
  }
}

function logDead(message: string, b: ExchangeBatch): void {
  logger.warn(message, {
    batchId: b.batchId,
    receiverId: b.receiverId,
    kind: b.kind,
    count: b.count,
    attempts: b.attempts.length,
    lastError: b.attempts.at(-1)?.error,
  });
}

// ── Entry points ─────────────────────────────────────────────────────────────

/**
 * The daily job: per receiver, each whole day after its watermark up to yesterday (at most
 * `catchUpDays`, oldest first; a receiver without a watermark starts with yesterday). The
 * watermark moves past a day once all its batches were delivered; the first day that was
 * not stops that receiver until the next run (a dead batch: until an admin replays it).
 * A new receiver's watermark is set to the day before yesterday before anything is sent.
 * One receiver's failure does not stop the others; the job fails at the end if any did.
 */
export async function runDailyExport(deps: ExchangeDeps) {
  const now = deps.clock.now();
  const yesterday = addCalendarDays(shanghaiDate(now), -1);
  const out: { receiverId: string; days: WindowResult[]; watermark?: string; error?: string }[] = [];
  let failed = 0;
  for (const receiver of deps.exchangeReceivers) {
    const entry: (typeof out)[number] = { receiverId: receiver.id, days: [] };
    out.push(entry);
    try {
      let watermark = await deps.exchange.watermark(receiver.id);
      if (watermark === undefined) {
        // A new receiver starts with yesterday: its watermark is set first, so a failed first day is not skipped later.
        const start = addCalendarDays(yesterday, -1);
        await deps.exchange.setWatermark(receiver.id, start, undefined);
        watermark = start;
      }
      entry.watermark = watermark;
      for (let day = addCalendarDays(watermark, 1), k = 0; day <= yesterday && k < deps.exchangeSettings.catchUpDays; day = addCalendarDays(day, 1), k++) {
        const w = dayWindow(day);
        const r = await exportWindow(deps, receiver, w, await windowReader(deps, w, [receiver]));
        entry.days.push(r);
        if (!r.delivered) break;
        await deps.exchange.setWatermark(receiver.id, day, watermark);
        watermark = day;
        entry.watermark = day;
      }
    } catch (e) {
      failed++;
      entry.error = e instanceof Error ? e.message.slice(0, MAX_ERROR_CHARS) : 'error';
      logger.error('exchange export failed', { receiverId: receiver.id, error: e as Error });
    }
  }
  logger.info('exchange export', {
    receivers: out.map((e) => ({
      receiverId: e.receiverId,
      watermark: e.watermark,
      days: e.days.length,
      batches: e.days.reduce((n, d) => n + d.batches.length, 0),
    })),
  });
  if (failed > 0) throw new Error(`exchange export failed for ${failed} receiver(s)`);
  return { receivers: out };
}

const receiverOf = (deps: Pick<ExchangeDeps, 'exchangeReceivers'>, id: string) => {
  const r = deps.exchangeReceivers.find((x) => x.id === id);
  if (!r) throw notFound('数据交换接收方');
  return r;
};

/**
 * Exports one day now (admins): an ended day as a whole (the same batches as the daily job,
 * so one already delivered is not sent again), or today up to now (its own batches, a
 * preview: the whole day still goes out after midnight). Does not move the watermark.
 */
export async function exportDayNow(deps: ExchangeDeps, p: Principal, q: { day: string; receiverId?: string }) {
  requireRole(p, 'admin');
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  if (q.day > today) throw invalid('day', 'not_in_future', '不能导出今天之后的日期');
  const receivers = q.receiverId ? [receiverOf(deps, q.receiverId)] : deps.exchangeReceivers;
  const w = q.day === today ? partialWindow(now) : dayWindow(q.day);
  const rows = await windowReader(deps, w, receivers);
  // Receivers are independent: each gets its own batches from the one read of the window.
  const results = await Promise.all(receivers.map((receiver) => exportWindow(deps, receiver, w, rows)));
  logger.info('exchange export on demand', { windowId: w.id, by: p.sub, batches: results.reduce((n, r) => n + r.batches.length, 0) });
  return { window: w, results };
}

/** A receiver's batches, newest window first (admins). */
export async function listBatches(
  deps: Pick<ExchangeDeps, 'exchange' | 'exchangeReceivers'>,
  p: Principal,
  receiverId: string,
  q: { cursor?: string; limit?: number } = {},
): Promise<Page<ExchangeBatch>> {
  requireRole(p, 'admin');
  receiverOf(deps, receiverId);
  return deps.exchange.listForReceiver(receiverId, q);
}

/** The receivers as configured (admins): no tokens, they are not part of this configuration. */
export function listReceivers(deps: Pick<ExchangeDeps, 'exchange' | 'exchangeReceivers'>, p: Principal) {
  requireRole(p, 'admin');
  return Promise.all(deps.exchangeReceivers.map(async (r) => ({ ...r, watermark: await deps.exchange.watermark(r.id) })));
}

/** Dead batches of every receiver, oldest first (admins). */
export async function listDeadBatches(
  deps: Pick<ExchangeDeps, 'exchange'>,
  p: Principal,
  q: { cursor?: string; limit?: number } = {},
): Promise<Page<ExchangeBatch>> {
  requireRole(p, 'admin');
  return deps.exchange.listDead(q);
}

/**
 * Sends a dead (or stuck pending) batch once more (admins): the records it named, as they
 * are now, in the receiver's profile, under the same batch id. A delivered one is answered
 * unchanged. One attempt per replay.
 */
export async function replayBatch(deps: ExchangeDeps, p: Principal, id: string): Promise<ExchangeBatch> {
  requireRole(p, 'admin');
  const b = await deps.exchange.get(id);
  if (!b) throw notFound('数据交换批次');
  if (b.state === 'delivered') return b;
  const receiver = receiverOf(deps, b.receiverId);
  const records = (
    await Promise.all(
      b.keys.map(
        (k): Promise<RatingRecord | CaseRecord | Complaint | undefined> =>
          b.kind === 'ratings' ? deps.ratings.get(k) : b.kind === 'cases' ? deps.cases.get(k) : deps.complaints.get(k),
      ),
    )
  ).filter((r) => r !== undefined);
  const w: ExportWindow = { id: b.windowId, day: shanghaiDate(b.from), from: b.from, to: b.to, whole: !b.windowId.includes('T') };
  const ctx = await (await windowReader(deps, w, [])).context(receiver, records);
  const rows = records.map((r) => toRow(b.kind, r, ctx)).filter((r) => r !== undefined);
  const { attempt } = await tryOnce(deps, receiver, payloadOf(receiver, b, rows));
  const next = await record(deps, b, attempt, { final: true, replay: true });
  if (attempt.ok) logger.info('exchange batch replayed', { batchId: id, replays: next.replays, replayedBy: p.sub });
  else logDead('exchange batch replay failed', next);
  return next;
}
