import { type InjectionKey, inject, provide, ref } from 'vue';
import { ApiError } from '../../../api/client.js';
import { issuesByField } from './rules.js';

/** The case page's hook for "an action starts": it clears the last action's message, so a refusal never stands beside an older success. */
export const ACTION_STARTS: InjectionKey<() => void> = Symbol('action-starts');

/**
 * The case page's success message: cleared when any action on the page starts; `done(message)`
 * reads the case again, then says what happened (so what it says is already on the page).
 */
export function useFlash(reload: () => Promise<unknown>) {
  const flash = ref('');
  provide(ACTION_STARTS, () => {
    flash.value = '';
  });
  async function done(message: string) {
    flash.value = '';
    await reload();
    flash.value = message;
  }
  return { flash, done };
}

/**
 * One action's sending state: busy while it runs, the server's field issues by field (for
 * each form item's `error`) and its other message (for the form's alert).
 */
export function useAction(fields: readonly string[]) {
  const starts = inject(ACTION_STARTS, undefined);
  const busy = ref(false);
  const fieldErrors = ref<Record<string, string>>({});
  const message = ref('');
  async function run<T>(send: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    starts?.();
    fieldErrors.value = {};
    message.value = '';
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const { byField, rest } = issuesByField(e.issues, fields);
      fieldErrors.value = byField;
      message.value = rest.length ? rest.join('；') : Object.keys(byField).length ? '' : e.message;
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, fieldErrors, message, run };
}
