import { api } from '../../../api/client.js';

/** Names of catalog entries (units, items) for the facts, read once each; the code itself when unknown. */
const names = new Map<string, Promise<string>>();
export function catalogName(kind: 'units' | 'items', key: string | undefined): Promise<string> {
  if (!key) return Promise.resolve('—');
  const k = `${kind}:${key}`;
  let p = names.get(k);
  if (!p) {
    p = api
      .get('/catalog/{kind}/{key}', { path: { kind, key } })
      .then((r) => (r as { name?: string } | undefined)?.name ?? key)
      .catch(() => key);
    names.set(k, p);
  }
  return p;
}
