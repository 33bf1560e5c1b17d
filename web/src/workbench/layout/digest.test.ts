import { describe, expect, it } from 'vitest';
import { byUrgency, type DigestGroup, groupHref } from './digest.js';

const group = (key: string, urgency: DigestGroup['urgency'], subjectKind: DigestGroup['subjectKind'] = 'badReview'): DigestGroup => ({
  key,
  subject: key,
  subjectKind,
  urgency,
  latest: { id: `${key}:x`, kind: 'reminder', title: 't', body: 'b', subject: key, createdAt: '2026-11-02T02:00:00Z', read: false },
  count: 2,
  unread: 1,
  ids: [`${key}:x`, `${key}:y`],
});

describe('notification panel', () => {
  it('sorts groups into 紧急 / 提醒 / 其他, keeping the digest’s order within each', () => {
    const s = byUrgency([group('A-1', 'reminder'), group('B-1', 'urgent'), group('C-1', 'reminder'), group('D-1', 'info')]);
    expect(s.map((x) => [x.name, x.groups.map((g) => g.key)])).toEqual([
      ['紧急', ['B-1']],
      ['提醒', ['A-1', 'C-1']],
      ['其他', ['D-1']],
    ]);
  });

  it('links a group to its bad review’s or complaint’s case page, and nothing else', () => {
    expect(groupHref(group('BJ 1-1', 'urgent'))).toBe('#/bad-reviews/BJ%201-1');
    expect(groupHref(group('ZXAAAAAAAAAAAA', 'urgent', 'complaint'))).toBe('#/complaints/ZXAAAAAAAAAAAA');
    expect(groupHref(group('calendar-2027', 'urgent', 'other'))).toBeUndefined();
  });
});
