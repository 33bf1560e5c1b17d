// The printable report (our own HTML, no scripts), opened from a blob in a new tab.

/** The text of a page's `<style>` elements. */
export const stylesOf = (html: string) => [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]).join('\n');

/**
 * Opens the printable report (our own HTML, no scripts) in `win`, a tab opened at the click.
 * A blob: page inherits the workbench's CSP (`style-src 'self'`), which blocks the report's
 * `<style>` element, so its rules are applied once more as a constructed stylesheet.
 */
export async function openHtml(blob: Blob, win: Window | null) {
  const html = await blob.text();
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const w = win ?? window.open('', '_blank');
  if (!w) return;
  w.location.href = url;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      if (w.location.href === url && w.document.readyState === 'complete') break;
    } catch {
      // not yet navigated
    }
  }
  try {
    const Sheet = (w as Window & { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet;
    const sheet = new Sheet();
    sheet.replaceSync(stylesOf(html));
    w.document.adoptedStyleSheets = [sheet];
  } catch {
    // the page stays readable and printable without its styles
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
