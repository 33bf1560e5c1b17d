import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { expectNoSeriousA11yViolations } from './axe.js';
import { openWorkbench, signInThroughOidc } from './oidc-sign-in.js';
import { baseUrl, PHONE, shot, useBrowser } from './setup.js';

/**
 * The unit's inbox in the new workbench (web/src/workbench/inbox), its nav count and the
 * notification digest (layout/Notifications.vue), in Chromium against the local stack. The
 * stack runs with DEMO_WORKDAY_SECONDS=3 (test/global-setup.ts): a bad review's verify step
 * lasts 3 s, so a review nobody verifies goes overdue (a task order is issued) by itself.
 */
const { newPage, pageErrors } = useBrowser();

/** A fresh case of the demo citizen at U-SCJG, rated 非常不满意 with a reason by the citizen: its bad review's id. */
async function freshBadReview(): Promise<{ caseNumber: string; reviewId: string }> {
  const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
  const res = await api('POST', '/ratings', {
    as: 'citizen',
    headers: { 'idempotency-key': crypto.randomUUID() },
    body: { caseNumber, level: 5, channel: 'mobile', tags: ['办事效率'], text: '材料反复退回，跑了三趟。' },
  });
  expect(res.status).toBe(201);
  return { caseNumber, reviewId: res.json.rating.ratingId as string };
}
const summary = async (reviewId: string) => (await api('GET', `/bad-reviews/${reviewId}`, { as: 'staff' })).json;

/** The inbox filtered to one case number (typed into the search box, kept in the route query). */
async function search(page: Page, caseNumber: string) {
  const box = page.getByLabel('办件/诉求编号');
  await box.fill(caseNumber);
  await expect.poll(() => page.url()).toContain(`q=${caseNumber}`);
}

describe('unit inbox (待办) in the workbench', () => {
  it('lists a fresh bad review with item, reason, contact, deadline and a live countdown; the case-number filter finds it; overdue is highlighted in words', async () => {
    const { caseNumber, reviewId } = await freshBadReview();
    // The workflow dispatches the review a moment after the rating: then it has a deadline.
    await expect.poll(async () => (await summary(reviewId)).deadline, { timeout: 20_000 }).toBeTruthy();

    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'staff', '/inbox');
    await page.getByRole('heading', { level: 1, name: '待办' }).waitFor();
    await search(page, caseNumber);
    const row = page.locator('.inbox-table tr', { hasText: caseNumber });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('.inbox-table tbody tr').count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain('办事效率：材料反复退回，跑了三趟。');
    expect(text).toContain('非常不满意');
    expect(text).toContain('张三 13900001111'); // the unit sees the named rater's contact
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/); // deadline
    const countdown = row.locator('.countdown');
    expect(await countdown.textContent()).toMatch(/^(剩余|已超期) /);
    // The countdown is live: its text changes while the page stays open.
    const before = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5000 }).not.toBe(before);
    const listed = (await api('GET', '/bad-reviews?filter=open&limit=200', { as: 'staff' })).json.items.find(
      (i: { reviewId: string }) => i.reviewId === reviewId,
    );
    expect(listed.itemName).toBeTruthy();
    expect(text).toContain(listed.itemName);
    expect(await row.getByRole('link', { name: caseNumber }).getAttribute('href')).toBe(`#/bad-reviews/${reviewId}`);
    await shot(page, 'wb-inbox-1-fresh');
    await expectNoSeriousA11yViolations(page);

    // Nobody verifies: the review goes overdue (task order). Reloaded, the row is red and says so in words.
    await expect.poll(async () => (await summary(reviewId)).step, { timeout: 30_000 }).toMatch(/taskOrder|escalated/);
    await page.getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => row.getAttribute('class'), { timeout: 10_000 }).toContain('is-overdue');
    expect(await row.locator('.countdown.overdue, .flag', { hasText: '已超期' }).count()).toBeGreaterThan(0);
    // The status filter 已超期 keeps it; 已办结 does not list it.
    await page.getByLabel('状态').selectOption('overdue');
    await expect.poll(() => page.url()).toContain('status=overdue');
    await expect.poll(() => row.count()).toBe(1);
    await shot(page, 'wb-inbox-2-overdue');
    await expectNoSeriousA11yViolations(page);
    await page.getByLabel('状态').selectOption('closed');
    await expect.poll(() => page.locator('.inbox-table tr', { hasText: caseNumber }).count()).toBe(0);

    // The nav shows the open count beside 待办.
    const nav = page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: /待办/ });
    await expect.poll(() => nav.locator('.count').count(), { timeout: 10_000 }).toBe(1);
    expect(await nav.locator('.wb-sr').textContent()).toMatch(/件待办/);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('on a phone (390×844) the inbox is a list of cards with the countdown visible', async () => {
    const { caseNumber, reviewId } = await freshBadReview();
    await expect.poll(async () => (await summary(reviewId)).deadline, { timeout: 20_000 }).toBeTruthy();
    const page = await newPage(PHONE);
    // openWorkbench waits for the role in the top bar, which phones hide: sign in the same way, wait for the page.
    await page.goto(`${baseUrl()}/#/inbox?q=${caseNumber}`);
    await signInThroughOidc(page, 'staff');
    const card = page.locator('.inbox-card', { hasText: caseNumber });
    await card.waitFor({ timeout: 20_000 });
    expect(await page.locator('.inbox-table').isVisible()).toBe(false);
    expect(await card.locator('.countdown').isVisible()).toBe(true);
    expect(await card.locator('.countdown').textContent()).toMatch(/^(剩余|已超期) /);
    const box = await card.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    await shot(page, 'wb-inbox-3-phone');
    await expectNoSeriousA11yViolations(page);

    // 办件与评价 on the phone: cards too, the ID number masked
    await page.goto(`${baseUrl()}/#/cases`);
    const caseCard = page.locator('.records-cards .inbox-card', { hasText: caseNumber });
    await caseCard.waitFor({ timeout: 20_000 });
    expect(await page.locator('.records-table').count()).toBe(0);
    expect(await caseCard.locator('.id-number').textContent()).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect((await caseCard.boundingBox())!.width).toBeLessThanOrEqual(390);
    await shot(page, 'wb-inbox-6-phone-cases');
    await expectNoSeriousA11yViolations(page);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the notification digest shows one line per case (dispatch, reminders and task order together), grouped by urgency, marked read per line', async () => {
    const { reviewId } = await freshBadReview();
    // Dispatched, then (nobody verifies) a task order: at least two notices for the unit's staff about this review.
    await expect.poll(async () => (await summary(reviewId)).step, { timeout: 30_000 }).toMatch(/taskOrder|escalated/);
    await api('POST', '/local/jobs/reminders', { as: 'admin' });
    const groupOf = async () =>
      ((await api('GET', '/notifications/digest', { as: 'staff' })).json.groups as { key: string; count: number; urgency: string }[]).find(
        (g) => g.key === reviewId,
      );
    await expect.poll(async () => (await groupOf())?.count ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const { count, urgency } = (await groupOf())!;
    expect(urgency).toBe('urgent');

    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'staff', '/inbox');
    const button = page.getByRole('button', { name: /^通知/ });
    await expect.poll(() => button.getAttribute('aria-label')).toMatch(/紧急未读/);
    await button.click();
    const panel = page.getByRole('dialog', { name: '通知' });
    await panel.waitFor();
    const urgentSection = panel.locator('section.notify-section.urgent');
    await urgentSection.getByRole('heading', { name: /^紧急/ }).waitFor();
    const line = panel.locator(`li.notify-group[data-key="${reviewId}"]`);
    expect(await line.count()).toBe(1); // one line for the case, not one per notice
    expect(await urgentSection.locator(`li[data-key="${reviewId}"]`).count()).toBe(1);
    expect(await line.textContent()).toContain(`共 ${count} 条`);
    expect(await line.getByRole('link').getAttribute('href')).toBe(`#/bad-reviews/${reviewId}`);
    // The panel has slid in whole (the screenshot shows it, not its opening animation).
    await expect.poll(async () => (await panel.boundingBox())?.x ?? 0).toBeGreaterThanOrEqual(1280 - 420);
    await expect
      .poll(async () => {
        const b = await panel.boundingBox();
        return b ? Math.round(b.x + b.width) : 0;
      })
      .toBe(1280);
    await shot(page, 'wb-inbox-4-notifications');
    await expectNoSeriousA11yViolations(page);

    await line.getByRole('button', { name: /标为已读/ }).click();
    await expect.poll(() => line.getAttribute('class')).not.toContain('unread');
    expect((await groupOf())!).toMatchObject({ count, unread: 0 });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('办件与评价 lists the unit’s cases with masked ID numbers and its ratings with reasons', async () => {
    const { caseNumber } = await freshBadReview();
    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'staff', '/cases');
    await page.getByRole('heading', { level: 1, name: /办件与评价/ }).waitFor();
    const caseRow = page.locator('.records-table tr', { hasText: caseNumber });
    await caseRow.waitFor({ timeout: 20_000 });
    const idCell = (await caseRow.textContent()) ?? '';
    expect(idCell).toContain('*'); // the ID number is masked even for the unit
    expect(idCell).not.toContain(DEMO_CITIZEN.idNumber);
    await shot(page, 'wb-inbox-5-cases');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: '评价', exact: true }).click();
    await expect.poll(() => page.url()).toContain('tab=ratings');
    const ratingRow = page.locator('.records-table tr', { hasText: caseNumber });
    await ratingRow.waitFor({ timeout: 20_000 });
    expect(await ratingRow.textContent()).toContain('非常不满意');
    expect(await ratingRow.textContent()).toContain('办事效率');
    await expectNoSeriousA11yViolations(page);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
