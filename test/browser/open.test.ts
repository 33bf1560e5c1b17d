import { describe, expect, it } from 'vitest';
import { seedPlan } from '../../functions/local/seed.js';
import { DEMO_CITIZEN } from '../integration/fixtures.js';
import { expectNoSeriousA11yViolations } from './axe.js';
import { baseUrl, PHONE, shot, useBrowser } from './setup.js';

/**
 * The public disclosure page (open.html) on a phone, signed out: a region's units, one
 * unit's items, another period; and neither the page nor any API answer it received
 * carries an ID number, a phone number or the name of anyone who rated.
 */
const { newPage, pageErrors } = useBrowser();

const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)/;
const PHONE_NUMBER = /(?<!\d)1[3-9]\d{9}(?!\d)/;
/** Everyone the demo data and the tests let rate (the seed is deterministic). */
const RATER_NAMES = [
  ...new Set([DEMO_CITIZEN.name, ...seedPlan(new Date()).ratings.flatMap((r) => (r.rater && 'name' in r.rater && r.rater.name ? [r.rater.name] : []))]),
];

describe('public disclosure page (open.html)', () => {
  it("shows a region's units and a unit's items on a phone without signing in, and nothing personal", async () => {
    const page = await newPage(PHONE);
    const answers: string[] = [];
    const calls: string[] = [];
    page.on('response', async (res) => {
      const url = new URL(res.url());
      if (url.origin !== baseUrl() || /\.(js|css|svg|html)$/.test(url.pathname) || url.pathname === '/config.json') return;
      calls.push(`${res.request().method()} ${url.pathname}`);
      answers.push(await res.text().catch(() => ''));
    });

    // Act: the city
    await page.goto(`${baseUrl()}/open.html?region=410400`);
    await page.getByRole('heading', { name: '平顶山市各单位' }).waitFor();
    const units = page.getByRole('list', { name: '平顶山市各单位' }).getByRole('listitem');
    await expect.poll(() => units.count()).toBeGreaterThan(5);
    await expect
      .poll(() => units.filter({ hasText: '市市场监督管理局' }).textContent())
      .toMatch(/评价数\s*\d+[\s\S]*好评率\s*(\d+\.\d%|暂无)[\s\S]*按期整改率/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'open-1-region', false);

    // Act: one unit's items
    await page.getByRole('link', { name: '查看市市场监督管理局各事项 ›' }).click();
    await page.getByRole('heading', { name: '市市场监督管理局各事项' }).waitFor();
    const items = page.getByRole('list', { name: '市市场监督管理局各事项' }).getByRole('listitem');
    await expect.poll(() => items.filter({ hasText: '企业设立登记' }).count()).toBe(1);
    expect(page.url()).toContain('unit=U-SCJG');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'open-2-unit', false);

    // Act: this quarter, in 长辈模式
    await page.getByRole('radio', { name: '按季度' }).check();
    await expect.poll(() => page.url()).toMatch(/p=\d{4}-Q[1-4]/);
    await page.getByText(/统计期间：\d{4}年第[1-4]季度/).waitFor();
    await page.getByRole('button', { name: '长辈模式' }).click();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'open-3-quarter-elder', false);

    // Back returns to the region
    await page.goBack();
    await page.goBack();
    await page.getByRole('heading', { name: '平顶山市各单位' }).waitFor();
    // A county below the city: only its own units
    await page.getByRole('navigation', { name: '下级地区' }).getByRole('link', { name: '宝丰县' }).click();
    await page.getByRole('heading', { name: '宝丰县各单位' }).waitFor();
    await expect
      .poll(() => page.getByRole('list', { name: '宝丰县各单位' }).getByRole('listitem').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('宝丰县政务服务中心综合窗口')])); // other tests add units to the shared stack

    // Assess: only the public API was asked, and nothing personal anywhere
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.every((c) => c === 'GET /public/disclosure')).toBe(true);
    const text = await page.locator('body').textContent();
    for (const seen of [text, ...answers]) {
      expect(seen).not.toMatch(ID_NUMBER);
      expect(seen).not.toMatch(PHONE_NUMBER);
      for (const name of RATER_NAMES) expect(seen, name).not.toContain(name);
      expect(seen).not.toMatch(/"(rater|phone|idNumber|personKey|text)"/);
    }
    expect(RATER_NAMES.length).toBeGreaterThan(10);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
