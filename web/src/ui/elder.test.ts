import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import ElderToggle from './ElderToggle.vue';
import { ELDER_KEY, elderMode } from './elder.js';
import RatingChoice from './RatingChoice.vue';

describe('长辈模式', () => {
  it('one tap turns it on: class on <html>, remembered in localStorage; a second tap turns it off', async () => {
    const w = mount(ElderToggle);
    await w.get('button').trigger('click');
    await nextTick();
    expect(elderMode.value).toBe(true);
    expect(document.documentElement.classList.contains('elder')).toBe(true);
    expect(localStorage.getItem(ELDER_KEY)).toBe('1');
    expect(w.get('button').attributes('aria-pressed')).toBe('true');
    await w.get('button').trigger('click');
    await nextTick();
    expect(document.documentElement.classList.contains('elder')).toBe(false);
    expect(localStorage.getItem(ELDER_KEY)).toBeNull();
  });
});

describe('RatingChoice', () => {
  it('five native radios named 非常满意…非常不满意; choosing one emits its A.8 code', async () => {
    const w = mount(RatingChoice, { props: { modelValue: 0 } });
    const radios = w.findAll('input[type=radio]');
    expect(w.findAll('label').map((l) => l.text())).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    await radios[3]!.setValue(true);
    expect(w.emitted('update:modelValue')).toEqual([[4]]);
  });
});
