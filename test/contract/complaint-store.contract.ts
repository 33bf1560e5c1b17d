import { describe, expect, it } from 'vitest';
import { buildComplaint, type Complaint } from '../../functions/core/complaints/complaint.js';
import type { ComplaintStore } from '../../functions/ports/complaints.js';
import type { NoticeEntry } from '../../functions/supervision/model.js';
import { domainCode, edited, stored, walk } from './records.js';

/** An instant on a Shanghai date, written with the +08:00 offset an intake gives. */
const at = (date: string, time = '10:00:00') => `${date}T${time}+08:00`;

/** A real-name 投诉 about U-EDU in 410402 by the person with keys id-A / phone-A, received 2026-11-02 10:00 (Shanghai). */
function complaint(id: string, over: Partial<Parameters<typeof buildComplaint>[0]> = {}): Complaint {
  return buildComplaint({
    complaintId: id,
    caseNumber: id,
    kind: 'complaint',
    source: 'portal',
    title: '窗口办事排队时间过长',
    content: `诉求${id}：在政务服务大厅办理业务时排队超过两小时，无人引导。`,
    unitId: 'U-EDU',
    regionCode: '410402',
    anonymous: false,
    contact: { name: '王五', phone: '13900000000' },
    complainantKeys: ['id-A', 'phone-A'],
    receivedAt: at('2026-11-02'),
    receivedBy: 'operator-1',
    dueAt: at('2026-11-19', '23:59:59'),
    intake: { title: '窗口办事排队时间过长', receivedAt: at('2026-11-02') },
    skipReview: false,
    ...over,
  });
}

/** Saves the next version with `change` applied (the caller bumps the version; the store bumps nothing). */
async function saveNext(store: ComplaintStore, c: Complaint, change: Partial<Complaint>): Promise<Complaint> {
  const next = { ...c, ...change, version: c.version + 1 };
  await store.save(next, c.version);
  return next;
}

async function createAll(store: ComplaintStore, ...cs: Complaint[]): Promise<void> {
  for (const c of cs) expect((await store.create(c)).created).toBe(true);
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const complaintIds = (p: { items: Complaint[] }) => p.items.map((c) => c.complaintId);

/** The complaints' store (ports/complaints.ts on supervision/ports.ts), as every implementation must keep it. `makeStore` gives an empty store. */
export function describeComplaintStoreContract(name: string, makeStore: () => Promise<ComplaintStore>) {
  describe(`ComplaintStore contract: ${name}`, () => {
    it('creates a complaint and gives it back as it was given, listed under its unit and open; nothing for an unknown id', async () => {
      // Prepare
      const store = await makeStore();
      const c = complaint('ZX-1', { itemCode: 'I-001', personKey: 'person-A' });
      // Act
      const result = await store.create(c);
      // Assess
      expect(result).toStrictEqual({ created: true, complaint: c });
      expect(await store.get('ZX-1')).toStrictEqual(stored(c));
      expect(await store.get('ZX-2')).toBeUndefined();
      expect(complaintIds(await store.listByUnit('U-EDU'))).toEqual(['ZX-1']);
      expect(complaintIds(await store.listOpen())).toEqual(['ZX-1']);
    });

    it('answers an existing id with the stored complaint and writes nothing: no rows under the new keys, unit, person or month', async () => {
      // Prepare
      const store = await makeStore();
      const first = complaint('ZX-1');
      await createAll(store, first);
      const writesBefore = writesOf(store);
      const again = complaint('ZX-1', {
        title: '另一个标题的重复投递',
        unitId: 'U-HEALTH',
        regionCode: '410300',
        complainantKeys: ['id-B'],
        personKey: 'person-B',
        receivedAt: at('2026-12-05'),
      });
      // Act
      const result = await store.create(again);
      // Assess
      expect(result).toStrictEqual({ created: false, complaint: stored(first) });
      expect(await store.get('ZX-1')).toStrictEqual(stored(first));
      expect(await store.listByComplainant(['id-B', 'person-B'], at('2026-01-01'))).toEqual([]);
      expect((await store.listByPerson('person-B')).items).toEqual([]);
      expect((await store.listByUnit('U-HEALTH')).items).toEqual([]);
      expect(ids(await store.listForAnalysis({ from: at('2026-01-01'), to: at('2026-12-31'), limit: 100 }))).toEqual(['ZX-1']);
      expect(ids(await store.listByComplainant(['id-A'], at('2026-01-01')))).toEqual(['ZX-1']);
      if (writesBefore !== undefined) expect(writesOf(store)).toBe(writesBefore);
    });

    it('saves at the current version; (re)assignment moves it between unit lists, unassigned ("") included; stale or never created is a CONFLICT', async () => {
      // Prepare
      const store = await makeStore();
      const v1 = complaint('ZX-1', { unitId: '' });
      await createAll(store, v1);
      const unassigned = complaintIds(await store.listByUnit(''));
      // Act
      const v2 = await saveNext(store, v1, { unitId: 'U-EDU', assignments: [{ unitId: 'U-EDU', at: at('2026-11-02', '11:00:00'), by: 'supervisor-1' }] });
      const afterAssign = { none: complaintIds(await store.listByUnit('')), edu: complaintIds(await store.listByUnit('U-EDU')) };
      const stale = await domainCode(store.save({ ...v1, unitId: 'U-HEALTH', version: 2 }, 1));
      const v3 = await saveNext(store, v2, {
        unitId: 'U-HEALTH',
        assignments: [...v2.assignments, { unitId: 'U-HEALTH', at: at('2026-11-03'), by: 'supervisor-1' }],
      });
      const never = await domainCode(store.save(complaint('ZX-9'), 1));
      // Assess
      expect(unassigned).toEqual(['ZX-1']);
      expect(afterAssign).toEqual({ none: [], edu: ['ZX-1'] });
      expect(stale).toBe('CONFLICT');
      expect(never).toBe('CONFLICT');
      expect(complaintIds(await store.listByUnit('U-EDU'))).toEqual([]);
      expect(complaintIds(await store.listByUnit('U-HEALTH', { open: true }))).toEqual(['ZX-1']);
      expect(await store.get('ZX-1')).toStrictEqual(stored(v3));
      expect(await store.get('ZX-9')).toBeUndefined();
    });

    it('lists a closed complaint after the open ones of its unit and leaves it out of the open lists', async () => {
      // Prepare
      const store = await makeStore();
      const older = complaint('ZX-1', { receivedAt: at('2026-11-01') });
      const newer = complaint('ZX-2', { receivedAt: at('2026-11-02') });
      await createAll(store, older, newer);
      // Act
      await saveNext(store, newer, { status: 'closed', closeReason: 'answered', closedAt: at('2026-11-05') });
      // Assess
      expect(complaintIds(await store.listByUnit('U-EDU'))).toEqual(['ZX-1', 'ZX-2']);
      expect(complaintIds(await store.listByUnit('U-EDU', { open: true }))).toEqual(['ZX-1']);
      expect(complaintIds(await store.listOpen())).toEqual(['ZX-1']);
    });

    it('lists open complaints by region code, then oldest first; a region reads itself and the regions under it', async () => {
      // Prepare
      const store = await makeStore();
      await createAll(
        store,
        complaint('ZX-late', { regionCode: '410402', receivedAt: at('2026-11-03') }),
        complaint('ZX-early', { regionCode: '410402', receivedAt: at('2026-11-01') }),
        complaint('ZX-town', { regionCode: '410402001', receivedAt: at('2026-11-01') }),
        complaint('ZX-next-county', { regionCode: '410403', receivedAt: at('2026-11-01') }),
        complaint('ZX-other-city', { regionCode: '410300', receivedAt: at('2026-11-01') }),
      );
      // Act
      const city = await store.listOpen({ regionCode: '410400' });
      const county = await store.listOpen({ regionCode: '410402' });
      const paged = await walk((q) => store.listOpen({ ...q, regionCode: '410400' }), 3);
      // Assess
      expect(complaintIds(city)).toEqual(['ZX-early', 'ZX-late', 'ZX-town', 'ZX-next-county']);
      expect(complaintIds(county)).toEqual(['ZX-early', 'ZX-late', 'ZX-town']);
      expect(complaintIds(paged)).toEqual(complaintIds(city));
      expect(paged.sizes).toEqual([3, 1]);
    });

    it('keeps the complaints’ own 通报 list (kind complaint)', async () => {
      // Prepare
      const store = await makeStore();
      const entry: NoticeEntry = {
        period: '2026-10-26',
        unitId: 'U-EDU',
        regionCode: '410402',
        caseId: 'ZX-1',
        caseNumber: 'ZX-1',
        escalation: 1,
        at: '2026-11-02T02:00:00.000Z',
      };
      // Act
      await store.addNotice(entry);
      // Assess
      expect(await store.listNotices('2026-10-26', { regionCode: '410400' })).toStrictEqual([entry]);
      expect(await store.listNotices('2026-10-26', { regionCode: '410300' })).toEqual([]);
    });

    it('finds a person’s complaints since a date by any of their keys, each once, newest first; older ones and other people’s are left out', async () => {
      // Prepare
      const store = await makeStore();
      await createAll(
        store,
        complaint('ZX-old', { receivedAt: at('2026-09-30', '23:59:59') }),
        complaint('ZX-both', { receivedAt: at('2026-10-05'), itemCode: 'I-001' }),
        complaint('ZX-phone', { receivedAt: at('2026-10-10'), complainantKeys: ['phone-A'], unitId: '' }),
        // Exactly at `since`, written in UTC: the bound is the instant, inclusive.
        complaint('ZX-utc', { receivedAt: '2026-09-30T16:00:00.000Z', complainantKeys: ['id-A'] }),
        complaint('ZX-other', { receivedAt: at('2026-10-12'), complainantKeys: ['id-B'] }),
        complaint('ZX-anonymous', { receivedAt: at('2026-10-12'), anonymous: true, contact: undefined, complainantKeys: [] }),
        complaint('ZX-signed-in', { receivedAt: at('2026-10-20'), complainantKeys: [], personKey: 'id-A' }),
      );
      const since = at('2026-10-01', '00:00:00');
      // Act
      const both = await store.listByComplainant(['id-A', 'phone-A'], since);
      const phone = await store.listByComplainant(['phone-A', ''], since);
      // Assess
      expect(both).toStrictEqual([
        { id: 'ZX-signed-in', receivedAt: at('2026-10-20'), complainantKeys: [], unitId: 'U-EDU' },
        { id: 'ZX-phone', receivedAt: at('2026-10-10'), complainantKeys: ['phone-A'] },
        { id: 'ZX-both', receivedAt: at('2026-10-05'), complainantKeys: ['id-A', 'phone-A'], unitId: 'U-EDU', itemCode: 'I-001' },
        { id: 'ZX-utc', receivedAt: '2026-09-30T16:00:00.000Z', complainantKeys: ['id-A'], unitId: 'U-EDU' },
      ]);
      expect(ids(phone)).toEqual(['ZX-phone', 'ZX-both']);
      expect(await store.listByComplainant([], since)).toEqual([]);
      expect(await store.listByComplainant(['id-C'], since)).toEqual([]);
    });

    it('answers repeat detection with the intake’s unit and item: a later (re)assignment does not change them', async () => {
      // Prepare
      const store = await makeStore();
      const c = complaint('ZX-1', { unitId: '' });
      await createAll(store, c);
      // Act
      await saveNext(store, c, { unitId: 'U-EDU', assignments: [{ unitId: 'U-EDU', at: at('2026-11-02', '11:00:00'), by: 'supervisor-1' }] });
      // Assess
      expect(await store.listByComplainant(['id-A'], at('2026-11-01'))).toStrictEqual([
        { id: 'ZX-1', receivedAt: at('2026-11-02'), complainantKeys: ['id-A', 'phone-A'] },
      ]);
      expect((await store.listForAnalysis({ from: at('2026-11-01'), to: at('2026-11-30'), limit: 10 }))[0]?.unitId).toBeUndefined();
    });

    it('lists a person’s complaints newest first (same instant: id, byte order), as saved now, page by page; a cursor of another person’s list is refused', async () => {
      // Prepare
      const store = await makeStore();
      const mine = (id: string, date: string, over: Partial<Parameters<typeof buildComplaint>[0]> = {}) =>
        complaint(id, { receivedAt: at(date), personKey: 'person-A', ...over });
      const first = mine('ZX-1', '2026-10-01');
      await createAll(
        store,
        first,
        mine('ZX-3', '2026-10-03'),
        mine('ZX_3', '2026-10-03'),
        mine('ZX-4', '2026-11-04'),
        // Filed by phone for the same ID number: its complainant key is the person's key.
        complaint('ZX-5', { receivedAt: at('2026-11-05'), complainantKeys: ['person-A'], source: 'hotline' }),
        complaint('ZX-other', { receivedAt: at('2026-10-02'), personKey: 'person-B' }),
      );
      const saved = await saveNext(store, first, { status: 'open', step: 'handle' });
      // Act
      const all = await store.listByPerson('person-A');
      const paged = await walk((q) => store.listByPerson('person-A', q), 2);
      const { next } = await store.listByPerson('person-A', { limit: 1 });
      const codes = [
        await domainCode(store.listByPerson('person-B', { cursor: next! })),
        await domainCode(store.listByPerson('person-A', { cursor: edited(next!) })),
      ];
      // Assess
      expect(complaintIds(all)).toEqual(['ZX-5', 'ZX-4', 'ZX_3', 'ZX-3', 'ZX-1']);
      expect(all.items.at(-1)).toStrictEqual(stored(saved));
      expect(complaintIds(paged)).toEqual(complaintIds(all));
      expect(paged.sizes).toEqual([2, 2, 1]);
      expect(codes).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED']);
      expect(complaintIds(await store.listByPerson('person-B'))).toEqual(['ZX-other']);
      expect((await store.listByPerson('person-C')).items).toEqual([]);
    });

    it('gives the hot-spot analysis the complaints from `from` to `to` across months, newest first, by region prefix, at most `limit`', async () => {
      // Prepare
      const store = await makeStore();
      await createAll(
        store,
        complaint('ZX-sep', { receivedAt: at('2026-09-30', '23:59:59') }),
        complaint('ZX-oct-1', { receivedAt: at('2026-10-01', '00:00:00'), regionCode: '410403', unitId: '', itemCode: 'I-002' }),
        complaint('ZX-oct-15', { receivedAt: at('2026-10-15'), regionCode: '410300' }),
        complaint('ZX-oct-20', { receivedAt: at('2026-10-20'), regionCode: '410402001' }),
        // 2026-10-31 in UTC, November in Shanghai.
        complaint('ZX-nov-1', { receivedAt: at('2026-11-01', '07:00:00'), regionCode: '410402', anonymous: true, contact: undefined, complainantKeys: [] }),
        complaint('ZX-nov-2', { receivedAt: at('2026-11-02'), regionCode: '410300' }),
        complaint('ZX-nov-3', { receivedAt: at('2026-11-03'), regionCode: '410402' }),
        complaint('ZX-dec', { receivedAt: at('2026-12-01', '00:00:00'), regionCode: '410402' }),
      );
      const from = at('2026-10-01', '00:00:00');
      const to = at('2026-11-30', '23:59:59');
      // Act
      const all = await store.listForAnalysis({ from, to, limit: 100 });
      const city = await store.listForAnalysis({ regionCode: '410400', from, to, limit: 100 });
      const county = await store.listForAnalysis({ regionCode: '410402', from, to, limit: 100 });
      const limited = await store.listForAnalysis({ from, to, limit: 2 });
      const bounded = await store.listForAnalysis({ from: at('2026-10-15'), to: at('2026-11-02'), limit: 100 });
      // Assess
      expect(ids(all)).toEqual(['ZX-nov-3', 'ZX-nov-2', 'ZX-nov-1', 'ZX-oct-20', 'ZX-oct-15', 'ZX-oct-1']);
      expect(ids(city)).toEqual(['ZX-nov-3', 'ZX-nov-1', 'ZX-oct-20', 'ZX-oct-1']);
      expect(ids(county)).toEqual(['ZX-nov-3', 'ZX-nov-1', 'ZX-oct-20']);
      expect(ids(limited)).toEqual(['ZX-nov-3', 'ZX-nov-2']);
      expect(ids(bounded)).toEqual(['ZX-nov-2', 'ZX-nov-1', 'ZX-oct-20', 'ZX-oct-15']);
      expect(await store.listForAnalysis({ from: to, to: from, limit: 100 })).toEqual([]);
      expect(await store.listForAnalysis({ from, to, limit: 0 })).toEqual([]);
      const content = (id: string) => `诉求${id}：在政务服务大厅办理业务时排队超过两小时，无人引导。`;
      expect(all.find((c) => c.id === 'ZX-oct-1')).toStrictEqual({
        id: 'ZX-oct-1',
        receivedAt: from,
        complainantKeys: ['id-A', 'phone-A'],
        itemCode: 'I-002',
        text: `窗口办事排队时间过长\n${content('ZX-oct-1')}`,
      });
      expect(all.find((c) => c.id === 'ZX-nov-1')).toStrictEqual({
        id: 'ZX-nov-1',
        receivedAt: at('2026-11-01', '07:00:00'),
        complainantKeys: [],
        unitId: 'U-EDU',
        text: `窗口办事排队时间过长\n${content('ZX-nov-1')}`,
      });
    });

    it('remembers answer fingerprints: the newest 50 of one fingerprint, newest first, each (time, complaint) once', async () => {
      // Prepare
      const store = await makeStore();
      const fp = 'sha256:template';
      const minute = (n: number) => new Date(Date.UTC(2026, 10, 2, 2, n)).toISOString();
      for (let n = 0; n < 52; n++)
        await store.addAnswerFingerprint(fp, { complaintId: `ZX-${n}`, fingerprint: fp, topicTerms: ['排队', `词${n}`], at: minute(n) });
      await store.addAnswerFingerprint('sha256:other', { complaintId: 'ZX-x', fingerprint: 'sha256:other', topicTerms: [], at: minute(59) });
      // Act: the latest one again, then one written with an offset, between the two newest
      await store.addAnswerFingerprint(fp, { complaintId: 'ZX-51', fingerprint: fp, topicTerms: ['排队', '词51'], at: minute(51) });
      await store.addAnswerFingerprint(fp, { complaintId: 'ZX-offset', fingerprint: fp, topicTerms: ['排队'], at: '2026-11-02T10:50:30+08:00' });
      const found = await store.answersWithFingerprint(fp);
      // Assess
      expect(found).toHaveLength(50);
      expect(found.slice(0, 3)).toStrictEqual([
        { complaintId: 'ZX-51', fingerprint: fp, topicTerms: ['排队', '词51'] },
        { complaintId: 'ZX-offset', fingerprint: fp, topicTerms: ['排队'] },
        { complaintId: 'ZX-50', fingerprint: fp, topicTerms: ['排队', '词50'] },
      ]);
      expect(found.at(-1)?.complaintId).toBe('ZX-3');
      expect(await store.answersWithFingerprint('sha256:other')).toStrictEqual([{ complaintId: 'ZX-x', fingerprint: 'sha256:other', topicTerms: [] }]);
      expect(await store.answersWithFingerprint('sha256:none')).toEqual([]);
    });
  });
}

/** The fake's write counter (FakeComplaintStore.writes); undefined for a store without one. */
const writesOf = (store: ComplaintStore) => {
  const writes = (store as { writes?: unknown }).writes;
  return typeof writes === 'number' ? writes : undefined;
};
