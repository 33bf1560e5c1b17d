import { getAccessToken } from '../auth/index.js';
import { loadConfig } from '../config.js';
import { ApiError } from './client.js';

/**
 * The calls the JSON client does not make: a text body (CSV, iCalendar) and a file answer
 * (report XLSX and printable page, QR card, evidence and attachments). Same base URL, bearer
 * token and error type as `api` — a bare link would carry no token and get a 401.
 */
async function send(method: string, path: string, init: { body?: string; contentType?: string } = {}): Promise<Response> {
  const [{ apiBaseUrl }, token] = await Promise.all([loadConfig(), getAccessToken()]);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.contentType) headers['content-type'] = init.contentType;
  let res: Response;
  try {
    res = await fetch(apiBaseUrl + path, { method, headers, body: init.body });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (!res.ok) {
    const err = ((await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; issues?: ApiError['issues'] } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `请求失败（${res.status}），请稍后重试`, err?.issues ?? []);
  }
  return res;
}

/** Sends text (CSV or .ics) and returns the JSON answer. */
export async function sendText<T = unknown>(method: 'POST' | 'PUT', path: string, text: string, contentType: string): Promise<T> {
  return (await (await send(method, path, { body: text, contentType })).json()) as T;
}

/** A file the API serves, as a blob. */
export async function fetchFile(path: string): Promise<Blob> {
  return (await send('GET', path)).blob();
}

/** Saves a blob under a file name (the browser's download), through a temporary link. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches a file and hands it to the browser as a download named `fileName`. */
export async function download(path: string, fileName: string): Promise<void> {
  saveBlob(await fetchFile(path), fileName);
}
