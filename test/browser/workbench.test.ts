import { describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, shot, signIn, useBrowser } from './setup.js';

/**
 * The old workbench (web/index.html, app.js …, served from web/ next to the new app) in a
 * real browser against the local stack: staff cases with masked ID numbers, the QR sheet,
 * the calendar. Screenshots land in .local/screenshots for a human look.
 */
const { newPage } = useBrowser();

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
      .poll(
        () =>
          images.evaluateAll((els) =>
            els.every((i) => {
              const img = i as unknown as { complete: boolean; naturalWidth: number };
              return img.complete && img.naturalWidth > 0;
            }),
          ),
        { timeout: 15_000 },
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
