import { api } from '../../api/client.js';

type CatalogKind = 'units' | 'items' | 'regions';
const names = new Map<string, Promise<string | undefined>>();

/**
 * The catalog's name of a unit, service item or region (GET /catalog/{kind}/{key}), read once
 * per page load, for every area of the workbench; undefined when the catalog does not have it or cannot be read (the page then
 * shows the code).
 */
export function catalogName(kind: CatalogKind, key: string | undefined): Promise<string | undefined> {
  if (!key) return Promise.resolve(undefined);
  const id = `${kind}/${key}`;
  let found = names.get(id);
  if (!found) {
    found = api
      .get('/catalog/{kind}/{key}', { path: { kind, key } })
      .then((r) => {
        const name = (r as { name?: unknown } | undefined)?.name;
        return typeof name === 'string' ? name : undefined;
      })
      .catch(() => undefined);
    names.set(id, found);
  }
  return found;
}
