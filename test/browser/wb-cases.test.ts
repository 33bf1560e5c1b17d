import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { axeViolations } from './axe.js';
import { openWorkbench, signInThroughOidc } from './oidc-sign-in.js';
import { baseUrl, PHONE, shot, untilVisible, useBrowser } from './setup.js';

/**
 * The case pages of the new workbench (web/src/workbench/cases) in Chromium against the
 * local stack (DEMO_WORKDAY_SECONDS=3: verify 3 s, rectify 15 s, a complaint's acceptance
 * 3 s, its handling 39 s). The forms shown are the detail's `actions`; each test signs its
 * users in first and then makes its own case, so the short demo steps are not spent on sign-in.
 * axe on each page state; screenshots wb-cases-*.
 */
const { newPage, pageErrors } = useBrowser();

/** The smallest valid PNG (1×1): the API checks the magic bytes. */
/** A minimal PDF as the API's content check takes it: header, some body, `%%EOF`. */
const PDF = Buffer.from(`%PDF-1.4\n% 窗口监控记录说明\n${'%'.repeat(80)}\n%%EOF\n`);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The demo citizen's named 不满意 on a fresh case at U-SCJG, once the workflow has given it to the unit. */
async function badReview(): Promise<{ id: string; caseNumber: string }> {
  const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
  const rated = await api('POST', '/ratings', {
    as: 'citizen',
    headers: { 'idempotency-key': randomUUID() },
    body: { caseNumber, level: 4, channel: 'mobile', tags: ['办事效率'], text: '材料反复退回，跑了三趟。' },
  });
  expect(rated.status, rated.text).toBe(201);
  const id = rated.json.rating.ratingId as string;
  await expect.poll(async () => (await api('GET', `/bad-reviews/${id}`, { as: 'staff' })).json?.workStep, { timeout: 20_000, interval: 200 }).toBe('verify');
  return { id, caseNumber };
}

/** Goes to a route of the signed-in workbench without reloading it. */
const go = (page: Page, route: string) =>
  page.evaluate((r) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#${r}`;
  }, route);
const flash = (page: Page) => page.locator('#case-flash');
/** Drops a file on an el-upload drag area, as a user dragging it from the desktop does. */
async function dropFile(page: Page, zone: Locator, name: string, mimeType: string, bytes: Buffer) {
  const dt = await page.evaluateHandle(
    ({ name, mimeType, b64 }) => {
      const data = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: File): void } } };
      const t = new g.DataTransfer();
      t.items.add(new File([data], name, { type: mimeType }));
      return t;
    },
    { name, mimeType, b64: bytes.toString('base64') },
  );
  await zone.dispatchEvent('drop', { dataTransfer: dt });
}
/** axe on the page as it is: no serious or critical violation (each named with its elements when one shows up). */
async function a11y(page: Page) {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.targets.join(' | ')}`),
    `axe on ${page.url()}`,
  ).toEqual([]);
}
const chooseRadio = (page: Page, form: string, label: string) => page.locator(form).getByText(label, { exact: true }).click();

describe('the case pages', () => {
  it('a unit handles a bad review to the end: verify, rectify with a dropped evidence file, reply; the rater answers; closed', async () => {
    // Arrange: staff signed in, then a fresh named bad review
    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'staff', '/inbox');
    const { id, caseNumber } = await badReview();

    // Act: open the case; its facts, countdown and the verification form (the only unit step now)
    await go(page, `/bad-reviews/${id}`);
    await page.getByRole('heading', { level: 1, name: `差评办理 · 办件 ${caseNumber}` }).waitFor();
    expect(await page.locator('.facts').textContent()).toContain('张三');
    expect(await page.locator('.facts').textContent()).toContain('材料反复退回');
    await expect.poll(() => page.getByRole('timer').textContent()).toMatch(/^(剩余|已超期) /);
    expect(await page.locator('#rectify-form').count()).toBe(0);
    await a11y(page);
    await shot(page, 'wb-cases-1-bad-review-verify');

    // Act: 记录核实 — empty first: the rule from the API's schema names the field
    await page.getByRole('button', { name: '记录核实' }).click();
    await page.locator('#verify-form').getByText('请填写核实情况').waitFor();
    await page.locator('#verify-form .el-switch').click();
    await page.getByLabel('核实情况', { exact: true }).fill('已电话联系评价人，材料退回因窗口未一次性告知。');
    await page.getByRole('button', { name: '记录核实' }).click();
    await flash(page).getByText('核实情况已记录').waitFor();

    // Act: 整改 in one step: a wrong file is refused in the page; the PNG dropped is uploaded at once, then submitted with the measures
    await untilVisible(page, page.locator('#rectify-form'));
    const zone = page.locator('#rectify-form .el-upload-dragger');
    await dropFile(page, zone, 'notes.txt', 'text/plain', Buffer.from('hello'));
    await page
      .locator('#rectify-evidence-err')
      .getByText(/只能上传/)
      .waitFor();
    await dropFile(page, zone, '整改培训签到表.png', 'image/png', PNG);
    await page.locator('#rectify-evidence-list li', { hasText: '整改培训签到表.png · 已上传' }).waitFor();
    await page.getByLabel('整改措施', { exact: true }).fill('对窗口人员开展一次性告知培训，并在窗口张贴材料清单。');
    await a11y(page);
    await shot(page, 'wb-cases-2-bad-review-rectify');
    await page.getByRole('button', { name: '记录整改' }).click();
    await flash(page).getByText('整改措施已记录').waitFor();
    await page.locator('.records').getByRole('button', { name: '下载 整改培训签到表.png' }).first().waitFor();

    // Act: 答复评价人 (a named review)
    await untilVisible(page, page.locator('#reply-form'));
    await page.getByLabel('答复内容', { exact: true }).fill('您好，经核实情况属实，已对窗口人员培训并公示材料清单，感谢监督。');
    await page.getByRole('button', { name: '答复评价人' }).click();
    await flash(page).getByText('已答复评价人').waitFor();
    await untilVisible(page, page.getByText('等待评价人回访'));

    // Act: the rater answers the return visit 满意
    const visit = await api('POST', `/bad-reviews/${id}/visit`, { as: 'citizen', body: { answer: 'satisfied' } });
    expect(visit.status, visit.text).toBe(200);

    // Assert: closed, no forms left, the whole timeline shown
    await untilVisible(page, page.locator('.bar').getByText('已办结'));
    expect(await page.locator('.action-form').count()).toBe(0);
    const timeline = await page.locator('#case-timeline').textContent();
    for (const step of ['收到实名差评', '记录核实情况', '记录整改措施', '答复评价人', '评价人回访：满意']) expect(timeline).toContain(step);
    await a11y(page);
    await shot(page, 'wb-cases-3-bad-review-closed');
  }, 120_000);

  it('a complaint to the end: the supervisor assigns, the unit accepts and answers with the check findings shown, the supervisor approves; closed', async () => {
    // Arrange: supervisor and staff signed in, then an anonymous complaint without a unit
    const sup = await newPage();
    await openWorkbench(sup, baseUrl(), 'supervisor', '/inbox');
    const staff = await newPage();
    await openWorkbench(staff, baseUrl(), 'staff', '/inbox');
    const submitted = await api('POST', '/public/complaints', {
      body: {
        kind: 'complaint',
        title: '营业执照窗口材料清单不一致',
        content: '营业执照办理窗口两次告知的材料清单不一致，导致多跑一趟，希望统一材料清单。',
        regionCode: '410400',
        anonymous: true,
        idempotencyKey: randomUUID(),
      },
    });
    expect(submitted.status, submitted.text).toBe(201);
    const id = submitted.json.complaint.complaintId as string;

    // Act: 派单 to 市市场监督管理局
    await go(sup, `/complaints/${id}`);
    await untilVisible(sup, sup.locator('#assign-form'));
    await sup.locator('#assign-form .el-select__wrapper').click();
    await sup.getByRole('option', { name: /市市场监督管理局（U-SCJG）/ }).click();
    await sup.locator('.el-select-dropdown').first().waitFor({ state: 'hidden' });
    await sup.getByLabel('派单说明', { exact: true }).fill('请核查窗口材料清单。');
    await a11y(sup);
    await shot(sup, 'wb-cases-4-complaint-assign');
    await sup.getByRole('button', { name: '派单', exact: true }).click();
    await flash(sup).getByText('已派单').waitFor();

    // Act: the unit signs for it (silence is acceptance after the demo's 3 s: then handling has begun already)
    await go(staff, `/complaints/${id}`);
    const accept = staff.getByRole('button', { name: '签收', exact: true });
    const answerForm = staff.locator('#answer-form');
    await untilVisible(staff, accept.or(answerForm));
    if (await accept.isVisible()) {
      await accept.click();
      await flash(staff).getByText('已签收').waitFor();
    }

    // Act: a thin answer: the check's findings come back and are shown with the draft
    await untilVisible(staff, answerForm);
    await staff.getByLabel('答复内容', { exact: true }).fill('您好，您反映的问题已收到，我们会认真研究处理。');
    await staff.getByRole('button', { name: '提交答复' }).click();
    await flash(staff)
      .getByText(/答复已提交审核/)
      .waitFor();
    const draft = staff.locator('[data-draft="1"]');
    await draft.waitFor();
    expect(await draft.textContent()).toContain('答复检查');
    expect(await draft.locator('.findings li').count()).toBeGreaterThan(0);
    await a11y(staff);
    await shot(staff, 'wb-cases-5-complaint-answer-findings');

    // Act: the supervisor reviews the draft and its findings and approves
    await untilVisible(sup, sup.locator('#review-form'));
    expect(await sup.locator('[data-draft="1"] .findings li').count()).toBeGreaterThan(0);
    await chooseRadio(sup, '#review-form', '通过');
    await sup.getByRole('button', { name: '提交审核' }).click();
    await flash(sup).getByText('审核结果已记录').waitFor();

    // Assert: an anonymous complaint closes once its answer is released
    await untilVisible(sup, sup.locator('.bar').getByText('已办结'));
    expect(await sup.locator('#case-timeline').textContent()).toContain('答复审核通过');
    await a11y(sup);
    await shot(sup, 'wb-cases-6-complaint-closed');
  }, 120_000);

  it('an extension request in the rectification step and the supervisor approving it', async () => {
    // Arrange: both signed in; a bad review verified through the API, now in 整改 (15 s)
    const staff = await newPage();
    await openWorkbench(staff, baseUrl(), 'staff', '/inbox');
    const sup = await newPage();
    await openWorkbench(sup, baseUrl(), 'supervisor', '/inbox');
    const { id } = await badReview();
    const v = await api('POST', `/bad-reviews/${id}/verification`, { as: 'staff', body: { contacted: true, facts: '已核实。' } });
    expect(v.status, v.text).toBe(200);
    await expect.poll(async () => (await api('GET', `/bad-reviews/${id}`, { as: 'staff' })).json?.step, { timeout: 10_000, interval: 100 }).toBe('rectify');

    // Act: the unit asks for 2 working days
    await go(staff, `/bad-reviews/${id}`);
    await staff.locator('#extension-form').waitFor();
    await staff.getByLabel('延期天数（工作日）', { exact: true }).fill('2');
    await staff.getByLabel('延期理由', { exact: true }).fill('整改需协调场地改造，需延期两个工作日。');
    await staff.getByRole('button', { name: '提交延期申请' }).click();
    await flash(staff).getByText('延期申请已提交').waitFor();

    // Act: the supervisor approves
    await go(sup, `/bad-reviews/${id}`);
    await sup.locator('#extension-decision-form').waitFor();
    await chooseRadio(sup, '#extension-decision-form', '批准');
    await sup.getByLabel('审批意见', { exact: true }).fill('同意，建立台账、限期整改。');
    await a11y(sup);
    await shot(sup, 'wb-cases-7-extension-decision');
    await sup.getByRole('button', { name: '提交审批' }).click();
    await flash(sup).getByText('延期审批已记录').waitFor();

    // Assert: the decision is on the case
    await sup.locator('#ext-title').waitFor();
    expect(await sup.locator('section[aria-labelledby="ext-title"]').textContent()).toContain('已批准 2 个工作日');
    expect((await api('GET', `/bad-reviews/${id}`, { as: 'staff' })).json.extensions[0].decision.approve).toBe(true);
  }, 120_000);

  it('an appeal with its category and an attachment; the supervisor upholds it and the rating is voided', async () => {
    const staff = await newPage();
    await openWorkbench(staff, baseUrl(), 'staff', '/inbox');
    const sup = await newPage();
    await openWorkbench(sup, baseUrl(), 'supervisor', '/inbox');
    const { id } = await badReview();

    // Act: 申诉 — category 恶意评价, a reason, a PDF attached
    await go(staff, `/bad-reviews/${id}`);
    await staff.locator('#appeal-form').waitFor();
    await staff.locator('#appeal-form .el-select__wrapper').click();
    await staff.getByRole('option', { name: '恶意评价' }).click();
    await staff.locator('.el-select-dropdown').first().waitFor({ state: 'hidden' });
    await staff.getByLabel('申诉理由', { exact: true }).fill('评价人当日未到窗口办理，评价内容与办件无关，附窗口监控记录说明。');
    await staff.locator('#appeal-files input[type="file"]').setInputFiles({ name: '监控记录说明.pdf', mimeType: 'application/pdf', buffer: PDF });
    await staff.locator('#appeal-files-list li', { hasText: '监控记录说明.pdf · 已上传' }).waitFor();
    await a11y(staff);
    await shot(staff, 'wb-cases-8-appeal');
    await staff.getByRole('button', { name: '提交申诉' }).click();
    await flash(staff).getByText('申诉已提交').waitFor();
    expect(await staff.locator('.records').textContent()).toContain('申诉（恶意评价');
    expect(await staff.locator('#appeal-form').count()).toBe(0);

    // Act: the supervisor upholds it
    await go(sup, `/bad-reviews/${id}`);
    await sup.locator('#appeal-decision-form').waitFor();
    expect(await sup.locator('section[aria-labelledby="appeal-decision-form-title"]').textContent()).toContain('恶意评价');
    await chooseRadio(sup, '#appeal-decision-form', '申诉成立（评价作废）');
    await sup.getByRole('button', { name: '提交复核结果' }).click();
    await flash(sup).getByText('申诉复核结果已记录').waitFor();
    await untilVisible(sup, sup.locator('.bar').getByText('已作废'));
    const after = (await api('GET', `/bad-reviews/${id}`, { as: 'staff' })).json;
    expect(after.appeal.category).toBe('malicious');
    expect(after.appeal.attachments[0].name).toBe('监控记录说明.pdf');
  }, 120_000);

  it('a case page on a phone keeps its countdown and stacks its facts', async () => {
    const page = await newPage(PHONE);
    // On a phone the role sits in the menu, not the top bar: wait for the page's heading instead.
    await page.goto(`${baseUrl()}/#/inbox`);
    await signInThroughOidc(page, 'leader');
    await page.locator('main h1').waitFor();
    const { id } = await badReview();
    await go(page, `/bad-reviews/${id}`);
    await page.locator('#verify-form').waitFor();
    expect(await page.getByRole('timer').isVisible()).toBe(true);
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
    await a11y(page);
    await shot(page, 'wb-cases-9-phone');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
