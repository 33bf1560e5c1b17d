import { onBeforeUnmount, onMounted, type Ref, watch } from 'vue';
import { createChart, type ECOption } from './echarts.js';

/**
 * One chart in `el`: created once the element has a size (a hidden card, e.g. on a phone
 * tab, has none yet), resized with the element (ResizeObserver), updated when `option`
 * changes, disposed when the component goes. The canvas is a picture for screen readers:
 * the element gets role="img" in the template and ECharts' aria label (AriaComponent) names it.
 */
export function useChart(el: Ref<HTMLElement | null | undefined>, option: Ref<ECOption> | (() => ECOption)) {
  let chart: ReturnType<typeof createChart> | undefined;
  let observer: ResizeObserver | undefined;
  const read = () => (typeof option === 'function' ? option() : option.value);
  const ensure = () => {
    const node = el.value;
    if (!node || chart || node.clientWidth === 0 || node.clientHeight === 0) return;
    chart = createChart(node);
    chart.setOption(read());
  };
  onMounted(() => {
    ensure();
    if (typeof ResizeObserver !== 'undefined' && el.value) {
      observer = new ResizeObserver(() => (chart ? chart.resize() : ensure()));
      observer.observe(el.value);
    }
  });
  watch(read, (o) => chart?.setOption(o, { notMerge: true }), { deep: true });
  onBeforeUnmount(() => {
    observer?.disconnect();
    chart?.dispose();
    chart = undefined;
  });
}
