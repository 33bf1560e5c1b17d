import type { Principal } from '../core/access.js';
import { listComplaints } from './complaints.js';
import type { ComplaintDeps } from './deps.js';
import { itemNames } from './inbox.js';

/** `GET /complaints`: the list of {@link listComplaints}, each item with its service item's name when it names one (inbox.ts). */
export async function listComplaintInbox(deps: Pick<ComplaintDeps, 'complaints' | 'catalog' | 'clock'>, p: Principal, q: Parameters<typeof listComplaints>[2]) {
  const page = await listComplaints(deps, p, q);
  const names = await itemNames(deps, page.items);
  return { ...page, items: page.items.map((i) => ({ ...i, ...(i.itemCode && names.get(i.itemCode) ? { itemName: names.get(i.itemCode) } : {}) })) };
}
