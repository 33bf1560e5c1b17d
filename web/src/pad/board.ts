import { ApiError, api, buildPath, type ResponseOf } from '../api/client.js';
import { getAccessToken } from '../auth/index.js';
import { loadConfig } from '../config.js';
import type { PostBatch } from './sender.js';

/** What `GET /windows/{venueId}/{windowId}/current-case` answers (its `response` schema; the applicant's name masked by the server). */
export type PadBoard = ResponseOf<'/windows/{venueId}/{windowId}/current-case', 'get'>;

/**
 * Reads the window's board, conditionally: with the last `etag` an unchanged board is a
 * 304 and resolves to `undefined`. (The shared client has no conditional requests, so this
 * one call uses fetch itself, with the same base URL, token and error type.)
 */
export async function fetchBoard(venueId: string, windowId: string, etag?: string): Promise<PadBoard | undefined> {
  const [{ apiBaseUrl }, token] = await Promise.all([loadConfig(), getAccessToken()]);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (etag) headers['if-none-match'] = etag;
  let res: Response;
  try {
    res = await fetch(apiBaseUrl + buildPath('/windows/{venueId}/{windowId}/current-case', { venueId, windowId }), { headers, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败');
  }
  if (res.status === 304) return undefined;
  const body = (await res.json().catch(() => undefined)) as (PadBoard & { error?: { code: string; message: string } }) | undefined;
  if (!res.ok || !body) throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? `请求失败（${res.status}）`);
  return body;
}

/** The batch upload over the shared client: the per-item answers, or an ApiError (offline, 401, 5xx) for the sender to retry. */
export const postBatch: PostBatch = (ratings) => api.post('/ratings/batch', { body: { ratings } as never });

/** Rules the pad shows, from `GET /meta` (the API's own constants), kept for offline starts. */
export interface PadRules {
  levels: Record<string, string>;
  badLevels: number[];
  tags: string[];
}

const RULES_KEY = 'pad.rules';

export async function loadRules(): Promise<PadRules | undefined> {
  try {
    const meta = await api.get('/meta', { anonymous: true });
    const rules = { levels: meta.rating.levels, badLevels: meta.rating.badLevels, tags: meta.rating.tagsByChannel.pad ?? [] };
    localStorage.setItem(RULES_KEY, JSON.stringify(rules));
    return rules;
  } catch {
    const saved = localStorage.getItem(RULES_KEY);
    return saved ? (JSON.parse(saved) as PadRules) : undefined;
  }
}
