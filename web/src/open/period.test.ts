import { describe, expect, it } from 'vitest';
import { defaultPeriod, parsePeriod, percent, periodLabel, periodQuery } from './period.js';

describe('the disclosure period', () => {
  const today = '2026-11-30';

  it('reads a month, a quarter, a year or a span from the URL, and falls back to this month', () => {
    expect(parsePeriod('2026-10', today)).toEqual({ kind: 'month', value: '2026-10' });
    expect(parsePeriod('2026-Q2', today)).toEqual({ kind: 'quarter', value: '2026-Q2' });
    expect(parsePeriod('2025', today)).toEqual({ kind: 'year', value: '2025' });
    expect(parsePeriod('2026-01-05~2026-03-01', today)).toEqual({ kind: 'range', value: '2026-01-05~2026-03-01' });
    expect(parsePeriod('2026-13', today)).toEqual({ kind: 'month', value: '2026-11' });
    expect(parsePeriod(null, today)).toEqual({ kind: 'month', value: '2026-11' });
  });

  it("asks the API for the quarter's and the year's first to last day", () => {
    expect(periodQuery({ kind: 'month', value: '2026-11' })).toEqual({ month: '2026-11' });
    expect(periodQuery({ kind: 'quarter', value: '2026-Q1' })).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodQuery({ kind: 'quarter', value: '2026-Q4' })).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodQuery({ kind: 'year', value: '2028' })).toEqual({ from: '2028-01-01', to: '2028-12-31' });
    expect(periodQuery({ kind: 'range', value: '2026-01-05~2026-03-01' })).toEqual({ from: '2026-01-05', to: '2026-03-01' });
  });

  it('defaults each kind to the period around today, and names periods in words', () => {
    expect(defaultPeriod('quarter', today)).toEqual({ kind: 'quarter', value: '2026-Q4' });
    expect(defaultPeriod('range', today)).toEqual({ kind: 'range', value: '2026-11-01~2026-11-30' });
    expect(periodLabel({ kind: 'quarter', value: '2026-Q4' })).toBe('2026年第4季度');
    expect(periodLabel({ kind: 'month', value: '2026-03' })).toBe('2026年3月');
  });

  it('shows shares as percentages, and 暂无 when nothing was rated', () => {
    expect(percent(0.9567)).toBe('95.7%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('暂无');
  });
});
