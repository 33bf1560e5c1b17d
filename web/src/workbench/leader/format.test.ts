import { describe, expect, it } from 'vitest';
import { chineseDate, pct, shanghaiTime, span, stateOf, timeLeft } from './format.js';

describe('leader page formats', () => {
  it('shows a share as a percentage with one decimal, and a dash when nothing was counted', () => {
    expect([pct(0.925), pct(1), pct(0), pct(0.33333), pct(null)]).toEqual(['92.5%', '100%', '0%', '33.3%', '—']);
  });

  it('gives a span as its two largest parts, leaving out a zero second part', () => {
    expect([span(0), span(59), span(65), span(7_200), span(7_265), span(2 * 86_400 + 3 * 3_600 + 59)]).toEqual([
      '0秒',
      '59秒',
      '1分5秒',
      '2小时',
      '2小时1分',
      '2天3小时',
    ]);
  });

  it('counts down to a deadline and says when it has passed', () => {
    const deadline = '2026-03-05T06:30:00.000Z';
    const at = Date.parse(deadline);
    expect(timeLeft(deadline, at - 90_000)).toEqual({ overdue: false, text: '剩余 1分30秒' });
    expect(timeLeft(deadline, at + 3 * 3_600_000)).toEqual({ overdue: true, text: '已超期 3小时' });
  });

  it('writes times and dates in Shanghai time', () => {
    expect(shanghaiTime('2026-03-05T16:30:00.000Z')).toBe('2026-03-06 00:30');
    expect(chineseDate('2026-03-05T16:30:00.000Z')).toBe('2026年3月6日');
  });

  it('names the state: completed, else past the deadline is 超期, else signed for or not', () => {
    const deadline = '2026-03-05T06:30:00.000Z';
    const before = Date.parse(deadline) - 1000;
    const after = Date.parse(deadline) + 1000;
    expect(stateOf({ status: 'issued', deadline }, before)).toBe('issued');
    expect(stateOf({ status: 'acknowledged', deadline, acknowledgedAt: deadline }, before)).toBe('acknowledged');
    expect(stateOf({ status: 'acknowledged', deadline, acknowledgedAt: deadline }, after)).toBe('overdue');
    expect(stateOf({ status: 'overdue', deadline }, before)).toBe('overdue');
    expect(stateOf({ status: 'completed', deadline }, after)).toBe('completed');
  });
});
