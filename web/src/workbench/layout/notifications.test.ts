import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The API as the workbench would see it: two lists, the digest, and a mark-read that records its calls. */
const calls: string[] = [];
let digestAnswer: unknown;
vi.mock('../../api/client.js', () => ({
  ApiError: class extends Error {},
  api: {
    get: vi.fn(async (path: string) => {
      calls.push(`GET ${path}`);
      if (path === '/notifications/digest') return digestAnswer;
      if (path === '/bad-reviews')
        return {
          items: [
            { overdue: false, step: 'verify' },
            { overdue: false, step: 'taskOrder' },
            { overdue: true, step: 'rectify' },
          ],
          next: undefined,
        };
      if (path === '/complaints') return { items: [{ overdue: false, step: 'handle' }], next: 'more' };
      throw new Error(`unexpected ${path}`);
    }),
    post: vi.fn(async (path: string, o: { path: { key: string } }) => {
      calls.push(`POST ${path} ${o.path.key}`);
      return { key: o.path.key, marked: 2, read: true };
    }),
  },
}));
vi.mock('../router.js', () => ({ router: { afterEach: () => () => undefined } }));

const notice = (id: string, subject: string) => ({
  id,
  kind: 'taskOrder',
  title: `任务交办单 ${subject}`,
  body: '请及时办理',
  subject,
  createdAt: '2026-11-02T02:00:00Z',
  read: false,
});
const group = (key: string, urgency: string, subjectKind: string, unread = 2) => ({
  key,
  subject: key,
  subjectKind,
  urgency,
  latest: notice(`${key}:a`, key),
  count: 3,
  unread,
  ids: [],
});

beforeEach(() => {
  calls.length = 0;
  digestAnswer = {
    groups: [group('A-1', 'urgent', 'badReview'), group('ZXAAAAAAAAAAAA', 'reminder', 'complaint'), group('calendar-2027', 'info', 'other', 0)],
    unread: 2,
    urgentUnread: 1,
  };
});

describe('nav counts', () => {
  it('counts open items with those behind schedule (overdue or in the task-order step), "+" when a list goes on, and urgent unread notices', async () => {
    const { counts, refreshCounts } = await import('./counts.js');
    await refreshCounts(['inbox', 'notifications', 'unknown']);
    expect(counts.value.inbox).toEqual({ n: 4, label: '4+ 件待办，其中 2 件超期', urgent: true });
    expect(counts.value.notifications).toEqual({ n: 1, label: '1 条紧急通知未读', urgent: true });
    expect(counts.value.unknown).toBeUndefined();
  });
});

describe('Notifications.vue', () => {
  it('opens a panel grouped 紧急/提醒/其他, one line per case linking to its page, and marks a line read', async () => {
    const { default: Notifications } = await import('./Notifications.vue');
    const w = mount(Notifications, { attachTo: document.body });
    const { loadDigest } = await import('./digest.js');
    await loadDigest();
    await flushPromises();
    expect(w.get('button.wb-notify').attributes('aria-label')).toBe('通知，1 件紧急未读');
    await w.get('button.wb-notify').trigger('click');
    await flushPromises();
    const headings = [...document.querySelectorAll('.notify-section h2')].map((h) => h.textContent);
    expect(headings).toEqual(['紧急（1）', '提醒（1）', '其他（1）']);
    const links = [...document.querySelectorAll('.notify-group a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['#/bad-reviews/A-1', '#/complaints/ZXAAAAAAAAAAAA']);
    expect(document.querySelector('[data-key="A-1"]')?.textContent).toContain('共 3 条，2 条未读');

    const markButton = document.querySelector<HTMLButtonElement>('[data-key="A-1"] button');
    markButton?.click();
    await flushPromises();
    expect(calls).toContain('POST /notifications/groups/{key}/read A-1');
    // Read lines have no button; the lone calendar notice has no link.
    expect(document.querySelector('[data-key="calendar-2027"] button')).toBeNull();
    w.unmount();
  });
});
