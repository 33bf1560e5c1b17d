import { cellText, type ReportLayout } from './layout.js';

/**
 * The printable page of a report (pure): one self-contained HTML document, A4 print CSS,
 * Simplified Chinese, one table per section, no scripts, no external resources. Every
 * text is escaped, so a unit or item name with markup in it prints as text.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const STYLE = `
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", SimSun, sans-serif; font-size: 10.5pt; color: #000; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
.subtitle { text-align: center; margin: 0 0 6mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; page-break-after: avoid; break-after: avoid; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { border: 0.5pt solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; word-break: break-all; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
.note { font-size: 9pt; margin: 1mm 0 0; }
@media screen { body { padding: 10mm; } }
`;

export function renderHtml(layout: ReportLayout): string {
  const sections = layout.sections.map((s) => {
    const head = `<tr>${s.columns.map((c) => `<th scope="col">${escapeHtml(c.header)}</th>`).join('')}</tr>`;
    const body = s.rows
      .map(
        (r) =>
          `<tr>${r
            .map((cell, i) => {
              const text = cellText(cell, s.columns[i]);
              const numeric = typeof cell === 'number' || (cell !== null && typeof cell === 'object');
              return `<td${numeric ? ' class="n"' : ''}>${escapeHtml(text)}</td>`;
            })
            .join('')}</tr>`,
      )
      .join('\n');
    const table = s.rows.length ? `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>` : '';
    const note = s.note ? `\n<p class="note">${escapeHtml(s.note)}</p>` : '';
    return `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${table}${note}\n</section>`;
  });
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(layout.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(layout.title)}</h1>`,
    `<p class="subtitle">${escapeHtml(layout.subtitle)}</p>`,
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
