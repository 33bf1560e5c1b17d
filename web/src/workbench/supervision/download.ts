import { getAccessToken } from '../../auth/index.js';
import { ApiError } from '../../api/client.js';
import { loadConfig } from '../../config.js';

/**
 * Files the API serves only with a bearer token (report XLSX and printable HTML): fetched
 * with the signed-in user's token as a blob, then saved or opened from a blob: URL — a bare
 * link would carry no token and get a 401.
 */
export async function fetchFile(path: string, fetcher: typeof fetch = (...a) => fetch(...a)): Promise<Blob> {
  const [{ apiBaseUrl }, token] = await Promise.all([loadConfig(), getAccessToken()]);
  let res: Response;
  try {
    res = await fetcher(apiBaseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (!res.ok) {
    const err = (await res.json().catch(() => undefined))?.error as { code?: string; message?: string } | undefined;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `下载失败（${res.status}），请稍后重试`);
  }
  return res.blob();
}

/** Saves a blob under `name` (the browser's download). */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

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
