/**
 * The unit inbox's backend: the notification digest (grouped per case, by urgency, mark-read
 * per group) and the list details (item name, the rater's reasons and contact as the reader
 * may see them).
 */
import { describe, expect, it } from 'vitest';
import { type DigestNotice, digest, subjectKindOf } from '../../functions/core/notification-digest.js';
import { RatingInput } from '../../functions/core/ratings.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import type { Notification } from '../../functions/ports/notifier.js';
import { submitCase } from '../../functions/usecases/cases.js';
import { itemNames, ratingDetails } from '../../functions/usecases/inbox.js';
import { listNotifications, markNotificationGroupRead, markNotificationRead, notificationDigest } from '../../functions/usecases/notifications.js';
import { submitRating } from '../../functions/usecases/ratings.js';
import { FakeInbox } from '../fakes-bad-review.js';
import { CITY_ITEM, CITY_UNIT, caseInput, domainError, makeDeps, principals } from '../fakes.js';

const notice = (id: string, kind: DigestNotice['kind'], createdAt: string, subject?: string, read = false): DigestNotice => ({
  id,
  kind,
  title: id,
  body: '',
  ...(subject ? { subject } : {}),
  createdAt,
  read,
});

describe('notification digest (core)', () => {
  it('groups reminders of one case into one line: newest first, count, unread, most urgent unread kind', () => {
    const d = digest([
      notice('a1', 'reminder', '2026-11-02T01:00:00Z', 'C-1-1'),
      notice('a2', 'reminder', '2026-11-02T02:00:00Z', 'C-1-1'),
      notice('a3', 'taskOrder', '2026-11-02T03:00:00Z', 'C-1-1'),
      notice('b1', 'dispatched', '2026-11-02T04:00:00Z', 'ZXABCDEFGHIJ23'),
      notice('c1', 'reply', '2026-11-02T05:00:00Z', 'C-2-2', true),
    ]);
    expect(d.groups.map((g) => [g.key, g.count, g.unread, g.urgency, g.latest.id])).toEqual([
      ['ZXABCDEFGHIJ23', 1, 1, 'reminder', 'b1'],
      ['C-1-1', 3, 3, 'urgent', 'a3'],
      ['C-2-2', 1, 0, 'info', 'c1'],
    ]);
    expect(d.groups[1]!.ids).toEqual(['a3', 'a2', 'a1']);
    expect(d.groups.map((g) => g.subjectKind)).toEqual(['complaint', 'badReview', 'badReview']);
    expect(d).toMatchObject({ unread: 2, urgentUnread: 1 });
  });

  it('takes the urgency from the unread notices once the urgent one is read, and keeps lone notices apart', () => {
    const d = digest([
      notice('t', 'taskOrder', '2026-11-02T01:00:00Z', 'C-1-1', true),
      notice('r', 'reminder', '2026-11-02T02:00:00Z', 'C-1-1'),
      notice('x', 'alert', '2026-11-02T03:00:00Z'),
      notice('y', 'alert', '2026-11-02T04:00:00Z'),
    ]);
    expect(d.groups.map((g) => [g.key, g.urgency, g.subjectKind])).toEqual([
      ['y', 'urgent', 'other'],
      ['x', 'urgent', 'other'],
      ['C-1-1', 'reminder', 'badReview'],
    ]);
    expect(d.urgentUnread).toBe(2);
  });

  it('tells bad reviews, complaints and other subjects apart by their ids', () => {
    expect(subjectKindOf('BJ-2026-0001-2')).toBe('badReview');
    expect(subjectKindOf('ZXABCDEFGHIJ23')).toBe('complaint');
    expect(subjectKindOf('ZXG0DNQNWQQV04')).toBe('complaint');
    expect(subjectKindOf('calendar-2027')).toBe('other');
    expect(subjectKindOf('biweekly-410400-2026-11-01-2026-11-14')).toBe('other');
    expect(subjectKindOf(undefined)).toBe('other');
  });
});

describe('notification digest (use case)', () => {
  const unitStaff = { kind: 'unitStaff', unitId: CITY_UNIT.unitId } as const;
  const send = (inbox: FakeInbox, id: string, kind: Notification['kind'], minute: number, subject?: string) =>
    inbox.notify({
      id,
      audience: unitStaff,
      kind,
      title: `t-${id}`,
      body: 'b',
      ...(subject ? { subject } : {}),
      createdAt: `2026-11-02T02:${String(minute).padStart(2, '0')}:00.000Z`,
    });

  it('makes 44 reminders of four cases four lines, and marks one line read at once', async () => {
    const inbox = new FakeInbox();
    for (let i = 0; i < 44; i++) await send(inbox, `n${i}`, i % 11 === 10 ? 'taskOrder' : 'reminder', i, `C-${i % 4}-1`);
    const d = await notificationDigest({ inbox }, principals.staff);
    expect(d.groups).toHaveLength(4);
    expect(d.groups.every((g) => g.count === 11 && g.unread === 11)).toBe(true);
    expect(d.unread).toBe(4);

    const r = await markNotificationGroupRead({ inbox }, principals.staff, 'C-1-1');
    expect(r).toEqual({ key: 'C-1-1', marked: 11, read: true });
    const after = await notificationDigest({ inbox }, principals.staff);
    expect(after.groups.find((g) => g.key === 'C-1-1')).toMatchObject({ unread: 0 });
    expect(after.unread).toBe(3);
    // Marking it again is a no-op; the leader (same unit's staff audience) still sees it unread.
    expect(await markNotificationGroupRead({ inbox }, principals.staff, 'C-1-1')).toMatchObject({ marked: 0 });
    expect((await notificationDigest({ inbox }, principals.leader)).unread).toBe(4);
  });

  it('keeps the per-notice mark-read, and a group that is not the reader’s is not found', async () => {
    const inbox = new FakeInbox();
    await send(inbox, 'only', 'reminder', 1, 'C-9-1');
    await markNotificationRead({ inbox }, principals.staff, 'only');
    expect((await listNotifications({ inbox }, principals.staff)).unread).toBe(0);
    expect((await notificationDigest({ inbox }, principals.staff)).groups[0]).toMatchObject({ key: 'C-9-1', unread: 0 });
    expect((await domainError(() => markNotificationGroupRead({ inbox }, principals.countyStaff, 'C-9-1'))).code).toBe('NOT_FOUND');
  });
});

describe('inbox list details', () => {
  async function badRating(anonymous: boolean) {
    const deps = makeDeps();
    const input = caseInput();
    await submitCase(deps, principals.admin, input);
    await submitRating(
      deps,
      anonymous ? principals.client : principals.citizen,
      parseOrThrow(RatingInput, {
        caseNumber: input.caseNumber,
        level: 5,
        channel: anonymous ? 'pad' : 'mobile',
        tags: ['办事效率'],
        ...(anonymous ? { anonymous: true } : { text: '跑了三趟' }),
      }),
    );
    return { deps, caseNumber: input.caseNumber, reviewId: `${input.caseNumber}-1` };
  }

  it('gives the unit the rater’s reasons and contact, and others a masked name and phone', async () => {
    const { deps, caseNumber, reviewId } = await badRating(false);
    const forUnit = (await ratingDetails(deps, principals.staff, [{ caseNumber }]))(reviewId);
    expect(forUnit).toMatchObject({ reasonTags: ['办事效率'], reasonText: '跑了三趟', rater: { name: '张三丰' } });
    expect(forUnit.rater?.phone).toMatch(/^1\d{10}$/);
    expect(Object.keys(forUnit.rater ?? {})).not.toContain('idNumber');
    const forOther = (await ratingDetails(deps, principals.countyStaff, [{ caseNumber }]))(reviewId);
    expect(forOther.rater?.name).not.toBe('张三丰');
    expect(forOther.rater?.phone).toContain('*');
  });

  it('gives no contact for an anonymous review, and names the service items', async () => {
    const { deps, caseNumber, reviewId } = await badRating(true);
    const d = (await ratingDetails(deps, principals.staff, [{ caseNumber }]))(reviewId);
    expect(d).toEqual({ reasonTags: ['办事效率'] });
    const names = await itemNames(deps, [{ itemCode: CITY_ITEM.itemCode }, { itemCode: CITY_ITEM.itemCode }, {}]);
    expect([...names]).toEqual([[CITY_ITEM.itemCode, CITY_ITEM.name]]);
  });
});
