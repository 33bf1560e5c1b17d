import { describe, expect, it } from 'vitest';
import type { Audience, Notification, NotificationInbox } from '../../functions/ports/notifier.js';
import { stored } from './records.js';

const staffOf = (unitId: string): Audience => ({ kind: 'unitStaff', unitId });
const supervisorsOf = (regionCode: string): Audience => ({ kind: 'supervisors', regionCode });

const notification = (id: string, over: Partial<Notification> = {}): Notification => ({
  id,
  audience: staffOf('U-1'),
  kind: 'dispatched',
  title: '收到差评',
  body: '请及时核实。',
  subject: 'R-1-1',
  createdAt: '2026-11-02T02:00:00.000Z',
  ...over,
});
const ids = (list: { id: string }[]) => list.map((n) => n.id);

/** The in-app inbox (NotificationInbox, ports/notifier.ts), as every implementation must keep it. `makeInbox` gives an empty inbox. */
export function describeNotificationInboxContract(name: string, makeInbox: () => Promise<NotificationInbox>) {
  describe(`NotificationInbox contract: ${name}`, () => {
    it('lists a notification to its audience, unread, with its own fields as sent (no subject when it had none)', async () => {
      // Prepare
      const inbox = await makeInbox();
      const withSubject = notification('N-1');
      const without = notification('N-2', { subject: undefined, createdAt: '2026-11-02T03:00:00.000Z' });
      // Act
      await inbox.notify(withSubject);
      await inbox.notify(without);
      // Assess
      expect(await inbox.list([staffOf('U-1')], 'staff-1')).toStrictEqual([
        { ...stored(without), read: false },
        { ...stored(withSubject), read: false },
      ]);
      expect(await inbox.list([staffOf('U-2')], 'staff-2')).toEqual([]);
      expect(await inbox.list([{ kind: 'unitLeader', unitId: 'U-1' }], 'leader-1')).toEqual([]);
    });

    it('stores a notification id once: notifying it again, even changed, keeps the first', async () => {
      // Prepare
      const inbox = await makeInbox();
      const first = notification('N-1');
      await inbox.notify(first);
      // Act
      await inbox.notify({ ...first, title: '改过的标题' });
      // Assess
      expect(await inbox.list([staffOf('U-1')], 'staff-1')).toStrictEqual([{ ...stored(first), read: false }]);
    });

    it('reaches a region’s supervisors and those of every region above it, not a sibling region’s; everyone’s through allSupervisors', async () => {
      // Prepare
      const inbox = await makeInbox();
      // Act
      await inbox.notify(notification('N-county', { audience: supervisorsOf('410421'), kind: 'escalation' }));
      await inbox.notify(notification('N-all', { audience: { kind: 'allSupervisors' }, kind: 'alert' }));
      // Assess
      expect(ids(await inbox.list([supervisorsOf('410421')], 's'))).toEqual(['N-county']);
      expect(ids(await inbox.list([supervisorsOf('410400')], 's'))).toEqual(['N-county']);
      expect(ids(await inbox.list([supervisorsOf('410000')], 's'))).toEqual(['N-county']);
      expect(await inbox.list([supervisorsOf('410422')], 's')).toEqual([]);
      expect(ids(await inbox.list([supervisorsOf('410422'), { kind: 'allSupervisors' }], 's'))).toEqual(['N-all']);
    });

    it('lists newest first (the same instant by id, descending byte order), each once over all the audiences, up to the limit', async () => {
      // Prepare: the same instant with ids that sort differently by locale and by byte
      const inbox = await makeInbox();
      const at = '2026-11-02T05:00:00.000Z';
      await inbox.notify(notification('N-old', { createdAt: '2026-11-01T02:00:00.000Z' }));
      await inbox.notify(notification('N-b', { createdAt: at }));
      await inbox.notify(notification('Na', { createdAt: at, audience: { kind: 'unitLeader', unitId: 'U-1' } }));
      await inbox.notify(notification('N_a', { createdAt: at, audience: supervisorsOf('410421') }));
      const audiences: Audience[] = [staffOf('U-1'), { kind: 'unitLeader', unitId: 'U-1' }, supervisorsOf('410421'), supervisorsOf('410400')];
      // Act
      const all = await inbox.list(audiences, 'u');
      const two = await inbox.list(audiences, 'u', { limit: 2 });
      // Assess
      expect(ids(all)).toEqual(['Na', 'N_a', 'N-b', 'N-old']);
      expect(ids(two)).toEqual(['Na', 'N_a']);
    });

    it('marks read per user, for an addressed user only; an unknown id or one not addressed to the user is false', async () => {
      // Prepare
      const inbox = await makeInbox();
      await inbox.notify(notification('N-1'));
      await inbox.notify(notification('N-2', { audience: supervisorsOf('410421') }));
      // Act
      const marked = await inbox.markRead('N-1', 'staff-1', [staffOf('U-1')]);
      const markedAgain = await inbox.markRead('N-1', 'staff-1', [staffOf('U-1')]);
      const notAddressed = await inbox.markRead('N-1', 'staff-9', [staffOf('U-9')]);
      const unknown = await inbox.markRead('N-404', 'staff-1', [staffOf('U-1')]);
      const citySupervisor = await inbox.markRead('N-2', 'sup-city', [supervisorsOf('410400')]);
      // Assess
      expect([marked, markedAgain, notAddressed, unknown, citySupervisor]).toEqual([true, true, false, false, true]);
      expect((await inbox.list([staffOf('U-1')], 'staff-1')).map((n) => n.read)).toEqual([true]);
      expect((await inbox.list([staffOf('U-1')], 'staff-2')).map((n) => n.read)).toEqual([false]);
      expect((await inbox.list([supervisorsOf('410400')], 'sup-city')).map((n) => n.read)).toEqual([true]);
      expect((await inbox.list([supervisorsOf('410421')], 'sup-county')).map((n) => n.read)).toEqual([false]);
    });
  });
}
