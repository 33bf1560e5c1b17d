import type { Locator, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { baseUrl, shot, signIn, useBrowser } from './setup.js';

/**
 * Bad-review handling (差评整改) in the workbench, in a real browser against the local stack
 * the global setup started. That stack runs with DEMO_WORKDAY_SECONDS=3: verify 3 s,
 * rectify 15 s, return visit 15 s, task order 9 s — so the staff may well miss the verify
 * window (a task order is issued; the API still takes the overdue step's work), and the
 * citizen must answer the return visit within 15 s of the reply.
 */
/** The smallest valid PNG (1×1): the API checks the magic bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const { newPage, pageErrors } = useBrowser();

/** A fresh, completed case of the demo citizen at V-CITY W01 (unit U-SCJG), so each test owns its data. */
const freshCitizenCase = async () => (await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' })).caseNumber;
/** The citizen rates the case 不满意 (named, mobile, one reason): a bad review starts. Returns its id. */
async function namedBadRating(caseNumber: string): Promise<string> {
  const res = await api('POST', '/ratings', {
    as: 'citizen',
    headers: { 'idempotency-key': crypto.randomUUID() },
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

/** Waits for `target`, pressing the page's 刷新 between looks (the page also polls on its own every 10 s). */
async function untilVisible(page: Page, target: Locator, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await target.first().isVisible()) return;
    if (Date.now() > end) throw new Error(`not visible after ${timeoutMs} ms: ${target}`);
    await page
      .getByRole('button', { name: '刷新' })
      .click()
      .catch(() => undefined);
    await page.waitForTimeout(600);
  }
}
const flash = (page: Page) => page.locator('#review-flash');
const openReview = (page: Page, reviewId: string) => page.goto(`${baseUrl()}/#/review/${encodeURIComponent(reviewId)}`);
/** Waits until the workflow has dispatched the review to the unit (a unit action before that is refused as not current). */
const dispatched = (reviewId: string) => expect.poll(async () => (await review(reviewId)).workStep, { timeout: 20_000, interval: 300 }).toBe('verify');
const escalationCount = (r: { escalations: unknown }) => (Array.isArray(r.escalations) ? r.escalations.length : Number(r.escalations));
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

describe('bad-review handling in the workbench', () => {
  it('staff verify, upload evidence, rectify and reply; the citizen answers 满意 and sees 已办结 with the timeline', async () => {
    // Arrange: staff signed in first, then the citizen's named 不满意 on a fresh case
    const page = await newPage();
    await signIn(page, 'staff', '承办人');
    const caseNumber = await freshCitizenCase();
    const reviewId = await namedBadRating(caseNumber);
    // The workflow plans the verification step a moment after the rating: only then is there a deadline to count down.
    await expect.poll(async () => (await api('GET', `/bad-reviews/${reviewId}`, { as: 'staff' })).json?.deadline, { timeout: 20_000 }).toBeTruthy();

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
    await flash(page)
      .getByText(/已下发任务交办单 #\d+/)
      .waitFor();
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

  it('the evidence upload states and checks the API’s own size limit (GET /meta): 4 MiB, nothing sent above it', async () => {
    // Arrange: a named bad review, verified through the API, so the staff are at 整改反馈
    const meta = (await api('GET', '/meta')).json;
    expect(meta.evidence.maxBytes).toBe(4 * 1024 * 1024);
    const caseNumber = await freshCitizenCase();
    const reviewId = await namedBadRating(caseNumber);
    await dispatched(reviewId);
    const verified = await api('POST', `/bad-reviews/${reviewId}/verification`, { as: 'staff', body: { contacted: true, facts: '已电话联系评价人。' } });
    expect(verified.status).toBe(200);
    const page = await newPage();
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/evidence')) uploads.push(r.url());
    });
    await signIn(page, 'staff', '承办人');
    await openReview(page, reviewId);
    await untilVisible(page, page.locator('#evidence-form'));

    // Assess: the hint and the picker say what the API accepts
    expect(await page.locator('#evidence-file-hint').textContent()).toContain('PNG、JPEG 或 PDF，单个不超过 4 MiB');
    expect((await page.locator('#evidence-file').getAttribute('accept'))?.split(',')).toEqual(expect.arrayContaining(['.png', '.jpg', '.jpeg', '.pdf']));

    // Act: a PNG one byte over the API's limit
    const big = Buffer.concat([PNG, Buffer.alloc(meta.evidence.maxBytes + 1 - PNG.length)]);
    await page.locator('#evidence-file').setInputFiles({ name: '整改现场照片.png', mimeType: 'image/png', buffer: big });
    await page.getByRole('button', { name: '上传', exact: true }).click();

    // Assess: refused in the page with the API's number, nothing uploaded
    await page.locator('#evidence-file-err').getByText('文件不能超过 4 MiB').waitFor();
    expect(await page.locator('#evidence-file').getAttribute('aria-invalid')).toBe('true');
    await page.waitForTimeout(300);
    expect(uploads).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('the rating card says 已作废 for a voided rating and 默认好评 for a default one, never 已作废 for a default', async () => {
    // Arrange: a named bad review whose appeal is upheld: its rating is voided
    const caseNumber = await freshCitizenCase();
    const reviewId = await namedBadRating(caseNumber);
    await dispatched(reviewId);
    expect((await api('POST', `/bad-reviews/${reviewId}/appeal`, { as: 'staff', body: { reason: '评价人误选了不满意，已电话确认。' } })).status).toBe(201);
    expect((await api('POST', `/bad-reviews/${reviewId}/appeal/decision`, { as: 'supervisor', body: { approve: true } })).status).toBe(200);
    expect((await api('GET', `/ratings/${reviewId}`, { as: 'admin' })).json).toMatchObject({ voided: true, active: true, channel: 'mobile' });

    // Act: the staff open the review
    const page = await newPage();
    await signIn(page, 'staff', '承办人');
    await openReview(page, reviewId);
    const card = page.locator('section[aria-labelledby="sec-rating"] .rating-card');

    // Assess: 已作废 on the card and in the case's dialog
    await card.getByText('已作废').waitFor();
    expect(await card.textContent()).not.toContain('默认好评');
    await page.locator('#review-body .kv').getByRole('button', { name: caseNumber }).click();
    const dialogCard = page.locator('#case-dialog .rating-card');
    await dialogCard.getByText('已作废').waitFor();
    await shot(page, 'bad-review-14-voided-rating', false);
    await page.locator('#case-dialog-close').click();

    // Arrange: a case completed a month ago gets its default rating from the job (earlier due cases first, so it is the newest)
    expect((await api('POST', '/local/jobs/default-ratings', { as: 'admin' })).status).toBe(200);
    const old = await pushCase({ as: 'admin', extra: { acceptedAt: daysAgo(31), completedAt: daysAgo(30) } });
    const job = await api('POST', '/local/jobs/default-ratings', { as: 'admin' });
    expect(job.json.rated).toBeGreaterThanOrEqual(1);
    expect((await api('GET', `/ratings/${old.caseNumber}-1`, { as: 'admin' })).json).toMatchObject({ channel: 'default', active: false });

    // Act: 本单位评价 lists it; open the case
    // The list goes by the unit's cases, newest accepted first (ratings have no index of their own): page to the month-old case.
    await page.getByRole('link', { name: '本单位评价', exact: true }).click();
    const row = page.locator('#ratings-table tbody tr', { hasText: old.caseNumber });
    await page.locator('#ratings-table').waitFor();
    for (let i = 0; i < 30 && !(await row.isVisible()); i++) {
      const label = page.locator('.pager span').first();
      const before = await label.textContent();
      await page.getByRole('button', { name: '下一页' }).click();
      await expect.poll(() => label.textContent()).not.toBe(before);
    }
    await row.waitFor();
    await row.getByRole('button', { name: old.caseNumber }).click();

    // Assess: 默认好评, not 已作废, in the list and on the card
    expect(await row.textContent()).toContain('默认好评');
    expect(await row.textContent()).not.toContain('已作废');
    await dialogCard.getByText('默认好评').waitFor();
    expect(await dialogCard.textContent()).not.toContain('已作废');
    await shot(page, 'bad-review-15-default-rating', false);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('records the outcomes of two escalations one after the other: a valid choice after each, never escalation 0, errors in words', async () => {
    // Arrange: a named bad review nobody handles until it is escalated twice (verify 3 s, task order 9 s, then every 15 s)
    const caseNumber = await freshCitizenCase();
    const reviewId = await namedBadRating(caseNumber);
    await expect.poll(async () => escalationCount(await review(reviewId)), { timeout: 90_000, interval: 1000 }).toBeGreaterThanOrEqual(2);
    const page = await newPage();
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/escalations/')) posted.push(new URL(r.url()).pathname);
    });
    await signIn(page, 'supervisor', '监管人员');
    await openReview(page, reviewId);
    const select = page.locator('#outcome-n');
    await select.waitFor();
    const options = () => select.locator('option').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect((await options()).length).toBeGreaterThanOrEqual(2);

    // Act: the API refuses once with its schema's own text (as it did when the page sent escalation 0)
    await page.route(
      '**/escalations/*/outcome',
      (route) =>
        route.fulfill({
          status: 400,
          json: {
            error: {
              code: 'VALIDATION_FAILED',
              message: '请求参数不合法：path.n 数值过小：期望 number >=1',
              issues: [{ field: 'path.n', rule: 'too_small', message: '数值过小：期望 number >=1' }],
            },
          },
        }),
      { times: 1 },
    );
    await page.getByRole('radio', { name: '约谈' }).check();
    await page.getByLabel('说明').fill('已约谈市市场监督管理局分管领导。');
    await page.getByRole('button', { name: '记录督办结果' }).click();

    // Assess: said in words, not the schema's
    const formError = page.locator('#outcome-form .form-error');
    await formError.getByText('页面上的信息已过期，请刷新页面后重试').waitFor();
    expect(await formError.textContent()).not.toMatch(/期望|number|>=|path/);

    // Act: record the chosen escalation for real
    const first = await select.inputValue();
    await page.getByRole('button', { name: '记录督办结果' }).click();
    await flash(page).getByText('已记录督办结果：约谈').waitFor();

    // Assess: the form offers only escalations still without an outcome, one of them chosen
    await expect
      .poll(async () => {
        const value = await select.inputValue();
        const values = await options();
        return value !== '' && values.includes(value) && !values.includes(first);
      })
      .toBe(true);
    await shot(page, 'bad-review-16-second-outcome');

    // Act: record the next one
    const second = await select.inputValue();
    await page.getByRole('radio', { name: '通报' }).check();
    await page.getByLabel('说明').fill('列入本期双周通报名单。');
    await page.getByRole('button', { name: '记录督办结果' }).click();
    await flash(page).getByText('已记录督办结果：通报').waitFor();

    // Assess: every request named a real escalation; both outcomes are stored
    expect(posted.length).toBe(3);
    for (const path of posted) expect(path).toMatch(/\/escalations\/[1-9]\d*\/outcome$/);
    const r = await review(reviewId);
    expect(r.escalations.find((e: { n: number }) => e.n === Number(first)).outcome).toMatchObject({ kind: 'interview' });
    expect(r.escalations.find((e: { n: number }) => e.n === Number(second)).outcome).toMatchObject({ kind: 'notice' });
    // the form is gone, or (a newer escalation came meanwhile) it offers that one, chosen
    await expect.poll(async () => (await page.locator('#outcome-form').count()) === 0 || !['', first, second].includes(await select.inputValue())).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('offers 办结 of an automatic task order only once its overdue step is done, and shows a refused 办结 as an error', async () => {
    // Arrange: verification missed → an automatic task order; and a manual one from the supervisor
    const caseNumber = await freshCitizenCase();
    const reviewId = await namedBadRating(caseNumber);
    await expect.poll(async () => (await review(reviewId)).taskOrders.length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(1);
    const auto = (await review(reviewId)).taskOrders.find((t: { kind: string }) => t.kind === 'auto');
    expect(auto).toMatchObject({ overdueStep: 'verify', canComplete: false });
    const issued = await api('POST', `/bad-reviews/${reviewId}/task-orders`, { as: 'supervisor', body: { content: '请尽快核实并反馈。', days: 5 } });
    expect(issued.status).toBe(201);
    const manual = issued.json.taskOrder;
    const page = await newPage();
    await signIn(page, 'staff', '承办人');

    // Act: 任务交办单
    await page.getByRole('link', { name: '任务交办单', exact: true }).click();
    const autoRow = page.locator(`#task-orders-table tr[data-order="${reviewId}#${auto.n}"]`);
    const manualRow = page.locator(`#task-orders-table tr[data-order="${reviewId}#${manual.n}"]`);
    await untilVisible(page, manualRow);

    // Assess: the automatic order can be signed for, but not completed while 核实 is not done; the manual one can
    expect(await autoRow.getByRole('button', { name: /^签收/ }).count()).toBe(1);
    expect(await autoRow.getByRole('button', { name: /^办结/ }).count()).toBe(0);
    expect(await autoRow.textContent()).toContain('完成超期的「核实」环节后自动办结');
    expect(await manualRow.getByRole('button', { name: `办结任务交办单 #${manual.n}（办件 ${caseNumber}）` }).count()).toBe(1);

    // Act: sign for the manual order (a success), then its 办结 is refused (409, as when the state changed meanwhile)
    await manualRow.getByRole('button', { name: /^签收/ }).click();
    const status = page.locator('#task-orders-status');
    await status.getByText(`已签收任务交办单 #${manual.n}`).waitFor();
    const refuse = (route: Route) =>
      route.fulfill({
        status: 409,
        json: {
          error: { code: 'CONFLICT', message: '该任务交办单暂不能办结', issues: [{ field: '', rule: 'step_not_current', message: '该任务交办单暂不能办结' }] },
        },
      });
    await page.route(`**/bad-reviews/${reviewId}/task-orders/${manual.n}/complete`, refuse, { times: 1 });
    await manualRow.getByRole('button', { name: /^办结/ }).click();
    await manualRow.getByRole('button', { name: '确认办结' }).click();

    // Assess: an error, in place of the earlier success
    await status.getByText('该任务交办单暂不能办结').waitFor();
    expect(await status.getAttribute('class')).toContain('is-error');
    expect(await status.textContent()).not.toContain('已签收');
    await shot(page, 'bad-review-17-task-order-refused');

    // Act: the detail page: sign for the automatic order (a success), then a refused 办结 of the manual one
    await openReview(page, reviewId);
    const autoItem = page.locator(`#review-task-orders li[data-order="${auto.n}"]`);
    const manualItem = page.locator(`#review-task-orders li[data-order="${manual.n}"]`);
    await manualItem.waitFor();
    expect(await autoItem.getByRole('button', { name: /^办结/ }).count()).toBe(0);
    await autoItem.getByRole('button', { name: /^签收/ }).click();
    await flash(page).locator('.banner.ok').getByText(`已签收任务交办单 #${auto.n}`).waitFor();
    await page.route(`**/bad-reviews/${reviewId}/task-orders/${manual.n}/complete`, refuse, { times: 1 });
    await manualItem.getByRole('button', { name: /^办结/ }).click();
    await manualItem.getByRole('button', { name: '确认办结' }).click();

    // Assess: a red banner, no green one
    await flash(page).locator('.banner.error').getByText('该任务交办单暂不能办结').waitFor();
    expect(await flash(page).locator('.banner.ok').count()).toBe(0);

    // Act: the unit verifies: the automatic order completes with its step
    expect((await api('POST', `/bad-reviews/${reviewId}/verification`, { as: 'staff', body: { contacted: true, facts: '已核实。' } })).status).toBe(200);
    await expect.poll(async () => (await review(reviewId)).taskOrders.find((t: { n: number }) => t.n === auto.n).status).toBe('completed');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
