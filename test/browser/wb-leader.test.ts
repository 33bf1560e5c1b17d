import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from '../integration/fixtures.js';
import { api } from '../integration/http.js';
import { expectNoSeriousA11yViolations } from './axe.js';
import { openWorkbench, signInThroughOidc } from './oidc-sign-in.js';
import { baseUrl, PHONE, SHOTS, shot, useBrowser } from './setup.js';

/**
 * The unit leader in the new workbench (web/src/workbench/leader), in Chromium against the
 * local stack (DEMO_WORKDAY_SECONDS=3, so a task order of 30 working days is due in 90 s):
 * a supervisor issues a task order on a bad review through the API; the leader sees it in
 * 任务交办单 with its countdown, signs for it and completes it, prints the 任务交办单, and
 * reads the unit's figures; axe on each page; screenshots wb-leader-*.
 */
const { newPage, pageErrors } = useBrowser();
/** How long the page may take to show what the API answered (expect.poll waits 1 s by default). */
const UI = { timeout: 15_000, interval: 200 };

/** A bad review of the demo citizen's fresh case at U-SCJG, once its workflow has opened it. */
async function openBadReview(): Promise<{ id: string; caseNumber: string }> {
  const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
  const rated = await api('POST', '/ratings', {
    as: 'citizen',
    body: { caseNumber, level: 5, channel: 'mobile', tags: ['服务态度'], text: '窗口人员态度生硬，问三遍才回答。' },
  });
  expect(rated.status, rated.text).toBe(201);
  const id = rated.json.rating.ratingId as string;
  await expect.poll(async () => (await api('GET', `/bad-reviews/${id}`, { as: 'leader' })).json?.step, { timeout: 15_000, interval: 200 }).toBeTruthy();
  return { id, caseNumber };
}

async function issueOrder(id: string, content: string): Promise<number> {
  const res = await api('POST', `/bad-reviews/${id}/task-orders`, { as: 'supervisor', body: { content, days: 30 } });
  expect(res.status, res.text).toBe(201);
  return res.json.taskOrder.n as number;
}

describe('the leader workbench', () => {
  it('signs for and completes a task order with its countdown, prints the 任务交办单 and reads the unit figures', async () => {
    // Arrange: a supervisor issues a task order by hand on an open bad review.
    const { id, caseNumber } = await openBadReview();
    const n = await issueOrder(id, '请于期限内核实差评反映的服务态度问题，完成整改并书面反馈。');
    const label = `任务交办单 #${n}（办件 ${caseNumber}）`;

    // Act: the leader opens 任务交办单.
    const page = await newPage();
    await openWorkbench(page, baseUrl(), 'leader', '/task-orders');
    await page.getByRole('heading', { level: 1, name: '任务交办单' }).waitFor();
    const ack = page.getByRole('button', { name: `签收${label}` });
    await ack.waitFor();

    // Assess: the order's row shows the time left, counting down, and its state in words.
    const row = page.locator('tr', { has: ack });
    await expect.poll(() => row.locator('.countdown').textContent(), UI).toMatch(/^剩余 \d+/);
    const first = await row.locator('.countdown').textContent();
    await expect.poll(() => row.locator('.countdown').textContent(), { timeout: 5_000 }).not.toBe(first);
    expect(await row.locator('.state').textContent()).toBe('待签收');
    await expect.poll(() => row.textContent(), UI).toContain('市市场监督管理局');
    // The navigation counts the open orders, in words for screen readers.
    const navCount = page.locator('.wb-nav-link', { hasText: '任务交办单' }).locator('.count');
    await expect.poll(() => navCount.textContent(), UI).toMatch(/^\d+\+?（\d+\+? 件任务交办单未办结.*待签收）$/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-leader-1-task-orders');

    // Act + Assess: 签收, then 办结 with a note; each is announced and the state follows the API.
    await ack.click();
    await expect.poll(() => page.locator('.ok-line').textContent(), UI).toBe(`已签收${label}`);
    await page.getByRole('button', { name: `办结${label}` }).click();
    await page.getByLabel('办结说明（可选）').fill('已约谈窗口人员，完成服务态度整改。');
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: `确认办结${label}` }).click();
    await expect.poll(() => page.locator('.ok-line').textContent(), UI).toBe(`已办结${label}`);
    const stored = (await api('GET', `/bad-reviews/${id}`, { as: 'leader' })).json.taskOrders.find((t: { n: number }) => t.n === n);
    expect(stored).toMatchObject({ status: 'completed', note: '已约谈窗口人员，完成服务态度整改。', acknowledgedAt: expect.any(String) });
    await page.locator('.el-radio-button', { hasText: '全部' }).click();
    await expect.poll(() => page.url(), UI).toContain('status=all');
    const done = page.locator('tr', { has: page.getByRole('link', { name: `打印${label}` }) });
    await expect.poll(() => done.locator('.state').textContent(), UI).toBe('已办结');
    await shot(page, 'wb-leader-2-completed');

    // Act: the printable 任务交办单.
    await page.getByRole('link', { name: `打印${label}` }).click();
    const sheet = page.getByRole('article', { name: '任务交办单' });
    await sheet.waitFor();
    // Assess: the form's parts, who signed, the result; nothing of the rater.
    const text = (await sheet.textContent()) ?? '';
    for (const part of [
      '政务服务“好差评”任务交办单',
      '交办单位',
      '承办单位',
      '市市场监督管理局',
      '交办事由',
      caseNumber,
      '办理要求',
      '办结时限',
      '交办人',
      '签收人',
      '王五',
      '办理结果',
      '已约谈窗口人员',
    ])
      expect(text).toContain(part);
    for (const personal of [DEMO_CITIZEN.name, DEMO_CITIZEN.phone, DEMO_CITIZEN.idNumber, '139****1111']) expect(text).not.toContain(personal);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-leader-3-print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.wb-nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    await shot(page, 'wb-leader-4-print-media');
    mkdirSync(SHOTS, { recursive: true });
    const pdf = await page.pdf({ path: `${SHOTS}/wb-leader-4-task-order.pdf`, format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    // Act + Assess: the unit's figures for this month, with the six months up to it.
    await page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: '本单位指标' }).click();
    await page.getByRole('heading', { level: 1, name: '本单位指标' }).waitFor();
    const headlines = page.getByRole('list', { name: '主要指标' });
    await headlines.waitFor();
    for (const name of ['主动评价率', '好评率', '差评率', '整改率', '按期整改率', '咨询投诉按期办结率']) expect(await headlines.textContent()).toContain(name);
    expect(await page.locator('[data-key="goodRate"] .value').textContent()).toMatch(/^(\d+(\.\d)?%|—)$/);
    expect(await page.locator('#figures-trend tbody tr').count()).toBe(6);
    expect(await page.locator('.muted', { hasText: '市市场监督管理局' }).count()).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-leader-5-unit-figures');
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('shows the task orders as cards with their countdowns on a phone', async () => {
    // Arrange
    const { id, caseNumber } = await openBadReview();
    const n = await issueOrder(id, '请尽快核实并反馈。');
    // Act
    const page = await newPage(PHONE);
    // openWorkbench waits for #current-role, which the phone layout hides: sign in the same way, then wait for the page.
    await page.goto(`${baseUrl()}/#/task-orders`);
    await signInThroughOidc(page, 'leader');
    await page.getByRole('heading', { level: 1, name: '任务交办单' }).waitFor();
    // Assess: a card per order, the countdown in it, the actions reachable.
    const card = page.locator('li.order-card', { has: page.getByRole('button', { name: `签收任务交办单 #${n}（办件 ${caseNumber}）` }) });
    await card.waitFor();
    expect(await card.locator('.countdown').textContent()).toMatch(/剩余 \d+|已超期/);
    expect(await page.locator('table').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'wb-leader-6-phone');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
