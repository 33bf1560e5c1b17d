import { ref } from 'vue';
import { currentUser, type SignedInUser, signIn } from '../auth/index.js';
import { api, type ResponseOf } from '../api/client.js';

/** The signed-in citizen (or null), read once; the QR's place from the page URL. */
export const user = ref<SignedInUser | null | undefined>(undefined);
export const loadUser = async () => (user.value = await currentUser().catch(() => null));
export const signInHere = () => signIn(location.pathname + location.search + location.hash);

const q = new URLSearchParams(location.search);
export const place = { venueId: q.get('venue') ?? undefined, windowId: q.get('window') ?? undefined };

export type Rules = ResponseOf<'/meta', 'get'>;
let rules: Promise<Rules> | undefined;
/** The API's own limits and reason tags (GET /meta), once per page. */
export const loadRules = () => (rules ??= api.get('/meta', { anonymous: true }));

export const fmtTime = (iso?: string) =>
  iso
    ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : '';
