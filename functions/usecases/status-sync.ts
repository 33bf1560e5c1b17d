import { type Principal, requireRole } from '../core/access.js';
import { DomainError, invalid, notFound } from '../core/errors.js';
import { logger, maskPersonalData } from '../observability.js';
import type { DeliveryAttempt, DeliveryStore, StatusDelivery, StatusEvent, StatusSink, SyncedStatus } from '../ports/status-sync.js';
import type { Clock, Page } from '../ports/stores.js';

/**
 * Outbound status sync (转办状态回传): each status change of an item transferred from the
 * national platform goes back to it through the StatusSink. Every delivery is recorded
 * (the outbox) with every attempt; one the platform did not take after its retries is a
 * dead letter, which an admin can replay.
 */

export interface StatusSyncDeps {
  deliveries: DeliveryStore;
  statusSink: StatusSink;
  clock: Clock;
  /** For tests. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** @default 3 attempts, waits of about 500 ms doubling (with jitter) */
  syncRetry?: { attempts: number; baseDelayMs: number };
}

export const SYNCED_STATUSES: readonly SyncedStatus[] = ['accepted', 'assigned', 'answered', 'extended', 'closed'];
export const DEFAULT_SYNC_RETRY = { attempts: 3, baseDelayMs: 500 } as const;
/** seq is stored padded to 6 digits. */
const MAX_SEQ = 999_999;
/** Lost optimistic-lock races tolerated while recording one attempt. */
const MAX_SAVE_TRIES = 5;
const MAX_ERROR_CHARS = 200;

/** The id of a complaint's `seq`-th status change. */
export const statusEventId = (complaintId: string, seq: number) => `${complaintId}:${seq}`;

/** A status event with its id made from the complaint and seq. */
export function statusEvent(e: Omit<StatusEvent, 'id'>): StatusEvent {
  return { id: statusEventId(e.complaintId, e.seq), ...e };
}

/**
 * The wait before retry `retry` (0: before the 2nd attempt): "equal jitter", half of
 * `baseDelayMs · 2^retry` fixed and half random, so each wait is longer than the one before.
 */
export function backoffDelay(retry: number, baseDelayMs: number, random: () => number = Math.random): number {
  const full = baseDelayMs * 2 ** retry;
  return Math.floor(full / 2 + (random() * full) / 2);
}

/**
 * Sends one status change to the source platform and records it. Idempotent on `event.id`:
 * a delivered or dead-lettered one is answered as recorded, not sent again (replay is the
 * admin's); a pending one (an earlier call that did not finish) is sent again. Up to
 * `syncRetry.attempts` tries; a 4xx other than 408/429 is final at once. Ends `delivered`
 * or `dead`. Never throws because the platform failed; storage errors propagate, and so
 * does an id already recorded for a different status change (a caller's bug).
 */
export async function syncStatus(deps: StatusSyncDeps, event: StatusEvent): Promise<StatusDelivery> {
  checkEvent(event);
  let d = await deps.deliveries.create({ event, state: 'pending', attempts: [], createdAt: deps.clock.now().toISOString(), replays: 0, version: 1 });
  if (!sameChange(d.event, event))
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', `状态同步事件 ${event.id} 已按不同的内容记录`, [
      { field: 'id', rule: 'idempotency', message: '同一事件编号对应了不同的状态变更，请使用新的序号' },
    ]);
  if (d.state !== 'pending') return d;

  const { attempts, baseDelayMs } = deps.syncRetry ?? DEFAULT_SYNC_RETRY;
  const tries = Math.max(1, attempts);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 0; i < tries; i++) {
    if (i > 0) await sleep(backoffDelay(i - 1, baseDelayMs));
    const { attempt, retryable } = await tryOnce(deps, d.event);
    const final = attempt.ok || !retryable || i === tries - 1;
    d = await record(deps, d, attempt, { final });
    if (final && !attempt.ok && d.state === 'dead') logDead('status sync dead-lettered', d);
    if (d.state !== 'pending') break;
  }
  return d;
}

/** Dead letters, oldest first (admins). */
export async function listDeadLetters(
  deps: Pick<StatusSyncDeps, 'deliveries'>,
  p: Principal,
  q: { cursor?: string; limit?: number } = {},
): Promise<Page<StatusDelivery>> {
  requireRole(p, 'admin');
  return deps.deliveries.listDead({ cursor: q.cursor, limit: q.limit });
}

/**
 * A complaint's deliveries by seq (admins, supervisors). The records carry no region: a
 * caller that must keep a supervisor to their region checks the complaint first.
 */
export async function listDeliveries(deps: Pick<StatusSyncDeps, 'deliveries'>, p: Principal, complaintId: string): Promise<StatusDelivery[]> {
  requireRole(p, 'admin', 'supervisor');
  return deps.deliveries.listForComplaint(complaintId);
}

/**
 * Sends a dead (or stuck pending) delivery once more (admins): the attempt is appended,
 * `replays` counted, and it ends delivered or stays dead. A delivered one is answered
 * unchanged. One attempt per replay: the admin sees the outcome at once and may replay again.
 */
export async function replayDelivery(deps: Omit<StatusSyncDeps, 'sleep' | 'syncRetry'>, p: Principal, id: string): Promise<StatusDelivery> {
  requireRole(p, 'admin');
  const d = await deps.deliveries.get(id);
  if (!d) throw notFound('状态同步记录');
  if (d.state === 'delivered') return d;
  const { attempt } = await tryOnce(deps, d.event);
  const next = await record(deps, d, attempt, { final: true, replay: true });
  if (attempt.ok) logger.info('status sync replayed', { deliveryId: id, complaintId: d.event.complaintId, replays: next.replays, replayedBy: p.sub });
  else if (next.state === 'dead') logDead('status sync replay failed', next);
  return next;
}

function checkEvent(e: StatusEvent): void {
  if (!e.complaintId) throw invalid('complaintId', 'required', '不能为空');
  if (!e.sourceId) throw invalid('sourceId', 'required', '不能为空');
  if (!Number.isSafeInteger(e.seq) || e.seq < 1 || e.seq > MAX_SEQ) throw invalid('seq', 'range', `应为 1 到 ${MAX_SEQ} 的整数`);
  if (e.id !== statusEventId(e.complaintId, e.seq)) throw invalid('id', 'format', '应为“投诉编号:序号”');
  if (!SYNCED_STATUSES.includes(e.status)) throw invalid('status', 'enum', `应为 ${SYNCED_STATUSES.join('、')} 之一`);
  if (Number.isNaN(Date.parse(e.at))) throw invalid('at', 'datetime', '应为 ISO 8601 时间');
  if (!e.detail || typeof e.detail !== 'object' || Object.values(e.detail).some((v) => typeof v !== 'string'))
    throw invalid('detail', 'string', '的值应为文本');
}

/** The same status change, perhaps stamped at another instant (a caller that retried). */
const sameChange = (a: StatusEvent, b: StatusEvent) =>
  a.sourceId === b.sourceId && a.status === b.status && JSON.stringify(sortedEntries(a.detail)) === JSON.stringify(sortedEntries(b.detail));
const sortedEntries = (o: Record<string, string>) => Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));

/** 408, 429 and 5xx may pass on another try; so may an error without an answer (network, timeout). */
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

async function tryOnce(deps: Pick<StatusSyncDeps, 'statusSink' | 'clock'>, event: StatusEvent): Promise<{ attempt: DeliveryAttempt; retryable: boolean }> {
  const at = deps.clock.now().toISOString();
  try {
    const { httpStatus } = await deps.statusSink.deliver(event);
    return { attempt: { at, ok: true, httpStatus }, retryable: false };
  } catch (err) {
    const status = (err as { httpStatus?: unknown } | undefined)?.httpStatus;
    const httpStatus = typeof status === 'number' && Number.isInteger(status) ? status : undefined;
    return {
      attempt: { at, ok: false, ...(httpStatus === undefined ? {} : { httpStatus }), error: failureText(err, event) },
      retryable: httpStatus === undefined || retryableStatus(httpStatus),
    };
  }
}

/**
 * Why an attempt failed, safe to store and log: the error's name and message with any of
 * the event's texts (as given or JSON-escaped, e.g. echoed in an answer body) cut out,
 * ID-number- and phone-shaped runs masked, at most 200 characters.
 */
function failureText(err: unknown, event: StatusEvent): string {
  let text = err instanceof Error ? (err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message || 'Error') : String(err);
  for (const value of [event.sourceId, ...Object.values(event.detail)]) {
    if (value.length < 4) continue;
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) text = text.split(form).join('[payload]');
  }
  return maskPersonalData(text).slice(0, MAX_ERROR_CHARS);
}

/**
 * Appends an attempt and moves the state: delivered once any attempt succeeded (and stays
 * so), dead after a final failure. Saved at the read version; a lost race re-reads the
 * record and applies the attempt to it, so no attempt is lost.
 */
async function record(
  deps: Pick<StatusSyncDeps, 'deliveries'>,
  current: StatusDelivery,
  attempt: DeliveryAttempt,
  o: { final: boolean; replay?: boolean },
): Promise<StatusDelivery> {
  let base = current;
  for (let tries = 1; ; tries++) {
    const next = withAttempt(base, attempt, o);
    try {
      await deps.deliveries.save(next, base.version);
      return next;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'CONFLICT') || tries >= MAX_SAVE_TRIES) throw e;
      const fresh = await deps.deliveries.get(current.event.id);
      if (!fresh) throw e;
      base = fresh;
    }
  }
}

function withAttempt(d: StatusDelivery, attempt: DeliveryAttempt, o: { final: boolean; replay?: boolean }): StatusDelivery {
  const delivered = d.state === 'delivered' || attempt.ok;
  const deliveredAt = d.deliveredAt ?? (attempt.ok ? attempt.at : undefined);
  return {
    ...d,
    state: delivered ? 'delivered' : o.final ? 'dead' : d.state,
    attempts: [...d.attempts, attempt],
    ...(deliveredAt ? { deliveredAt } : {}),
    replays: d.replays + (o.replay ? 1 : 0),
    version: d.version + 1,
  };
}

/** One warning per dead letter: business keys and the last error, never the event's texts. */
function logDead(message: string, d: StatusDelivery): void {
  logger.warn(message, {
    deliveryId: d.event.id,
    complaintId: d.event.complaintId,
    status: d.event.status,
    attempts: d.attempts.length,
    replays: d.replays,
    lastError: d.attempts.at(-1)?.error,
  });
}
