import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

/**
 * What the browser tests share: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core against the local stack the global setup started, one browser per test
 * file, a fresh context per page, and screenshots in
 * .local/screenshots for a human look.
 */

/** The local stack's URL (provided by test/global-setup.ts). */
export const baseUrl = () => inject('baseUrl');

export const SHOTS = resolve('.local/screenshots');

/** Headless, sandbox-free (containers), and quiet: no GPU, no QUIC, no first-run, update or sync traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The workbench on a desktop, in the city's language and time zone, asking for reduced motion
 * (as many users do): no animation is caught half-way by a screenshot or by axe's colour check.
 */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' };
/** The QR rating page on a phone. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  reducedMotion: 'reduce',
};

export interface BrowserSession {
  /** A page in a fresh context (no shared storage, so no shared sign-in), 15 s default timeout. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Uncaught errors of every page opened so far (`pageerror`), for `expect(pageErrors).toEqual([])`. */
  readonly pageErrors: string[];
}

/**
 * Launches Chromium for the calling test file (beforeAll) and closes every context and the
 * browser after it (afterAll). Call it once, at the top of the file.
 */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    pageErrors,
    async newPage(options = DESKTOP) {
      if (!browser) throw new Error('Chromium is not running: call newPage() inside a test');
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      return page;
    },
  };
}

/** A screenshot in .local/screenshots/{name}.png, the whole page unless `fullPage` is false. */
export const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });

/**
 * Waits for `target` on a workbench page, pressing the page's 刷新 between looks (the pages
 * refresh themselves only every 30 s); on a timeout saves the screenshot `wb-failed` for a look.
 */
export async function untilVisible(page: Page, target: Locator, timeoutMs = 25_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await target.first().isVisible()) return;
    if (Date.now() > end) {
      await shot(page, 'wb-failed');
      throw new Error(`not visible after ${timeoutMs} ms: ${target}`);
    }
    await page
      .getByRole('button', { name: '刷新' })
      .first()
      .click()
      .catch(() => undefined);
    await page.waitForTimeout(500);
  }
}
