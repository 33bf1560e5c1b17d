import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * axe-core in the page under test (Debian's Chromium via playwright-core): WCAG 2.0/2.1
 * A and AA rules, and the test fails on any serious or critical violation. The pages'
 * CSP forbids inline and eval'd scripts, so axe is evaluated over the DevTools protocol,
 * which the page's CSP does not govern.
 */
const AXE_SOURCE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending nodes (at most 5 per rule). */
  targets: string[];
}

/** Runs axe on the page as it is now and returns every violation (fingerprints only, not whole results). */
export async function axeViolations(page: Page, options: { exclude?: string[] } = {}): Promise<A11yViolation[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const loaded = await cdp.send('Runtime.evaluate', { expression: 'typeof window.axe === "object"', returnByValue: true });
    if (!loaded.result.value) await cdp.send('Runtime.evaluate', { expression: AXE_SOURCE });
    const context = options.exclude?.length ? JSON.stringify({ include: [['html']], exclude: options.exclude.map((s) => [s]) }) : 'document';
    const run = `axe.run(${context}, ${JSON.stringify({ runOnly: { type: 'tag', values: TAGS } })}).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })))`;
    const out = await cdp.send('Runtime.evaluate', { expression: run, awaitPromise: true, returnByValue: true });
    if (out.exceptionDetails) throw new Error(`axe failed: ${out.exceptionDetails.exception?.description ?? out.exceptionDetails.text}`);
    return out.result.value as A11yViolation[];
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
/** Fails the test on any serious or critical WCAG A/AA violation on the page as it is now (lesser ones are returned for a look). */
export async function expectNoSeriousA11yViolations(page: Page, options: { exclude?: string[] } = {}): Promise<A11yViolation[]> {
  const all = await axeViolations(page, options);
  const serious = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe on ${page.url()}`).toEqual([]);
  return all;
}
