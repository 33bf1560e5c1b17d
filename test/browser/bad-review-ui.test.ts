import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';

/**
 * Bad-review handling (差评整改) in the workbench, in a real browser against the local stack
 * the global setup started. That stack runs with DEMO_WORKDAY_SECONDS=3: verify 3 s,
 * rectify 15 s, return visit 15 s, task order 9 s — so the staff may well miss the verify
 * window (a task order is issued; the API still takes the overdue step's work), and the
 * citizen must answer the return visit within 15 s of the reply.
 */
const SHOTS = resolve('.local/screenshots');
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
/** The smallest valid PNG (1×1): the API checks the magic bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const baseUrl = () => inject('baseUrl');
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext(DESKTOP);
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}
const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });

/** A fresh, completed case of the demo citizen at V-CITY W01 (unit U-SCJG), so each test owns its data. */
const freshCitizenCase = async () => (await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' })).caseNumber;
/** The citizen rates the case 不满意 (named, mobile, one reason): a bad review starts. Returns its id. */
async function namedBadRating(caseNumber: string): Promise<string> {
  const res = await api('POST', '/ratings', {
    as: 'citizen', headers: { 'idempotency-key': crypto.randomUUID() },
    body: { caseNumber, level: 4, channel: 'mobile', tags: ['办事效率'], text: '材料反复退回，跑了三趟。' },
  });
  expect(res.status).toBe(201);
  return res.json.rating.ratingId as string;
}
const review = async (id: string) => {
  const res = await api('GET', `/bad-reviews/${id}`, { as: 'admin' });
  expect(res.status).toBe(200);
  return res.json;
};

async function signIn(page: Page, user: string, roleName: string) {
  await page.goto(`${baseUrl()}/`);
  const out = page.getByRole('button', { name: '退出' });
  if (await out.isVisible()) await out.click();
  await page.locator(`[data-user="${user}"]`).click();
  await expect.poll(() => page.locator('#current-role').textContent()).toBe(roleName);
}

/** Waits for `target`, pressing the page's 刷新 between looks (the page also polls on its own every 10 s). */
async function untilVisible(page: Page, target: Locator, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await target.first().isVisible()) return;
    if (Date.now() > end) throw new Error(`not visible after ${timeoutMs} ms: ${target}`);
    await page.getByRole('button', { name: '刷新' }).click().catch(() => undefined);
    await page.waitForTimeout(600);
  }
}
const flash = (page: Page) => page.locator('#review-flash');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

describe('bad-review handling in the workbench', () => {
  it('staff verify, upload evidence, rectify and reply; the citizen answers 满意 and sees 已办结 with the timeline', async () => {
    // Arrange: staff signed in first, then the citizen's named 不满意 on a fresh case
    const page = await newPage();
    await signIn(page, 'staff', '承办人');
    const caseNumber = await freshCitizenCase();
    const reviewId = await namedBadRating(caseNumber);

    // Act: the inbox lists it with a live countdown; open it
    await page.getByRole('link', { name: '差评待办', exact: true }).click();
    const row = page.locator(`#inbox-table tr[data-review="${reviewId}"]`);
    await untilVisible(page, row);
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('实名');
    expect(await row.getByRole('timer').count()).toBe(1);
    await shot(page, 'bad-review-1-inbox');
    await row.getByRole('link', { name: caseNumber }).click();

    // Act: 记录核实 (accepted in the 3 s window, or during the task order that follows it)
    await page.locator('#verify-form').waitFor();
    expect(await page.locator('#review-timeline li').first().textContent()).toContain('收到实名差评');
    await page.getByRole('button', { name: '记录核实' }).click(); // empty: the client says what is missing
    await page.locator('#verify-facts-err').getByText('请填写核实情况').waitFor();
    expect(await page.locator('#verify-facts').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('已联系评价人').check();
    await page.getByLabel('核实情况').fill('已电话联系评价人，材料退回因窗口未一次性告知。');
    expect(await page.locator('#verify-facts').getAttribute('aria-invalid')).toBeNull(); // the error clears while correcting
    await shot(page, 'bad-review-2-verify');
    await page.getByRole('button', { name: '记录核实' }).click();
    await flash(page).getByText('核实情况已记录').waitFor();

    // Act: the step moves on to 整改反馈; a wrong file is refused in the page, a PNG is uploaded
    await untilVisible(page, page.locator('#rectify-form'));
    await page.locator('#evidence-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.locator('#evidence-file-err').getByText('只能上传 PNG、JPEG 或 PDF 文件').waitFor();
    await page.locator('#evidence-file').setInputFiles({ name: '整改培训签到表.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await flash(page).getByText('已上传材料：整改培训签到表.png').waitFor();
    const evidenceBox = page.getByRole('checkbox', { name: /整改培训签到表\.png/ });
    expect(await evidenceBox.isChecked()).toBe(true);

    // Act: 记录整改 with the file, then 答复评价人
    await page.getByLabel('整改措施').fill('对窗口人员开展一次性告知培训，并在窗口张贴材料清单。');
    await shot(page, 'bad-review-3-rectify');
    await page.getByRole('button', { name: '记录整改' }).click();
    await flash(page).getByText('整改措施已记录').waitFor();
    await page.getByLabel('答复内容').fill('您好，经核实情况属实，已对窗口人员培训并公示材料清单，感谢监督。');
    await page.getByRole('button', { name: '答复评价人' }).click();
    await flash(page).getByText('已答复评价人').waitFor();
    await untilVisible(page, page.getByText('等待评价人回访'));
    await shot(page, 'bad-review-4-staff-waiting-visit');

    // Act: the citizen finds it in 我的差评 at the 回访 step and answers 满意
    await signIn(page, 'citizen', '市民');
    await page.getByRole('link', { name: '我的差评', exact: true }).click();
    const card = page.locator('#my-bad-reviews article', { hasText: caseNumber });
    await untilVisible(page, card.getByRole('link', { name: '去回访评价' }));
    await shot(page, 'bad-review-5-citizen-list');
    await card.getByRole('link', { name: '去回访评价' }).click();
    await page.locator('#visit-form').getByText('已对窗口人员培训并公示材料清单').waitFor();
    await shot(page, 'bad-review-6-citizen-visit');
    await page.getByRole('button', { name: '满意', exact: true }).click();
    await flash(page).getByText('感谢您的回访：满意').waitFor();

    // Assess: 已办结 with the whole timeline on the page
    await untilVisible(page, page.locator('.head-badges').getByText('已办结'));
    const timeline = page.locator('#review-timeline');
    await timeline.getByText('评价人已回访确认，办结').waitFor();
    const steps = await timeline.locator('li .action').allTextContents();
    for (const s of ['收到实名差评', '记录核实情况', '记录整改措施（第 1 轮）', '答复评价人（第 1 轮）', '评价人回访：满意', '评价人已回访确认，办结'])
      expect(steps).toContain(s);
    expect(await timeline.locator('li.person .who').allTextContents()).toEqual(expect.arrayContaining(['李四（承办人）', '张三（市民）']));
    expect(await page.locator('.stepper li[aria-current="step"]').count()).toBe(0);
    await shot(page, 'bad-review-7-citizen-closed');

    // Assess: the API agrees
    const r = await review(reviewId);
    expect(r).toMatchObject({ status: 'closed', closeReason: 'visitAnswered', verification: { contacted: true } });
    expect(r.rectifications[0].evidence).toEqual([expect.objectContaining({ name: '整改培训签到表.png', contentType: 'image/png', size: PNG.length })]);
    expect(r.visits).toEqual([expect.objectContaining({ answer: 'satisfied' })]);

    // Act: the bell shows the 已办结 notification; opening it marks it read
    await page.getByRole('button', { name: /^通知，/ }).click();
    const item = page.locator('#notif-list button', { hasText: `办件 ${caseNumber} 的差评处理已办结` });
    await item.waitFor(); // already there: the case closed above (untilVisible's 刷新 would close the panel)
    expect(await item.getAttribute('class')).toContain('unread');
    await shot(page, 'bad-review-8-bell', false);
    const unreadBefore = (await api('GET', '/notifications', { as: 'citizen' })).json.unread as number;
    await item.click();
    await expect.poll(async () => (await api('GET', '/notifications', { as: 'citizen' })).json.unread).toBe(unreadBefore - 1);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a supervisor sees an escalated case in 督办, records the outcome, issues a task order the staff sign for', async () => {
    // Arrange: a named bad review nobody handles: verify (3 s) → task order (9 s) → escalated
    const caseNumber = await freshCitizenCase();
    const reviewId = await namedBadRating(caseNumber);
    const page = await newPage();
    await signIn(page, 'supervisor', '监管人员');
    const escalations = (r: { escalations: unknown }) => (Array.isArray(r.escalations) ? r.escalations.length : Number(r.escalations));
    await expect.poll(async () => escalations(await review(reviewId)), { timeout: 45_000, interval: 1000 }).toBeGreaterThanOrEqual(1);

    // Act: 督办 → 已升级 lists it; open it
    await page.getByRole('link', { name: '督办', exact: true }).click();
    await page.getByRole('link', { name: '已升级' }).click();
    const row = page.locator(`#supervision-table tr[data-review="${reviewId}"]`);
    await untilVisible(page, row);
    expect(await row.textContent()).toContain('市市场监督管理局');
    expect(await row.locator('.flag-escalated').textContent()).toMatch(/^已升级 \d+$/);
    await shot(page, 'bad-review-9-supervision');
    await row.getByRole('link', { name: caseNumber }).click();

    // Act: record the escalation outcome (约谈 + note)
    await page.locator('#outcome-form').waitFor();
    await page.getByRole('button', { name: '记录督办结果' }).click(); // nothing chosen yet
    await page.locator('#outcome-kind-err').getByText('请选择处理结果').waitFor();
    await page.getByRole('radio', { name: '约谈' }).check();
    await page.getByLabel('说明').fill('已约谈市市场监督管理局分管领导，要求三日内完成核实整改。');
    await shot(page, 'bad-review-10-outcome-form');
    await page.getByRole('button', { name: '记录督办结果' }).click();
    await flash(page).getByText('已记录督办结果：约谈').waitFor();
    await page.locator('#review-timeline').getByText('记录督办结果：约谈').waitFor();

    // Act: a manual task order
    await page.locator('#act-task-order summary').click();
    await page.getByLabel('交办内容').fill('请于三个工作日内完成核实并书面反馈。');
    await page.getByLabel('办理期限（工作日）').fill('5');
    await page.getByRole('button', { name: '下发任务交办单' }).click();
    await flash(page).getByText(/已下发任务交办单 #\d+/).waitFor();
    await shot(page, 'bad-review-11-supervisor-detail');

    // Assess: the API has the outcome and the manual order
    const r = await review(reviewId);
    expect(r.timeline.some((t: { action: string; note?: string }) => t.action === '记录督办结果：约谈' && t.note?.includes('已约谈'))).toBe(true);
    if (Array.isArray(r.escalations)) expect(r.escalations.some((e: { outcome?: { kind: string } }) => e.outcome?.kind === 'interview')).toBe(true);
    const manual = r.taskOrders.find((t: { kind: string }) => t.kind === 'manual');
    expect(manual).toMatchObject({ content: '请于三个工作日内完成核实并书面反馈。', status: 'issued' });

    // Act: the 双周通报 list of the current period shows the unit with this review
    await page.getByRole('link', { name: '双周通报', exact: true }).click();
    await page.locator('#notice-table').getByRole('link', { name: reviewId }).waitFor();
    await shot(page, 'bad-review-12-notice-list');

    // Act: the staff sign for the manual order in 任务交办单 and complete it with a note
    await signIn(page, 'staff', '承办人');
    await page.getByRole('link', { name: '任务交办单', exact: true }).click();
    const order = page.locator(`#task-orders-table tr[data-order="${reviewId}#${manual.n}"]`);
    await untilVisible(page, order);
    await order.getByRole('button', { name: `签收任务交办单 #${manual.n}` }).click();
    await page.locator('#task-orders-status').getByText(`已签收任务交办单 #${manual.n}`).waitFor();
    expect(await order.textContent()).toContain('已签收');
    await order.getByRole('button', { name: `办结任务交办单 #${manual.n}` }).click();
    await order.getByLabel(`任务交办单 #${manual.n}（办件 ${caseNumber}）办结说明`).fill('已完成核实并书面反馈。');
    await shot(page, 'bad-review-13-task-orders');
    await order.getByRole('button', { name: '确认办结' }).click();
    await page.locator('#task-orders-status').getByText(`已办结任务交办单 #${manual.n}`).waitFor();
    await expect.poll(() => order.count()).toBe(0); // the open list no longer has it

    // Assess
    const after = (await review(reviewId)).taskOrders.find((t: { n: number }) => t.n === manual.n);
    expect(after).toMatchObject({ status: 'completed', note: '已完成核实并书面反馈。' });
    expect(after.acknowledgedAt).toBeTruthy();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
