/**
 * Reports over HTTP on the running local stack (demo data): a supervisor builds the city's
 * 双周通报 on demand, lists it, reads its record, downloads the XLSX (read back with exceljs)
 * and the printable page, and finds the notification; a county supervisor neither sees nor
 * builds the city's; bad input names field and rule; the local run of the daily job is
 * idempotent (a second run replaces, never adds).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findPersonalData } from '../pii.js';
import { issuesOf } from './fixtures.js';
import { api, baseUrl, tokenFor } from './http.js';

async function download(path: string, as: string) {
  const res = await fetch(`${baseUrl()}${path}`, { headers: { authorization: `Bearer ${await tokenFor(as)}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('reports API', () => {
  it('builds the city’s 双周通报 on demand; list, record, XLSX and printable page; the supervisors are told', async () => {
    // A 13-day window ending today: never one of the standard 14-day periods the daily job or the workbench test builds,
    // so this test creates it (201) and its notification is among the supervisor's newest.
    const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const body = { kind: 'biweekly', from: day(-12), to: day(0) };
    const made = await api('POST', '/reports', { as: 'supervisor', body });
    expect(made.status, made.text).toBe(201);
    const report = made.json.report;
    expect(report).toMatchObject({ kind: 'biweekly', regionCode: '410400', regionName: '平顶山市', status: 'ready', trigger: 'demand' });
    expect(report.reportId).toMatch(/^biweekly-410400-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}$/);
    expect(report.counts).toMatchObject({ headline: 25 });
    expect(report.counts.ranking).toBeGreaterThan(0);
    expect(report).not.toHaveProperty('contentHash');

    // The same kind, region and period again: the same report, replaced or unchanged, never a second one.
    const again = await api('POST', '/reports', { as: 'supervisor', body });
    expect(again.status, again.text).toBe(200);
    expect(again.json.report.reportId).toBe(report.reportId);
    const list = await api('GET', '/reports', { as: 'supervisor' });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.filter((r: { reportId: string }) => r.reportId === report.reportId)).toHaveLength(1);

    const record = await api('GET', `/reports/${report.reportId}`, { as: 'supervisor' });
    expect(record.status, record.text).toBe(200);
    expect(record.json).toMatchObject({ reportId: report.reportId, title: report.title });

    const xlsx = await download(`/reports/${report.reportId}/xlsx`, 'supervisor');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = xlsx.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(`attachment; filename="report-${report.reportId}.xlsx"`);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')).toBe(`${report.title}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '主要指标',
      '下级区划',
      '单位排名',
      '超期和升级督办',
      '通报名单及约谈',
      '通报表彰',
      '投诉热点',
      '覆盖缺口',
    ]);
    expect(wb.getWorksheet('下级区划')!.getCell('B5').value).toEqual(expect.stringMatching(/区|县|市/));

    const html = await download(`/reports/${report.reportId}/html`, 'supervisor');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    const page = html.bytes.toString('utf8');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain(report.title);
    expect(page).not.toMatch(/<script/i);
    expect(findPersonalData(page)).toEqual([]);

    const inbox = await api('GET', '/notifications?limit=200', { as: 'supervisor' });
    expect(inbox.json.items.filter((n: { id: string }) => n.id === `report-${report.reportId}`)).toHaveLength(1);
    const countyInbox = await api('GET', '/notifications?limit=200', { as: 'countySupervisor' });
    expect(countyInbox.json.items.some((n: { id: string }) => n.id === `report-${report.reportId}`)).toBe(false);

    // The county supervisor: not the city's report, list or files.
    expect((await api('GET', `/reports/${report.reportId}`, { as: 'countySupervisor' })).status).toBe(404);
    expect((await download(`/reports/${report.reportId}/xlsx`, 'countySupervisor')).status).toBe(404);
    expect((await api('GET', '/reports?regionCode=410400', { as: 'countySupervisor' })).status).toBe(404);
    expect((await api('POST', '/reports', { as: 'countySupervisor', body: { kind: 'biweekly', regionCode: '410400' } })).status).toBe(404);
    // Units have no reports.
    expect((await api('GET', '/reports', { as: 'staff' })).status).toBe(403);
  }, 120_000);

  it('a county supervisor builds the county’s progress report for a month', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000 - 40 * 86_400_000).toISOString().slice(0, 7);
    const made = await api('POST', '/reports', { as: 'countySupervisor', body: { kind: 'progress', month } });
    expect(made.status, made.text).toBe(201);
    expect(made.json.report).toMatchObject({ regionCode: '410421', from: `${month}-01` });
    const list = await api('GET', '/reports', { as: 'countySupervisor' });
    expect(list.json.items.map((r: { regionCode: string }) => r.regionCode)).toEqual(expect.arrayContaining(['410421']));
    expect(list.json.items.every((r: { regionCode: string }) => r.regionCode === '410421')).toBe(true);
    // The city supervisor may read the county's reports (their region and below).
    expect((await api('GET', `/reports/${made.json.report.reportId}`, { as: 'supervisor' })).status).toBe(200);
  }, 60_000);

  it('refuses bad input naming field and rule, and writes nothing', async () => {
    const before = (await api('GET', '/reports?limit=200', { as: 'admin' })).json.items.length;
    const bad = async (body: unknown, as = 'supervisor') => {
      const r = await api('POST', '/reports', { as, body });
      expect(r.status, r.text).toBe(400);
      return issuesOf(r.json);
    };
    expect(await bad({ kind: 'weekly' })).toEqual([expect.objectContaining({ field: 'kind' })]);
    expect(await bad({ kind: 'biweekly', from: '2026-01-01' })).toEqual([{ field: 'to', rule: 'required' }]);
    expect(await bad({ kind: 'biweekly', from: '2026-01-01', to: '2099-01-01' })).toEqual([{ field: 'to', rule: 'not_future' }]);
    expect(await bad({ kind: 'biweekly', from: '2024-01-01', to: '2026-01-01' })).toEqual([{ field: 'from', rule: 'max_span' }]);
    expect(await bad({ kind: 'year', extra: 1 })).toEqual([expect.objectContaining({ field: 'extra' })]);
    expect(await bad({ kind: 'year' }, 'admin')).toEqual([{ field: 'regionCode', rule: 'required' }]);
    expect((await api('GET', '/reports/not-a-report', { as: 'supervisor' })).status).toBe(400);
    expect((await api('GET', '/reports?limit=200', { as: 'admin' })).json.items.length).toBe(before);
  });

  it('the daily job (run now, locally) builds what is due today for the city and each county, and a second run adds nothing', async () => {
    const first = await api('POST', '/local/jobs/reports', { as: 'admin' });
    expect(first.status, first.text).toBe(200);
    const ids = first.json.reports.map((r: { reportId: string }) => r.reportId);
    // One report per due kind for the city and each county (the demo catalog: 410400 and its counties).
    expect(ids.length % Math.max(1, first.json.due.length)).toBe(0);
    if (first.json.due.length) expect(ids.filter((id: string) => id.includes('-410400-'))).toHaveLength(first.json.due.length);
    const count = (await api('GET', '/reports?limit=200', { as: 'admin' })).json.items.length;
    const second = await api('POST', '/local/jobs/reports', { as: 'admin' });
    expect(second.status, second.text).toBe(200);
    expect(second.json.reports.map((r: { reportId: string }) => r.reportId)).toEqual(ids);
    expect(second.json.reports.every((r: { outcome: string }) => r.outcome !== 'created')).toBe(true);
    expect((await api('GET', '/reports?limit=200', { as: 'admin' })).json.items.length).toBe(count);
  }, 180_000);
});
