import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uid } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { expectNoSeriousA11yViolations } from './axe.js';
import { openWorkbench } from './oidc-sign-in.js';
import { baseUrl, shot, useBrowser } from './setup.js';

/**
 * The admin pages of the workbench on the running local stack: a CSV import with one bad
 * row (row error shown, nothing written), fixed and imported; one record edited in a form
 * (the server's issue shown beside its field first); a venue's QR sheet and one card
 * downloaded; next year's calendar loaded from an .ics file after the missing-year warning.
 */
const { newPage, pageErrors } = useBrowser();

/** axe on the page as it rests: the pointer off every control (a hovered primary button is the theme's lighter blue). */
const axe = async (page: Page) => {
  await page.mouse.move(0, 0);
  await expectNoSeriousA11yViolations(page);
};

const csvFile = (text: string) => ({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe('workbench: admin', () => {
  it('imports a CSV with one bad row (row error, nothing written), then the fixed file; edits one record in a form', async () => {
    // Arrange: a township of our own, so the unit list filtered by it shows only this test's units
    const s = uid();
    // Under a county, as townships are (a region right below the city would show among the city's counties in other tests' reports).
    const region = `410421${String(Math.floor(Math.random() * 900) + 100)}`;
    expect(
      (await api('PUT', `/catalog/regions/${region}`, { as: 'admin', body: { code: region, name: `测试街道${s}`, level: 'township', parentCode: '410421' } }))
        .status,
    ).toBe(200);
    const [a, b] = [`U-WBA1-${s}`, `U-WBA2-${s}`];
    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'admin', '/admin/catalog?kind=units');
    await page.getByRole('heading', { name: '目录管理', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'CSV 导入' }).click();

    // Act: row 3 has a region code that is no code
    await page.locator('#csv-file').setInputFiles(csvFile(`unitId,name,regionCode\n${a},测试单位甲,${region}\n${b},测试单位乙,abc\n`));
    await page.getByRole('button', { name: '导入', exact: true }).click();

    // Assess: the row's error in the table, and neither unit written
    const errors = page.getByRole('table', { name: '逐行错误' }).or(page.locator('.row-errors'));
    await errors.first().waitFor();
    await expect
      .poll(() => page.locator('.row-errors .el-table__body tr').allInnerTexts())
      .toEqual([expect.stringMatching(/^3\s+行政区划代码\s+应为6、9或12位数字/)]);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '未写入任何记录' }).count()).toBe(1);
    for (const key of [a, b]) expect((await api('GET', `/catalog/units/${key}`, { as: 'admin' })).status).toBe(404);
    await axe(page);
    await shot(page, 'wb-admin-1-csv-row-error');

    // Act: the fixed file
    await page.locator('#csv-file').setInputFiles(csvFile(`unitId,name,regionCode\n${a},测试单位甲,${region}\n${b},测试单位乙,${region}\n`));
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '已导入 2 条单位记录' }).waitFor();
    expect((await api('GET', `/catalog/units/${b}`, { as: 'admin' })).json).toEqual({ unitId: b, name: '测试单位乙', regionCode: region });

    // Act: edit unit 甲 in the form: first with a region that does not exist, then a new name
    await page.goto(`${baseUrl()}/#/admin/catalog?kind=units&q=${region}`);
    await page.getByRole('button', { name: `编辑 测试单位甲（${a}）` }).click();
    const dialog = page.getByRole('dialog', { name: '编辑单位' });
    await dialog.getByLabel('行政区划代码').fill('410400998877');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.locator('.el-form-item__error', { hasText: '不存在' }).waitFor();
    await axe(page);
    await shot(page, 'wb-admin-2-form-issue');
    await dialog.getByLabel('行政区划代码').fill(region);
    await dialog.getByLabel('名称').fill('测试单位甲（已改名）');
    await dialog.getByRole('button', { name: '保存' }).click();

    // Assess
    await page
      .getByRole('status')
      .filter({ hasText: `已保存单位 ${a}` })
      .waitFor();
    await page.getByRole('button', { name: `编辑 测试单位甲（已改名）（${a}）` }).waitFor();
    expect((await api('GET', `/catalog/units/${a}`, { as: 'admin' })).json).toEqual({ unitId: a, name: '测试单位甲（已改名）', regionCode: region });
    await shot(page, 'wb-admin-3-catalog');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("shows a venue's QR sheet with instructions for older people and downloads one card", async () => {
    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'admin', '/admin/qr?venue=V-CITY');
    const card = page.locator('.qr-card[data-window="W01"]');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toMatch(/扫一扫[\s\S]*满意程度[\s\S]*提交[\s\S]*帮忙/);
    const windows = (await api('GET', '/catalog/windows?prefix=V-CITY%23&limit=200', { as: 'admin' })).json.items.length;
    expect(await page.locator('.qr-card').count()).toBe(windows + 1);
    // Every card's QR code is drawn (the API's SVG loaded), as it must be before printing.
    const undrawn = () =>
      page.locator('.qr-card img').evaluateAll((imgs) => imgs.filter((i) => !(i as unknown as { naturalWidth: number }).naturalWidth).length);
    await expect.poll(undrawn, { timeout: 15_000 }).toBe(0);
    await axe(page);
    await shot(page, 'wb-admin-4-qr-sheet');

    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /^下载 PNG/ }).click()]);

    // Assess: the card's own PNG
    expect(download.suggestedFilename()).toBe('qr-V-CITY-W01.png');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("warns that next year's holidays are missing, and stops once the year is imported from an .ics file", async () => {
    // Arrange: next year, as the stack sees it (lacking it; restored to lacking afterwards)
    const now = await api('GET', '/calendar', { as: 'admin' });
    const next = now.json.year + 1;
    const before = await api('GET', `/calendar?year=${next}`, { as: 'admin' });
    expect(before.json.covered).toBe(false);
    const warned = (now.json.missingYears as number[]).includes(next);
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//wb-admin//ZH',
      'BEGIN:VEVENT',
      `UID:${next}-newyear@test`,
      `DTSTART;VALUE=DATE:${next}0101`,
      `DTEND;VALUE=DATE:${next}0102`,
      'SUMMARY:元旦 休',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const page = await newPage();
    try {
      await openWorkbench(page, baseUrl(), 'admin', '/admin/calendar');
      await page.locator('button.day').first().waitFor();
      const warning = page.locator('#calendar-warning');
      if (warned) {
        // Act: from the warning's own button
        await expect.poll(() => warning.textContent()).toContain(`${next}年`);
        await axe(page);
        await shot(page, 'wb-admin-5-calendar-warning');
        await warning.getByRole('button', { name: `导入 ${next} 年放假安排` }).click();
      } else {
        expect(await warning.count()).toBe(0);
        await page.goto(`${baseUrl()}/#/admin/calendar?year=${next}&import=1`);
      }
      await page.locator('#calendar-uncovered').waitFor();
      await page.locator('#year-file').setInputFiles({ name: `${next}.ics`, mimeType: 'text/calendar', buffer: Buffer.from(ics) });
      await page.getByRole('button', { name: `导入 ${next} 年`, exact: true }).click();

      // Assess: the warning is gone, the year is covered, New Year's Day is a holiday set by the admin
      await page
        .getByRole('status')
        .filter({ hasText: `已导入 ${next} 年放假安排` })
        .waitFor();
      await expect.poll(() => warning.count()).toBe(0);
      expect(await page.locator('#calendar-uncovered').count()).toBe(0);
      await expect.poll(() => page.locator(`button.day[data-date="${next}-01-01"]`).textContent()).toMatch(/法定节假日（元旦） 管理员修订/);
      const after = await api('GET', `/calendar?year=${next}`, { as: 'admin' });
      expect(after.json).toMatchObject({ covered: true, missingYears: [] });
      await axe(page);
      await shot(page, 'wb-admin-6-calendar-imported');
      expect(pageErrors).toEqual([]);
    } finally {
      // Other tests rely on next year lacking data: clear it again.
      await api('PUT', `/calendar/years/${next}`, { as: 'admin', body: { days: [] } });
    }
  }, 120_000);
});
