import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { baseUrl, DESKTOP, PHONE, shot, signIn, useBrowser } from './setup.js';

/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core) against the
 * local stack the global setup started: the QR rating page on a phone-sized viewport and
 * the workbench on a desktop one. Screenshots land in .local/screenshots for a human look.
 */
const { newPage } = useBrowser();

/** A fresh, completed case of the demo citizen at V-CITY W01 (unit U-SCJG), so each test owns its data. */
const freshCitizenCase = async () => (await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' })).caseNumber;
const ratingsOf = async (caseNumber: string) => {
  const res = await api('GET', `/cases/${caseNumber}`, { as: 'admin' });
  expect(res.status).toBe(200);
  return res.json.ratings as { level: number; channel: string; tags: string[]; text?: string; venueId?: string; windowId?: string; anonymous: boolean }[];
};

/** Records the Idempotency-Key of every POST /ratings the page sends. */
function watchRatingPosts(page: Page): string[] {
  const keys: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/ratings') keys.push(r.headers()['idempotency-key'] ?? '');
  });
  return keys;
}

async function openRatePage(page: Page) {
  await page.goto(`${baseUrl()}/rate.html?venue=V-CITY&window=W01`);
  await page.getByRole('heading', { name: '平顶山市政务服务中心' }).waitFor();
}
async function signInAsCitizen(page: Page) {
  await page.getByRole('button', { name: '以演示市民身份登录' }).click();
  await page.getByText('已登录：张三').waitFor();
}
async function enterCase(page: Page, caseNumber: string) {
  await page.getByLabel('办件编号').fill(caseNumber);
  await page.getByLabel('办件编号').press('Tab');
  await page.locator('#case-info').getByText('企业设立登记').waitFor(); // the lookup found the citizen's case
}

describe('QR rating page (rate.html)', () => {
  it('rates a case: venue shown, demo sign-in, tag required for 不满意, one level-4 qr rating stored', async () => {
    // Arrange
    const caseNumber = await freshCitizenCase();
    const page = await newPage(PHONE);
    const posts = watchRatingPosts(page);

    // Act: land from the QR code, sign in, fill the case number
    await openRatePage(page);
    expect(await page.locator('#place-window').textContent()).toContain('1号窗口（市场监督管理局）');
    await shot(page, 'rate-1-landing');
    await signInAsCitizen(page);
    await enterCase(page, caseNumber);

    // Act: 不满意 without a reason
    await page.getByRole('radio', { name: '不满意', exact: true }).check();
    await page.getByRole('checkbox', { name: '服务态度' }).waitFor();
    await page.getByRole('button', { name: '提交评价' }).click();

    // Assess: the tag error is on the tags, nothing was sent
    await page.locator('#tags-error').getByText('至少选择一个原因').waitFor();
    expect(await page.locator('#tags-field').getAttribute('aria-invalid')).toBe('true');
    expect(posts).toHaveLength(0);
    await shot(page, 'rate-2-tag-required');

    // Act: pick a reason, write a comment, submit
    const text = '窗口排队时间较长，希望增加引导人员。';
    await page.getByRole('checkbox', { name: '服务态度' }).check();
    await page.getByLabel('意见或建议').fill(text);
    expect(await page.locator('#text-counter').textContent()).toBe(`${text.length}/500`);
    await page.getByRole('button', { name: '提交评价' }).click();

    // Assess: success on the page, one level-4 qr rating in the API
    await page.getByRole('heading', { name: '评价已提交，感谢您的反馈' }).waitFor();
    await shot(page, 'rate-3-success');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/^[0-9a-f-]{36}$/);
    const ratings = await ratingsOf(caseNumber);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ level: 4, channel: 'qr', tags: ['服务态度'], text, venueId: 'V-CITY', windowId: 'W01', anonymous: false });
  }, 90_000);

  it('double-clicking submit creates only one rating', async () => {
    // Arrange
    const caseNumber = await freshCitizenCase();
    const page = await newPage(PHONE);
    const posts = watchRatingPosts(page);
    await openRatePage(page);
    await signInAsCitizen(page);
    await enterCase(page, caseNumber);
    await page.getByRole('radio', { name: '满意', exact: true }).check();

    // Act
    await page.getByRole('button', { name: '提交评价' }).dblclick();

    // Assess
    await page.getByRole('heading', { name: '评价已提交，感谢您的反馈' }).waitFor();
    await page.waitForTimeout(500); // let a second request, if any, arrive
    expect(new Set(posts).size).toBe(1);
    const ratings = await ratingsOf(caseNumber);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ level: 2, channel: 'qr' });
  }, 90_000);

  it('a lost response is retried with the same Idempotency-Key and shows the first result', async () => {
    // Arrange: the first POST reaches the API, but its answer never reaches the phone
    const caseNumber = await freshCitizenCase();
    const page = await newPage(PHONE);
    const posts = watchRatingPosts(page);
    let dropped = false;
    await page.route('**/ratings', async (route) => {
      if (route.request().method() !== 'POST' || dropped) return route.continue();
      dropped = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    await openRatePage(page);
    await signInAsCitizen(page);
    await enterCase(page, caseNumber);
    await page.getByRole('radio', { name: '非常满意' }).check();

    // Act
    await page.getByRole('button', { name: '提交评价' }).click();

    // Assess: the automatic retry got the stored rating back
    await page.getByText('已提交过，显示首次结果').waitFor();
    await shot(page, 'rate-4-replayed');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(posts).size).toBe(1);
    expect(await ratingsOf(caseNumber)).toHaveLength(1);
  }, 90_000);

  it('on a phone, a tap on a level right after typing the case number selects it: the case lookup does not move the levels', async () => {
    // Arrange: signed in, nothing typed yet
    const caseNumber = await freshCitizenCase();
    const page = await newPage(PHONE);
    await openRatePage(page);
    await signInAsCitizen(page);
    const level = page.locator('.level-option.l3');
    const before = (await level.boundingBox())!;

    // Act: type the number (the field keeps the focus) and at once tap 基本满意 near its top edge,
    // where text appearing above on blur would slide the previous tile under the finger
    await page.getByLabel('办件编号').fill(caseNumber);
    await level.tap({ position: { x: before.width / 2, y: 6 } });

    // Assess: the tap selected the level; the lookup's answer came without moving the levels
    expect(await page.getByRole('radio', { name: '基本满意' }).isChecked()).toBe(true);
    expect(await page.locator('input[name=level]:checked').count()).toBe(1);
    await page.locator('#case-info').getByText('企业设立登记').waitFor();
    expect((await level.boundingBox())!.y).toBeCloseTo(before.y, 0); // not a pixel
    await shot(page, 'rate-5-tap-after-typing');
  }, 90_000);

  it('takes the text limit and the reason tags from the API (GET /meta), not numbers of its own', async () => {
    // Arrange: the API's rules with a different limit and tag list, as a future API version might state them
    const meta = (await api('GET', '/meta')).json;
    expect(meta.rating.maxTextLength).toBe(500);
    const page = await newPage(PHONE);
    const rules = { ...meta, rating: { ...meta.rating, maxTextLength: 20, tagsByChannel: { ...meta.rating.tagsByChannel, qr: ['服务态度', '办事效率'] } } };
    await page.route('**/meta', (route) => route.fulfill({ json: rules }));

    // Act
    await openRatePage(page);
    await page.getByRole('radio', { name: '不满意', exact: true }).check();
    await page.getByRole('checkbox', { name: '服务态度' }).waitFor();

    // Assess: counter, maxlength and tags follow the API
    expect(await page.locator('#text-counter').textContent()).toBe('0/20');
    expect(await page.getByLabel('意见或建议').getAttribute('maxlength')).toBe('20');
    expect(await page.locator('#tags input[name=tags]').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).toEqual([
      '服务态度',
      '办事效率',
    ]);
  }, 60_000);
});

describe('workbench (index.html)', () => {
  it('staff sign in and see their unit’s cases with masked ID numbers', async () => {
    // Arrange
    const page = await newPage(DESKTOP);

    // Act
    await signIn(page, 'staff', '承办人');

    // Assess
    const rows = page.locator('#cases-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    const ids = await page.locator('#cases-table td.id-number').allTextContents();
    expect(ids.length).toBe(await rows.count());
    for (const id of ids) expect(id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(await page.locator('#current-role').textContent()).toBe('承办人');
    await shot(page, 'workbench-1-staff-cases');

    await page.getByRole('link', { name: '评价', exact: true }).click();
    await page.locator('#ratings-table tbody tr').first().waitFor();
    await shot(page, 'workbench-2-staff-ratings');
  }, 60_000);

  it('admin prints a QR sheet with every window of the venue and sees the calendar', async () => {
    // Arrange
    const page = await newPage(DESKTOP);
    await signIn(page, 'admin', '系统管理员');
    await page.locator('#catalog-regions tbody tr').first().waitFor();
    await shot(page, 'workbench-3-admin-catalog');

    // Act
    await page.goto(`${baseUrl()}/#/qr/V-CITY`);

    // Assess: the venue code plus W01…W20, each an SVG from the API
    const images = page.locator('#qr-grid img');
    await images.first().waitFor();
    expect(await images.count()).toBe(21);
    expect(await images.nth(1).getAttribute('src')).toBe('/places/V-CITY/qr?window=W01&format=svg');
    // (a string predicate would be eval'd in the page, which its CSP forbids)
    await expect
      .poll(() =>
        images.evaluateAll((els) =>
          els.every((i) => {
            const img = i as unknown as { complete: boolean; naturalWidth: number };
            return img.complete && img.naturalWidth > 0;
          }),
        ),
      )
      .toBe(true);
    await shot(page, 'workbench-4-qr-sheet');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'workbench-5-qr-sheet-print');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${baseUrl()}/#/calendar/2026`);
    await page.locator('.month').nth(11).waitFor();
    expect(await page.locator('.day.holiday[data-date="2026-10-01"]').count()).toBe(1);
    await shot(page, 'workbench-6-calendar');
  }, 60_000);
});
