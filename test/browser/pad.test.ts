import type { Page, Request, Response, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { expectNoSeriousA11yViolations } from './axe.js';
import { baseUrl, shot, useBrowser } from './setup.js';

/**
 * The hall pad (pad.html) in Chromium on the running local stack, signed in through the
 * local OIDC provider as the demo device `pad` (V-CITY, window W01): it shows the case the
 * business system pushed for its window, rates it while offline, survives a reload in the
 * middle of the upload, and the server ends up with exactly one rating.
 */
const { newPage, pageErrors } = useBrowser();
const PAD = { viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const BOARD = '/windows/V-CITY/W01/current-case';

/** A fresh completed case at V-CITY W01, pushed to the window's pad by the unit's business system. */
async function caseAtWindow() {
  const { caseNumber } = await pushCase();
  const res = await api('PUT', BOARD, { as: 'client', body: { caseNumber } });
  expect(res.status).toBe(200);
  return caseNumber;
}

const ratingsOf = async (caseNumber: string) =>
  (await api('GET', `/cases/${caseNumber}`, { as: 'admin' })).json.ratings as { level: number; channel: string; tags: string[]; anonymous: boolean }[];

/** Opens the pad; signed out, it goes through the provider's sign-in page as the demo device. */
async function openPad(page: Page) {
  await page.goto(`${baseUrl()}/pad.html`);
  // Either the provider's sign-in page (the page redirected there) or the pad's own screen (still signed in).
  await page.locator('#user-pad, .stage h1').first().waitFor();
  if (new URL(page.url()).pathname.startsWith('/oidc/')) {
    await page.locator('#user-pad').check();
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/pad\.html/);
  }
  await page.locator('.stage h1').waitFor();
}

type Upload = { keys: string[]; statuses: number[] };
const UPLOAD = '**/ratings/batch';

const keysOf = (request: Request) => (request.postDataJSON() as { ratings: { idempotencyKey: string }[] }).ratings.map((x) => x.idempotencyKey);
const statusesOf = (answer: unknown) => (answer as { results: { status: number }[] }).results.map((x) => x.status);

/** Sends an upload on to the server and reads its answer here in the test; the pad is not told. */
async function forward(route: Route): Promise<Upload> {
  const response = await route.fetch();
  return { keys: keysOf(route.request()), statuses: statusesOf(await response.json()) };
}

/** Every answer to an upload the page got, with the per-item statuses (none when the page moved on before the body could be read). */
function recordUploads(page: Page): Upload[] {
  const uploads: Upload[] = [];
  page.on('response', async (res: Response) => {
    if (res.request().method() !== 'POST' || new URL(res.url()).pathname !== '/ratings/batch') return;
    const keys = keysOf(res.request());
    uploads.push({ keys, statuses: statusesOf(await res.json().catch(() => ({ results: [] }))) });
  });
  return uploads;
}

const caseShown = (page: Page, caseNumber: string) => page.getByText(caseNumber, { exact: true }).waitFor();

describe('hall pad (pad.html)', () => {
  it('rates the pushed case offline, reloads mid-upload, and syncs exactly once', async () => {
    // Arrange
    const caseNumber = await caseAtWindow();
    const page = await newPage(PAD);
    const uploads = recordUploads(page);

    // Act: the pad shows the case the window just handled
    await openPad(page);
    await page.getByRole('heading', { name: '请您为本次服务评价' }).waitFor();
    await caseShown(page, caseNumber);
    await expect.poll(() => page.locator('.case').textContent()).toContain('测**');
    await shot(page, 'pad-1-case');
    await expectNoSeriousA11yViolations(page);

    // Act: the network goes down; a bad rating with a reason is given and thanked for
    await page.context().setOffline(true);
    await page.getByText('网络已断开').waitFor();
    await page.getByRole('radio', { name: '不满意', exact: true }).check();
    await expect.poll(() => page.getByRole('button', { name: '提交评价' }).isDisabled()).toBe(true); // a reason is required
    await page.getByRole('checkbox', { name: '服务态度' }).check();
    await shot(page, 'pad-2-bad-offline');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('heading', { name: '感谢您的评价！' }).waitFor();
    await page.getByText('1 条评价待上传').waitFor();
    await shot(page, 'pad-3-thanks-offline');
    await expectNoSeriousA11yViolations(page);
    expect(await ratingsOf(caseNumber)).toEqual([]);

    // Act: back online, the upload reaches the server but its answer never reaches the page: it reloads mid-upload
    let answered!: () => void;
    const serverAnswered = new Promise<void>((r) => {
      answered = r;
    });
    const lost: Upload[] = [];
    await page.route(UPLOAD, async (route) => {
      if (lost.length > 0) return route.fallback(); // the resend after the reload goes through
      lost.push(await forward(route)); // the server records it…
      answered(); // …and the page is reloaded before it hears back
    });
    await page.context().setOffline(false);
    await serverAnswered;
    await page.reload();

    // Assess: after the reload the pad sent the same rating again and got the first answer back
    await page.getByText('评价已全部上传').waitFor();
    await page.getByRole('heading', { name: '欢迎评价我们的服务' }).waitFor(); // the rated case is not offered again
    await shot(page, 'pad-4-synced');
    await expectNoSeriousA11yViolations(page);
    const ratings = await ratingsOf(caseNumber);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ level: 4, channel: 'pad', tags: ['服务态度'], anonymous: true });
    // The lost upload was recorded (201); the resend after the reload, same key, got the first answer back (200).
    expect(lost).toEqual([{ keys: [expect.any(String)], statuses: [201] }]);
    await expect.poll(() => uploads).toEqual([{ keys: lost[0]?.keys, statuses: [200] }]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('comes up from its service worker when reloaded offline, keeps what waits, and syncs each rating exactly once', async () => {
    // Arrange
    const first = await caseAtWindow();
    const page = await newPage(PAD);
    const uploads = recordUploads(page);
    await openPad(page);
    await caseShown(page, first);
    // The pad's worker is installed: the page and its files are cached.
    const worker = await page.evaluate(async () => {
      const sw = (navigator as unknown as { serviceWorker: { ready: Promise<{ scope: string; active: { scriptURL: string } | null }> } }).serviceWorker;
      const reg = await sw.ready;
      return { scope: new URL(reg.scope).pathname, script: reg.active && new URL(reg.active.scriptURL).pathname };
    });
    expect(worker).toEqual({ scope: '/pad.html', script: '/pad-sw.js' });

    // Act: the network goes down and the first case gets a bad rating
    await page.context().setOffline(true);
    await page.getByText('网络已断开').waitFor();
    await page.getByRole('radio', { name: '非常不满意', exact: true }).check();
    await page.getByRole('checkbox', { name: '服务态度' }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('1 条评价待上传').waitFor();

    // Act: reload while still offline
    const reloaded = await page.reload();

    // Assert: the page came from the worker, signed in as the device, with the rating still waiting
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole('heading', { name: '欢迎评价我们的服务' }).waitFor(); // the rated case is not offered again
    await page.getByText('1 条评价待上传').waitFor();
    await page.getByText('网络已断开').waitFor();
    await shot(page, 'pad-5-offline-reload');
    await expectNoSeriousA11yViolations(page);

    // Act: a short spell of network — the next case arrives, but every upload loses its answer on the way back
    const lost: Upload[] = [];
    const loseAnswer = async (route: Route) => {
      lost.push(await forward(route)); // the server records it…
      await route.abort('connectionreset'); // …and the pad never hears back
    };
    await page.route(UPLOAD, loseAnswer);
    await page.context().setOffline(false);
    const second = await caseAtWindow();
    await caseShown(page, second);
    await expect.poll(() => lost.length).toBeGreaterThan(0);
    await page.context().setOffline(true);
    await page.unroute(UPLOAD, loseAnswer);
    await page.getByText('网络已断开').waitFor();

    // Act: reloaded offline again, the pad still offers the case it was showing; it is rated too
    expect((await page.reload())?.fromServiceWorker()).toBe(true);
    await caseShown(page, second);
    await page.getByText('1 条评价待上传').waitFor();
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('2 条评价待上传').waitFor();
    await shot(page, 'pad-6-second-offline');
    await expectNoSeriousA11yViolations(page);
    expect(await ratingsOf(second)).toEqual([]);

    // Act: the network is back for good
    await page.context().setOffline(false);

    // Assert: both uploaded, each exactly once; the first one's earlier (lost) recording is answered again, not repeated
    await page.getByText('评价已全部上传').waitFor();
    await shot(page, 'pad-7-synced-after-offline-reloads');
    await expectNoSeriousA11yViolations(page);
    expect(await ratingsOf(first)).toEqual([expect.objectContaining({ level: 5, channel: 'pad', tags: ['服务态度'], anonymous: true })]);
    expect(await ratingsOf(second)).toEqual([expect.objectContaining({ level: 2, channel: 'pad', tags: [] })]);
    const firstKey = lost[0]?.keys[0];
    expect(lost[0]).toEqual({ keys: [firstKey], statuses: [201] });
    expect(lost.slice(1).every((l) => l.keys.length === 1 && l.keys[0] === firstKey && l.statuses[0] === 200)).toBe(true);
    const last = uploads.at(-1);
    expect(last?.keys).toHaveLength(2);
    expect(last?.statuses).toEqual(last?.keys.map((k) => (k === firstKey ? 200 : 201)));
    expect(uploads.flatMap((u) => u.statuses).filter((x) => x === 201)).toHaveLength(1); // the second case, once
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('rates by keyboard alone and resets by itself for the next person', async () => {
    // Arrange
    const page = await newPage(PAD);
    await openPad(page);
    await page.getByRole('heading', { name: /欢迎评价我们的服务|请您为本次服务评价/ }).waitFor();
    const caseNumber = await caseAtWindow();
    await caseShown(page, caseNumber);

    // Act: Tab to the choices, arrows to 满意, Tab to the button, Enter
    await page.getByRole('heading', { name: '请您为本次服务评价' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // 非常满意
    await page.keyboard.press('ArrowRight'); // 满意
    await expect.poll(() => page.getByRole('radio', { name: '满意', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByRole('button', { name: '提交评价' }).evaluate((b) => b === b.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '感谢您的评价！' }).waitFor();

    // Assess: uploaded at once, and back to waiting without anyone touching it
    await page.getByText('评价已全部上传').waitFor();
    await page.getByRole('heading', { name: '欢迎评价我们的服务' }).waitFor();
    expect(await ratingsOf(caseNumber)).toEqual([expect.objectContaining({ level: 2, channel: 'pad', tags: [] })]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
