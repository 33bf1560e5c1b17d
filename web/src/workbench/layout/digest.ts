import { ref } from 'vue';
import { api, ApiError, type ResponseOf } from '../../api/client.js';

/**
 * The signed-in user's notification digest (GET /notifications/digest): notices grouped per
 * case, each group with its urgency. One copy for the whole workbench: the top-bar button,
 * its panel and the nav counts read it.
 */
export type Digest = ResponseOf<'/notifications/digest', 'get'>;
export type DigestGroup = Digest['groups'][number];
export type Urgency = DigestGroup['urgency'];

export const URGENCY_NAMES: Record<Urgency, string> = { urgent: '紧急', reminder: '提醒', info: '其他' };

export const digest = ref<Digest>();
export const digestError = ref('');

export async function loadDigest(): Promise<Digest | undefined> {
  try {
    digest.value = await api.get('/notifications/digest');
    digestError.value = '';
  } catch (e) {
    digestError.value = e instanceof ApiError ? e.message : String(e);
  }
  return digest.value;
}

/** Groups by urgency, in the panel's order (紧急, 提醒, 其他); each keeps the digest's order (unread first, newest first). */
export function byUrgency(groups: readonly DigestGroup[]): { urgency: Urgency; name: string; groups: DigestGroup[] }[] {
  return (['urgent', 'reminder', 'info'] as const).map((urgency) => ({
    urgency,
    name: URGENCY_NAMES[urgency],
    groups: groups.filter((g) => g.urgency === urgency),
  }));
}

/** Where a group's line leads: the case page of its bad review or complaint, else nowhere. */
export function groupHref(g: Pick<DigestGroup, 'subject' | 'subjectKind'>): string | undefined {
  if (!g.subject) return undefined;
  if (g.subjectKind === 'badReview') return `#/bad-reviews/${encodeURIComponent(g.subject)}`;
  if (g.subjectKind === 'complaint') return `#/complaints/${encodeURIComponent(g.subject)}`;
  return undefined;
}

/** Marks a whole group read (every notice of its case), then reloads the digest. */
export async function markGroupRead(g: DigestGroup) {
  await api.post('/notifications/groups/{key}/read', { path: { key: g.key } });
  await loadDigest();
}
