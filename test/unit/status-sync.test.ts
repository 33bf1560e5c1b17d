/**
 * Outbound status sync (转办状态回传) over in-memory fakes: the delivery record, retries with
 * backoff, the dead letter and an admin's replay. `sleep` is injected and records the waits
 * it is asked for; nothing really waits.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../functions/core/access.js';
import { DomainError } from '../../functions/core/errors.js';
import { logger } from '../../functions/observability.js';
import type { StatusEvent } from '../../functions/ports/status-sync.js';
import {
  backoffDelay,
  listDeadLetters,
  listDeliveries,
  replayDelivery,
  type StatusSyncDeps,
  statusEvent,
  syncStatus,
} from '../../functions/usecases/status-sync.js';
import { FakeDeliveryStore, FakeStatusSink } from '../fakes-status-sync.js';
import { domainError, FixedClock, principals } from '../fakes.js';

const ANSWER = '经核查，您反映的窗口排队问题已整改，新增两个综合受理窗口。';

function answered(over: Partial<Omit<StatusEvent, 'id'>> = {}): StatusEvent {
  return statusEvent({
    complaintId: 'CP-20261102-0001',
    sourceId: 'GJZB-2026-000123',
    seq: 3,
    status: 'answered',
    at: '2026-11-02T02:00:00.000Z',
    detail: { answer: ANSWER, unitName: '市政务服务中心' },
    ...over,
  });
}

interface Harness {
  deps: StatusSyncDeps & { deliveries: FakeDeliveryStore; statusSink: FakeStatusSink; clock: FixedClock };
  /** The waits `sleep` was asked for, in ms. */
  waits: number[];
}

function harness(retry?: StatusSyncDeps['syncRetry']): Harness {
  const waits: number[] = [];
  return {
    waits,
    deps: {
      deliveries: new FakeDeliveryStore(),
      statusSink: new FakeStatusSink(),
      clock: new FixedClock('2026-11-02T02:00:05.000Z'),
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...(retry ? { syncRetry: retry } : {}),
    },
  };
}

/** The logger's warnings, parsed. */
let warnings: Record<string, unknown>[] = [];
let rawLogs: string[] = [];
beforeEach(() => {
  warnings = [];
  rawLogs = [];
  const out = (logger as unknown as { console: Record<string, (...args: unknown[]) => void> }).console;
  for (const method of ['info', 'warn', 'error'] as const)
    vi.spyOn(out, method).mockImplementation((text: unknown) => {
      rawLogs.push(String(text));
      const line = JSON.parse(String(text)) as Record<string, unknown>;
      if (line.level === 'WARN') warnings.push(line);
    });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('syncStatus', () => {
  it('delivers a status change the first time and records the one attempt', async () => {
    // Prepare
    const { deps, waits } = harness();
    const event = answered();
    // Act
    const d = await syncStatus(deps, event);
    // Assess
    expect(d).toMatchObject({ state: 'delivered', deliveredAt: '2026-11-02T02:00:05.000Z', replays: 0, version: 2 });
    expect(d.attempts).toEqual([{ at: '2026-11-02T02:00:05.000Z', ok: true, httpStatus: 200 }]);
    expect(deps.statusSink.received).toEqual([event]);
    expect(await deps.deliveries.get(event.id)).toEqual(d);
    expect(waits).toEqual([]);
  });

  it('tries again after two failures and records all three attempts', async () => {
    // Prepare
    const { deps } = harness();
    deps.statusSink.failCalls([1], 503).failCalls([2], new Error('network error (ECONNRESET)'));
    // Act
    const d = await syncStatus(deps, answered());
    // Assess
    expect(d.state).toBe('delivered');
    expect(d.attempts).toEqual([
      { at: '2026-11-02T02:00:05.000Z', ok: false, httpStatus: 503, error: 'HTTP 503' },
      { at: '2026-11-02T02:00:05.000Z', ok: false, error: 'network error (ECONNRESET)' },
      { at: '2026-11-02T02:00:05.000Z', ok: true, httpStatus: 200 },
    ]);
    expect(deps.statusSink.received).toHaveLength(3);
    expect(warnings).toEqual([]);
  });

  it('puts it in the dead letter when every attempt fails, warns once, and does not throw', async () => {
    // Prepare
    const { deps } = harness();
    deps.statusSink.failAll(502);
    const event = answered();
    // Act
    const d = await syncStatus(deps, event);
    // Assess
    expect(d.state).toBe('dead');
    expect(d.attempts.map((a) => a.httpStatus)).toEqual([502, 502, 502]);
    expect(d.deliveredAt).toBeUndefined();
    const dead = await listDeadLetters(deps, principals.admin);
    expect(dead.items.map((x) => x.event.id)).toEqual([event.id]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ message: 'status sync dead-lettered', deliveryId: event.id, complaintId: event.complaintId, lastError: 'HTTP 502' });
  });

  it('gives up at once on a refusal (4xx other than 408/429): trying again cannot change it', async () => {
    // Prepare
    const { deps } = harness();
    deps.statusSink.failAll(422);
    // Act
    const d = await syncStatus(deps, answered());
    // Assess
    expect(d.state).toBe('dead');
    expect(d.attempts).toHaveLength(1);
    expect(deps.statusSink.received).toHaveLength(1);
  });

  it('sends the same event once: a second call answers the delivered record', async () => {
    // Prepare
    const { deps } = harness();
    const first = await syncStatus(deps, answered());
    deps.clock.set('2026-11-02T03:00:00.000Z');
    // Act: the caller retried its own step, stamping the change anew
    const again = await syncStatus(deps, answered({ at: '2026-11-02T02:59:00.000Z' }));
    // Assess
    expect(again).toEqual(first);
    expect(deps.statusSink.received).toHaveLength(1);
  });

  it('does not send a dead letter again on a second call: replaying it is the admin’s', async () => {
    // Prepare
    const { deps } = harness();
    deps.statusSink.failAll(500);
    const first = await syncStatus(deps, answered());
    deps.statusSink.failAll(undefined);
    // Act
    const again = await syncStatus(deps, answered());
    // Assess
    expect(again).toEqual(first);
    expect(deps.statusSink.received).toHaveLength(3);
  });

  it('resumes a delivery an earlier call left pending', async () => {
    // Prepare: the record an interrupted call wrote before its first attempt
    const { deps } = harness();
    const event = answered();
    await deps.deliveries.create({ event, state: 'pending', attempts: [], createdAt: '2026-11-02T02:00:00.000Z', replays: 0, version: 1 });
    // Act
    const d = await syncStatus(deps, event);
    // Assess
    expect(d).toMatchObject({ state: 'delivered', createdAt: '2026-11-02T02:00:00.000Z', version: 2 });
    expect(deps.statusSink.received).toHaveLength(1);
  });

  it('refuses an id already recorded for a different status change', async () => {
    // Prepare
    const { deps } = harness();
    await syncStatus(deps, answered());
    // Act
    const e = await domainError(() => syncStatus(deps, answered({ status: 'closed', detail: { result: '已办结' } })));
    // Assess
    expect(e.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(deps.statusSink.received).toHaveLength(1);
  });

  it('refuses an event whose id is not {complaintId}:{seq}', async () => {
    // Prepare
    const { deps } = harness();
    // Act
    const e = await domainError(() => syncStatus(deps, { ...answered(), id: 'CP-20261102-0001:4' }));
    // Assess
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues[0]?.field).toBe('id');
    expect(deps.deliveries.rows.size).toBe(0);
  });

  it('keeps the payload out of the attempts and the log, even when the platform’s error echoes it', async () => {
    // Prepare: a platform whose error echoes the request body
    const { deps } = harness();
    const event = answered({ detail: { answer: `${ANSWER}"引号"\n第二行`, unitName: '市政务服务中心' } });
    const echo = Object.assign(new Error(`HTTP 400: bad body ${JSON.stringify(event)}`), { httpStatus: 400 });
    deps.statusSink.failAll(echo);
    // Act
    const d = await syncStatus(deps, event);
    // Assess
    const attempts = JSON.stringify(d.attempts);
    expect(d.attempts[0]).toMatchObject({ ok: false, httpStatus: 400 });
    expect(d.attempts[0]?.error).toMatch(/^HTTP 400: bad body/);
    expect(d.attempts[0]?.error?.length).toBeLessThanOrEqual(200);
    for (const text of ['窗口排队', '市政务服务中心', event.sourceId]) {
      expect(attempts).not.toContain(text);
      expect(rawLogs.join('\n')).not.toContain(text);
    }
  });

  it('waits longer before each retry (exponential backoff with jitter)', async () => {
    // Prepare
    const { deps, waits } = harness({ attempts: 5, baseDelayMs: 100 });
    deps.statusSink.failAll(503);
    // Act
    await syncStatus(deps, answered());
    // Assess: half of 100·2^n fixed, half random
    expect(waits).toHaveLength(4);
    waits.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(50 * 2 ** n);
      expect(ms).toBeLessThan(100 * 2 ** n);
      if (n > 0) expect(ms).toBeGreaterThan(waits[n - 1]!);
    });
  });

  it('backs off by the defaults: about 500 ms, then about 1 s', () => {
    expect([backoffDelay(0, 500, () => 0), backoffDelay(0, 500, () => 0.999)]).toEqual([250, 499]);
    expect([backoffDelay(1, 500, () => 0), backoffDelay(1, 500, () => 0.999)]).toEqual([500, 999]);
  });

  it('lets a storage error propagate', async () => {
    // Prepare
    const { deps } = harness();
    const down = new Error('ProvisionedThroughputExceededException');
    deps.deliveries.failSave = () => down;
    // Act / Assess
    await expect(syncStatus(deps, answered())).rejects.toBe(down);
  });

  it('records an attempt on the latest version after losing a race', async () => {
    // Prepare: the first save loses an optimistic-lock race
    const { deps } = harness();
    let races = 1;
    deps.deliveries.failSave = () => (races-- > 0 ? new DomainError('CONFLICT', '冲突') : undefined);
    // Act
    const d = await syncStatus(deps, answered());
    // Assess
    expect(d).toMatchObject({ state: 'delivered', version: 2 });
    expect(await deps.deliveries.get(d.event.id)).toEqual(d);
  });
});

describe('dead letters and replay', () => {
  async function deadOne(h: Harness) {
    h.deps.statusSink.failAll(503);
    const d = await syncStatus(h.deps, answered());
    h.deps.statusSink.failAll(undefined);
    h.deps.clock.set('2026-11-03T01:00:00.000Z');
    return d;
  }

  it('an admin replays a dead letter: delivered, counted, out of the dead letters', async () => {
    // Prepare
    const h = harness();
    const dead = await deadOne(h);
    // Act
    const d = await replayDelivery(h.deps, principals.admin, dead.event.id);
    // Assess
    expect(d).toMatchObject({ state: 'delivered', replays: 1, deliveredAt: '2026-11-03T01:00:00.000Z', version: dead.version + 1 });
    expect(d.attempts).toHaveLength(4);
    expect(d.attempts.at(-1)).toEqual({ at: '2026-11-03T01:00:00.000Z', ok: true, httpStatus: 200 });
    expect((await listDeadLetters(h.deps, principals.admin)).items).toEqual([]);
    expect(h.deps.statusSink.received.at(-1)).toEqual(dead.event);
  });

  it('a replay that fails again keeps it in the dead letter, counted, and warns again', async () => {
    // Prepare
    const h = harness();
    const dead = await deadOne(h);
    h.deps.statusSink.failAll(new Error('timeout after 5000 ms'));
    // Act
    const d = await replayDelivery(h.deps, principals.admin, dead.event.id);
    // Assess
    expect(d).toMatchObject({ state: 'dead', replays: 1 });
    expect(d.attempts.at(-1)).toEqual({ at: '2026-11-03T01:00:00.000Z', ok: false, error: 'timeout after 5000 ms' });
    expect((await listDeadLetters(h.deps, principals.admin)).items).toEqual([d]);
    expect(warnings.map((w) => w.message)).toEqual(['status sync dead-lettered', 'status sync replay failed']);
  });

  it('answers a delivered one unchanged, without sending it', async () => {
    // Prepare
    const h = harness();
    const delivered = await syncStatus(h.deps, answered());
    // Act
    const d = await replayDelivery(h.deps, principals.admin, delivered.event.id);
    // Assess
    expect(d).toEqual(delivered);
    expect(h.deps.statusSink.received).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const h = harness();
    expect((await domainError(() => replayDelivery(h.deps, principals.admin, 'CP-404:1'))).code).toBe('NOT_FOUND');
  });

  it.each([
    ['supervisor', principals.supervisor],
    ['staff', principals.staff],
    ['client', principals.client],
  ] as [string, Principal][])('refuses a replay and the dead letters to a %s (FORBIDDEN), sending nothing', async (_role, p) => {
    // Prepare
    const h = harness();
    const dead = await deadOne(h);
    // Act
    const replay = await domainError(() => replayDelivery(h.deps, p, dead.event.id));
    const list = await domainError(() => listDeadLetters(h.deps, p));
    // Assess
    expect([replay.code, list.code]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(h.deps.statusSink.received).toHaveLength(3);
    expect(await h.deps.deliveries.get(dead.event.id)).toEqual(dead);
  });

  it('shows a complaint’s deliveries by seq to admins and supervisors only', async () => {
    // Prepare
    const h = harness();
    await syncStatus(h.deps, answered({ seq: 2, status: 'assigned', detail: { unitName: '市政务服务中心' } }));
    await syncStatus(h.deps, answered({ seq: 1, status: 'accepted', detail: {} }));
    await syncStatus(h.deps, answered({ complaintId: 'CP-OTHER', seq: 1, status: 'accepted', detail: {} }));
    // Act
    const forAdmin = await listDeliveries(h.deps, principals.admin, 'CP-20261102-0001');
    const forSupervisor = await listDeliveries(h.deps, principals.supervisor, 'CP-20261102-0001');
    const forStaff = await domainError(() => listDeliveries(h.deps, principals.staff, 'CP-20261102-0001'));
    // Assess
    expect(forAdmin.map((d) => d.event.id)).toEqual(['CP-20261102-0001:1', 'CP-20261102-0001:2']);
    expect(forSupervisor).toEqual(forAdmin);
    expect(forStaff.code).toBe('FORBIDDEN');
  });
});
