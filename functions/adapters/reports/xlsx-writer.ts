import { type Cell, cellOf, type CellFormat, type ReportLayout } from '../../core/reports/layout.js';
import type { SpreadsheetWriter } from '../../ports/reports.js';

const NUMBER_FORMATS: Record<CellFormat, string | undefined> = { text: undefined, int: '0', decimal: '0.00', rate: '0.00%' };

/** Sheet names: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
function sheetName(name: string, used: Set<string>) {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || '表';
  let out = base;
  for (let i = 2; used.has(out); i++) out = `${base}${i}`;
  used.add(out);
  return out;
}

/**
 * XLSX workbooks with exceljs: one sheet per section of the report's layout, a merged title
 * row (the report's title), a row with region and period, the section's title, then the
 * Chinese column headers (bold, shaded, frozen) and the rows, numbers as numbers (rates as
 * percentages), column widths from the layout, the section's note under the table.
 * exceljs is loaded on the first workbook, not when the function starts: only the report
 * builders bundle it, and their cold start does not pay for evaluating it.
 */
export class ExcelReportWriter implements SpreadsheetWriter {
  async xlsx(layout: ReportLayout): Promise<Buffer> {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.creator = '政务服务好差评系统';
    const used = new Set<string>();
    for (const section of layout.sections) {
      const ws = wb.addWorksheet(sheetName(section.name, used), {
        pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      });
      const span = Math.max(section.columns.length, 1);
      ws.columns = section.columns.map((c) => ({ width: c.width }));
      const title = ws.addRow([layout.title]);
      title.font = { bold: true, size: 14 };
      ws.mergeCells(1, 1, 1, span);
      ws.addRow([layout.subtitle]);
      ws.mergeCells(2, 1, 2, span);
      const heading = ws.addRow([section.title]);
      heading.font = { bold: true };
      ws.mergeCells(3, 1, 3, span);
      const header = ws.addRow(section.columns.map((c) => c.header));
      header.font = { bold: true };
      header.eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
        cell.border = { bottom: { style: 'thin' } };
      });
      ws.views = [{ state: 'frozen', ySplit: 4 }];
      for (const r of section.rows) {
        const values = r.map((cell: Cell, i) => cellOf(cell, section.columns[i]));
        const row = ws.addRow(values.map((v) => v.value));
        values.forEach((v, i) => {
          const fmt = NUMBER_FORMATS[v.format];
          if (fmt && typeof v.value === 'number') row.getCell(i + 1).numFmt = fmt;
        });
      }
      if (section.note) ws.addRow([section.note]);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
