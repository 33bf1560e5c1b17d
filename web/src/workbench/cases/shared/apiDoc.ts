import { computed, ref } from 'vue';
import { api, type PathsFor } from '../../../api/client.js';
import { bodySchemaOf, type FieldRule, fieldRules } from './rules.js';

/**
 * The API's OpenAPI document (for form rules) and GET /meta (upload limits), each read once
 * per page load and shared by every form.
 */
let doc: Promise<unknown> | undefined;
const loadDoc = () => {
  doc ??= api.get('/openapi.json').catch((e: unknown) => {
    doc = undefined;
    throw e;
  });
  return doc;
};

let meta: ReturnType<typeof loadMetaNow> | undefined;
const loadMetaNow = () => api.get('/meta');
export const loadMeta = () => {
  meta ??= loadMetaNow().catch((e: unknown) => {
    meta = undefined;
    throw e;
  });
  return meta;
};

/** The rules of a POST body, by field; empty until the document arrives (the server checks regardless). */
export function useBodyRules(path: PathsFor<'post'>) {
  const rules = ref<Record<string, FieldRule>>({});
  loadDoc()
    .then((d) => (rules.value = fieldRules(bodySchemaOf(d, 'post', path))))
    .catch(() => undefined);
  return computed(() => rules.value);
}
