import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { expectNoSeriousA11yViolations } from './axe.js';
import { baseUrl, PHONE, shot, useBrowser } from './setup.js';

/**
 * The citizen phone app (rate.html) on the running local stack: sign-in through the local
 * OIDC provider, "my cases waiting for a rating", rating in ≤ 3 taps, a bad review followed,
 * 长辈模式, a complaint submitted and followed; axe on every page; screenshots saved.
 */
const { newPage, pageErrors } = useBrowser();

const ratingsOf = async (caseNumber: string) =>
  (await api('GET', `/cases/${caseNumber}`, { as: 'admin' })).json.ratings as { level: number; channel: string; tags: string[] }[];

/** Opens the QR landing page and signs in as the demo citizen through the OIDC provider's page. */
async function openSignedIn(page: Page) {
  await page.goto(`${baseUrl()}/rate.html?venue=V-CITY&window=W01`);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByLabel('市民 张三').check();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '待评价的办件' }).waitFor();
}

describe('citizen phone app (rate.html)', () => {
  it('QR landing → my cases → rated in 3 taps; axe clean on each page', async () => {
    // Arrange: a fresh completed case of the demo citizen
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
    const page = await newPage(PHONE);
    await page.goto(`${baseUrl()}/rate.html?venue=V-CITY&window=W01`);
    await page.getByRole('heading', { name: '平顶山市政务服务中心' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'citizen-1-landing');
    await openSignedIn(page);
    const row = page.locator('#my-cases li', { hasText: '企业设立登记' }).filter({ has: page.locator(`a[href$="${caseNumber}"]`) });
    await row.waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'citizen-2-my-cases');

    // Act: tap 1 评价, tap 2 满意, tap 3 提交评价
    await row.getByRole('link', { name: /^评价/ }).tap();
    await expect.poll(() => page.title()).toContain('评价办件');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('radio', { name: '满意', exact: true }).tap();
    await page.getByRole('button', { name: '提交评价' }).tap();

    // Assess
    await page.getByRole('heading', { name: '评价已提交，感谢您的反馈' }).waitFor();
    await shot(page, 'citizen-3-rated');
    expect(await ratingsOf(caseNumber)).toMatchObject([{ level: 2, channel: 'qr' }]);
    await page.getByRole('link', { name: '返回待评价列表' }).click();
    await page.getByRole('heading', { name: '待评价的办件' }).waitFor();
    expect(await page.locator(`#my-cases a[href$="${caseNumber}"]`).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a bad review by keyboard in 长辈模式: reasons explained, next steps shown, followed under 我的差评', async () => {
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
    const page = await newPage(PHONE);
    await openSignedIn(page);
    await page.getByRole('button', { name: '长辈模式' }).click();
    expect(await page.locator('html').getAttribute('class')).toContain('elder');
    await page.locator(`#my-cases a[href$="${caseNumber}"]`).click();
    // Keyboard only: focus is on the heading after navigation; arrow keys move among the five radios.
    await page.getByRole('radio', { name: '非常满意' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: '不满意', exact: true }).isChecked()).toBe(true);
    await page.getByText('工作人员说话、态度让您不舒服').waitFor(); // plain words for 服务态度
    const box = await page.getByRole('radio', { name: '不满意', exact: true }).locator('..').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(60);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'citizen-4-elder-bad');
    await page.getByRole('checkbox', { name: /服务态度/ }).check();
    await page.getByRole('button', { name: '提交评价' }).press('Enter');
    await page.getByRole('heading', { name: '接下来会怎样' }).waitFor();
    // By when: the configured working days (GET /meta), and where to follow it.
    await page.getByText('单位须在 1 个工作日内核实情况，核实后 5 个工作日内完成整改').waitFor();
    await page.getByRole('link', { name: /查看进度/ }).waitFor();
    await shot(page, 'citizen-5-bad-next-steps');

    // Reload: 长辈模式 is remembered; the review shows under 我的差评
    await page.goto(`${baseUrl()}/rate.html#/progress`);
    await page.locator('#my-reviews li', { hasText: caseNumber }).waitFor();
    expect(await page.locator('html').getAttribute('class')).toContain('elder');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'citizen-6-progress');
  }, 120_000);

  it('an anonymous complaint is submitted and followed by its tracking code', async () => {
    const page = await newPage(PHONE);
    await page.goto(`${baseUrl()}/rate.html#/complaints/new`);
    await page.getByRole('heading', { name: '咨询投诉' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('所在地区').selectOption({ label: '平顶山市' });
    await page.getByLabel('标题').fill('大厅取号机故障');
    await page.getByLabel('具体内容').fill('上午取号机一直无法出号，排队秩序混乱，希望尽快维修。');
    await page.getByRole('button', { name: '提交', exact: true }).tap(); // the first tap after typing is not swallowed
    const code = (await page.locator('#tracking-code').textContent())!;
    expect(code.length).toBeGreaterThan(4);
    await shot(page, 'citizen-7-complaint-submitted');
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.locator('#tracked').getByText('大厅取号机故障').waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'citizen-8-complaint-tracked');
  }, 120_000);

  it('a rating invitation (办结 SMS) opens with the case filled in and rates it without signing in', async () => {
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    const { url } = (await api('POST', '/rating-invitations', { as: 'client', body: { caseNumber } })).json as { url: string };
    const page = await newPage(PHONE);
    await page.goto(`${baseUrl()}/rate.html#/i/${url.split('#/i/')[1]}`);
    await page.locator('#invited-case').getByText('企业设立登记').waitFor();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'citizen-9-invitation');
    await page.getByRole('radio', { name: '非常满意' }).tap();
    await page.getByRole('button', { name: '提交评价' }).tap();
    await page.getByRole('heading', { name: '评价已提交，感谢您的反馈' }).waitFor();
    expect(await ratingsOf(caseNumber)).toMatchObject([{ level: 1, channel: 'mobile' }]);
    // The link opened again only says it is rated.
    await page.reload();
    await page.getByRole('heading', { name: '该办件已评价' }).waitFor();
  }, 120_000);

  it('a signed-in citizen’s named complaint, by keyboard, is followed under 我的咨询投诉 with the unit’s deadline', async () => {
    const page = await newPage(PHONE);
    await openSignedIn(page);
    await page.getByRole('link', { name: '我要咨询、投诉或建议' }).click();
    await page.getByRole('heading', { name: '咨询投诉' }).waitFor();
    await page.getByLabel('标题').fill('窗口午休无人值守');
    await page.getByLabel('具体内容').fill('中午十二点到一点窗口无人，等了一个小时才有人办理。');
    expect(await page.getByLabel('联系人').inputValue()).toBe('张三');
    await page.getByLabel('联系电话').fill('13900001111');
    await page.getByLabel('联系电话').press('Tab'); // keyboard only: on to 提交, Enter sends
    await page.keyboard.press('Enter');
    const done = page.getByRole('heading', { name: '已提交' });
    await done.or(page.getByRole('alert')).first().waitFor();
    expect(await page.locator('main').textContent()).toContain('已提交'); // else the form's error shows here
    await page.getByRole('link', { name: '查看办理进度' }).click();
    const item = page.locator('#my-complaints li', { hasText: '窗口午休无人值守' });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/投诉：窗口午休无人值守/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'citizen-10-progress-complaint');
  }, 120_000);
});
