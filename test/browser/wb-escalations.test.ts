import { randomUUID } from 'node:crypto';
import type { Locator, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { expectNoSeriousA11yViolations } from './axe.js';
import { openWorkbench } from './oidc-sign-in.js';
import { baseUrl, shot, untilVisible, useBrowser } from './setup.js';

/**
 * What the old workbench's browser tests checked, in the new one: escalation outcomes
 * (约谈/通报) recorded one after the other on the case page, 已作废 and 默认好评 ratings,
 * the 办结 of an automatic task order only once its overdue step is done, and masked ID
 * numbers on 办件与评价. In Chromium against the local stack (DEMO_WORKDAY_SECONDS=3: verify
 * 3 s, task order 9 s, then an escalation every 15 s), so a review nobody handles goes
 * overdue, gets a task order and is escalated by itself. axe on each state; screenshots wb-esc-*.
 */
const { newPage, pageErrors } = useBrowser();

/** The demo citizen's named 不满意 on a fresh case at U-SCJG: its bad review's id and the case number. */
async function namedBadReview(): Promise<{ reviewId: string; caseNumber: string }> {
  const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
  const res = await api('POST', '/ratings', {
    as: 'citizen',
    headers: { 'idempotency-key': randomUUID() },
    body: { caseNumber, level: 4, channel: 'mobile', tags: ['办事效率'], text: '材料反复退回，跑了三趟。' },
  });
  expect(res.status, res.text).toBe(201);
  return { reviewId: res.json.rating.ratingId as string, caseNumber };
}
const review = async (id: string) => {
  const res = await api('GET', `/bad-reviews/${id}`, { as: 'admin' });
  expect(res.status).toBe(200);
  return res.json;
};
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const flash = (page: Page) => page.locator('#case-flash');
/** Presses 加载更多 on 办件与评价 until `row` shows up (the lists page by the unit's cases, newest accepted first). */
async function loadUntil(page: Page, row: Locator, timeoutMs = 120_000) {
  const more = page.getByRole('button', { name: '加载更多' });
  const end = Date.now() + timeoutMs;
  while (!(await row.first().isVisible()) && !(await page.getByText(/^已全部显示/).isVisible())) {
    if (Date.now() > end) break;
    // The button is disabled while a page loads and gone once all is shown: a click that cannot land is no failure.
    await more.click({ timeout: 2000 }).catch(() => undefined);
    await page.waitForTimeout(300);
  }
  await row.first().waitFor({ timeout: 10_000 });
}
/** The API refusing once as its schema does for a wrong number in the path (what the old page once sent for "escalation 0"). */
const refuseAsStalePath = (route: Route) =>
  route.fulfill({
    status: 400,
    json: {
      error: {
        code: 'VALIDATION_FAILED',
        message: '请求参数不合法：path.n 数值过小：期望 number >=1',
        issues: [{ field: 'path.n', rule: 'too_small', message: '数值过小：期望 number >=1' }],
      },
    },
  });
/** The API refusing a 办结 as when the order's state changed meanwhile. */
const refuseCompletion = (route: Route) =>
  route.fulfill({
    status: 409,
    json: {
      error: { code: 'CONFLICT', message: '该任务交办单暂不能办结', issues: [{ field: '', rule: 'step_not_current', message: '该任务交办单暂不能办结' }] },
    },
  });

describe('escalations, rating marks and task orders in the workbench', () => {
  it('records the outcomes of two escalations one after the other: a valid choice after each, never escalation 0, errors in words', async () => {
    // Arrange: a named bad review nobody handles until it is escalated twice
    const { reviewId } = await namedBadReview();
    await expect.poll(async () => (await review(reviewId)).escalations.length, { timeout: 100_000, interval: 1000 }).toBeGreaterThanOrEqual(2);
    const page = await newPage();
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/escalations/')) posted.push(new URL(r.url()).pathname);
    });
    await openWorkbench(page, baseUrl(), 'supervisor', `/bad-reviews/${reviewId}`);
    const forms = page.locator('form[id^="outcome-form-"]');
    await forms.first().waitFor({ timeout: 20_000 });
    /** The escalation numbers the page offers an outcome form for. */
    const offered = async () =>
      (await forms.evaluateAll((els) => els.map((e) => (e as unknown as { id: string }).id))).map((id) => Number(id.slice('outcome-form-'.length)));
    const before = await offered();
    expect(before.length).toBeGreaterThanOrEqual(2);
    for (const n of before) expect(n).toBeGreaterThanOrEqual(1);
    const [first, second] = before as [number, number];
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-1-outcome-forms');

    // Act: 约谈 with a note; the API refuses once with its schema's own text
    await page.route('**/escalations/*/outcome', refuseAsStalePath, { times: 1 });
    const form1 = page.locator(`#outcome-form-${first}`);
    await form1.getByText('约谈', { exact: true }).click();
    await form1.getByLabel('说明', { exact: true }).fill('已约谈市市场监督管理局分管领导，要求三日内完成核实整改。');
    await form1.getByRole('button', { name: '记录结果' }).click();

    // Assess: said in words, not the schema's
    const alert = form1.getByRole('alert');
    await alert.getByText('页面上的信息已过期，请刷新页面后重试').waitFor();
    expect(await alert.textContent()).not.toMatch(/期望|number|>=|path/);
    expect(await flash(page).textContent()).toBe('');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-2-outcome-refused');

    // Act: record it for real
    await form1.getByRole('button', { name: '记录结果' }).click();
    await flash(page).getByText(`已记录升级 #${first} 的处理结果`).waitFor();

    // Assess: the recorded escalation shows its outcome and has no form any more; the next one is offered, a real number
    await expect.poll(async () => (await offered()).includes(first)).toBe(false);
    expect(await offered()).toContain(second);
    expect(await page.locator(`article[data-escalation="${first}"]`).textContent()).toContain('处理结果：约谈');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-3-second-outcome');

    // Act: 通报 for the next one
    const form2 = page.locator(`#outcome-form-${second}`);
    await form2.getByText('通报', { exact: true }).click();
    await form2.getByLabel('说明', { exact: true }).fill('列入本期双周通报名单。');
    await form2.getByRole('button', { name: '记录结果' }).click();
    await flash(page).getByText(`已记录升级 #${second} 的处理结果`).waitFor();
    await expect.poll(async () => (await offered()).includes(second)).toBe(false);

    // Assess: every request named a real escalation; both outcomes are stored
    expect(posted).toHaveLength(3);
    for (const path of posted) expect(path).toMatch(/\/escalations\/[1-9]\d*\/outcome$/);
    const r = await review(reviewId);
    expect(r.escalations.find((e: { n: number }) => e.n === first).outcome).toMatchObject({ kind: 'interview' });
    expect(r.escalations.find((e: { n: number }) => e.n === second).outcome).toMatchObject({ kind: 'notice', note: '列入本期双周通报名单。' });
    // Whatever form is left is for an escalation still without an outcome (a newer one may have come meanwhile).
    const open = new Set(r.escalations.filter((e: { outcome?: unknown }) => !e.outcome).map((e: { n: number }) => e.n));
    for (const n of await offered()) expect(open.has(n)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('shows a voided rating as 已作废 and a default rating as 默认好评, never 已作废 for a default', async () => {
    // Arrange: a named bad review whose appeal is upheld: its rating is voided
    const { reviewId, caseNumber } = await namedBadReview();
    await expect.poll(async () => (await review(reviewId)).workStep, { timeout: 20_000, interval: 300 }).toBe('verify');
    expect((await api('POST', `/bad-reviews/${reviewId}/appeal`, { as: 'staff', body: { reason: '评价人误选了不满意，已电话确认。' } })).status).toBe(201);
    expect((await api('POST', `/bad-reviews/${reviewId}/appeal/decision`, { as: 'supervisor', body: { approve: true } })).status).toBe(200);
    expect((await api('GET', `/ratings/${reviewId}`, { as: 'admin' })).json).toMatchObject({ voided: true, active: true, channel: 'mobile' });
    // … and a case completed a month ago gets its default rating from the job (earlier due cases first)
    expect((await api('POST', '/local/jobs/default-ratings', { as: 'admin' })).status).toBe(200);
    const old = await pushCase({ as: 'admin', extra: { acceptedAt: daysAgo(31), completedAt: daysAgo(30) } });
    expect((await api('POST', '/local/jobs/default-ratings', { as: 'admin' })).json.rated).toBeGreaterThanOrEqual(1);
    expect((await api('GET', `/ratings/${old.caseNumber}-1`, { as: 'admin' })).json).toMatchObject({ channel: 'default', active: false });

    // Act: the staff open the case page of the voided review
    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'staff', `/bad-reviews/${reviewId}`);
    const level = page.locator('#rating-level');

    // Assess: 已作废 beside the rating (and on the case), not 默认好评
    await level.getByText('已作废').waitFor({ timeout: 20_000 });
    expect(await level.textContent()).not.toContain('默认好评');
    expect(await page.locator('.bar').textContent()).toContain('已作废');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-4-voided-case');

    // Act: 办件与评价 → 评价
    await page.goto(`${baseUrl()}/#/cases?tab=ratings`);
    await page.getByRole('heading', { level: 1, name: /办件与评价/ }).waitFor();
    const voidedRow = page.locator('.records-table tbody tr', { hasText: caseNumber });
    await loadUntil(page, voidedRow);

    // Assess: the voided one says 已作废
    expect(await voidedRow.textContent()).toContain('已作废');
    expect(await voidedRow.textContent()).not.toContain('默认好评');

    // Act + Assess: page on to the month-old case: 默认好评, not 已作废
    const defaultRow = page.locator('.records-table tbody tr', { hasText: old.caseNumber });
    await loadUntil(page, defaultRow);
    expect(await defaultRow.textContent()).toContain('默认好评');
    expect(await defaultRow.textContent()).not.toContain('已作废');
    await defaultRow.scrollIntoViewIfNeeded();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-5-rating-marks', false);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('offers 办结 of an automatic task order only once its overdue step is done, and shows a refused 办结 as an error', async () => {
    // Arrange: verification missed → an automatic task order; and a manual one from the supervisor
    const { reviewId, caseNumber } = await namedBadReview();
    await expect.poll(async () => (await review(reviewId)).taskOrders.length, { timeout: 40_000, interval: 500 }).toBeGreaterThanOrEqual(1);
    const auto = (await review(reviewId)).taskOrders.find((t: { kind: string }) => t.kind === 'auto');
    expect(auto).toMatchObject({ overdueStep: 'verify', canComplete: false });
    const issued = await api('POST', `/bad-reviews/${reviewId}/task-orders`, { as: 'supervisor', body: { content: '请尽快核实并反馈。', days: 5 } });
    expect(issued.status, issued.text).toBe(201);
    const manual = issued.json.taskOrder as { n: number };
    const label = (n: number) => `任务交办单 #${n}（办件 ${caseNumber}）`;
    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'staff', '/task-orders');
    await page.getByRole('heading', { level: 1, name: '任务交办单' }).waitFor();

    // Act: the list (the rows named by their actions' data-order)
    const rowOf = (n: number) => page.locator('tr', { has: page.locator(`[data-order="bad-reviews/${reviewId}/${n}"]`) });
    const autoRow = rowOf(auto.n);
    const manualRow = rowOf(manual.n);
    await untilVisible(page, manualRow);
    await autoRow.waitFor();

    // Assess: the automatic order can be signed for, but not completed while 核实 is not done; the manual one can
    expect(await autoRow.getByRole('button', { name: `签收${label(auto.n)}` }).count()).toBe(1);
    expect(await autoRow.getByRole('button', { name: /^办结/ }).count()).toBe(0);
    expect(await autoRow.textContent()).toContain('完成超期的「核实」环节后可办结');
    expect(await manualRow.getByRole('button', { name: `办结${label(manual.n)}` }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page);

    // Act: sign for the manual order (a success), then its 办结 is refused
    await manualRow.getByRole('button', { name: `签收${label(manual.n)}` }).click();
    const ok = page.locator('.ok-line');
    await expect.poll(() => ok.textContent()).toBe(`已签收${label(manual.n)}`);
    await page.route(`**/bad-reviews/${reviewId}/task-orders/${manual.n}/complete`, refuseCompletion, { times: 1 });
    await manualRow.getByRole('button', { name: `办结${label(manual.n)}` }).click();
    await manualRow.getByRole('button', { name: `确认办结${label(manual.n)}` }).click();

    // Assess: an error in words, in place of the earlier success
    const alert = page.locator('.task-orders').getByRole('alert');
    await alert.getByText(`${label(manual.n)}：该任务交办单暂不能办结`).waitFor();
    expect(await ok.textContent()).toBe('');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-6-task-order-refused');

    // Act: the case page: sign for the automatic order (a success), then a refused 办结 of the manual one
    await page.goto(`${baseUrl()}/#/bad-reviews/${reviewId}`);
    const autoItem = page.locator(`article[data-order="${auto.n}"]`);
    const manualItem = page.locator(`article[data-order="${manual.n}"]`);
    await manualItem.waitFor({ timeout: 20_000 });
    expect(await autoItem.getByRole('button', { name: /^办结/ }).count()).toBe(0);
    expect(await autoItem.textContent()).toContain('完成超期的「核实」环节后可办结');
    await autoItem.getByRole('button', { name: `签收 #${auto.n}` }).click();
    await flash(page).getByText(`已签收任务交办单 #${auto.n}`).waitFor();
    await page.route(`**/bad-reviews/${reviewId}/task-orders/${manual.n}/complete`, refuseCompletion, { times: 1 });
    await manualItem.getByLabel(`任务交办单 #${manual.n} 办结说明`).fill('已完成核实并书面反馈。');
    await manualItem.getByRole('button', { name: `办结 #${manual.n}` }).click();

    // Assess: the error in words; the green message of the earlier success is gone
    await page.locator('section[aria-labelledby="orders-title"]').getByRole('alert').getByText('该任务交办单暂不能办结').waitFor();
    expect(await flash(page).textContent()).toBe('');
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-7-case-task-orders');

    // Act: the unit verifies: the automatic order completes with its step
    expect((await api('POST', `/bad-reviews/${reviewId}/verification`, { as: 'staff', body: { contacted: true, facts: '已核实。' } })).status).toBe(200);
    await expect.poll(async () => (await review(reviewId)).taskOrders.find((t: { n: number }) => t.n === auto.n).status, { timeout: 20_000 }).toBe('completed');
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('staff see their unit’s cases with masked ID numbers on 办件与评价', async () => {
    // Arrange: a fresh case of the demo citizen at the staff's unit
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
    const page = await newPage();

    // Act
    await openWorkbench(page, baseUrl(), 'staff', '/cases');
    await page.getByRole('heading', { level: 1, name: /办件与评价/ }).waitFor();
    const row = page.locator('.records-table tbody tr', { hasText: caseNumber });
    await loadUntil(page, row);

    // Assess: every ID number shown is masked (first 6, 8 stars, last 4); the demo citizen's as a resident ID
    expect(await page.locator('#current-role').textContent()).toBe('承办人');
    expect(await row.locator('.id-number').textContent()).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(await row.textContent()).not.toContain(DEMO_CITIZEN.idNumber);
    const rows = page.locator('.records-table tbody tr');
    const ids = await page.locator('.records-table .id-number').allTextContents();
    expect(ids.length).toBe(await rows.count());
    for (const id of ids) expect(id).toMatch(/^[\dA-Z]{6}\*{8}[\dA-Z]{4}$/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-esc-8-masked-cases');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
