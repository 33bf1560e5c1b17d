import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  type AriaComponentOption,
  DatasetComponent,
  type DatasetComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * The dashboard's ECharts registry: only the charts and components it uses (tree-shaken
 * `echarts/core`), with AriaComponent so every chart carries its description for screen
 * readers and decal patterns so series differ by more than colour. ECOption lets the type
 * checker catch an option that needs something not registered here.
 */

export type ECOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DatasetComponentOption
  | AriaComponentOption
>;

let registered = false;

/**
 * A chart in `el`, the registry set up on first use. Registration happens inside the call,
 * not at module top level: the package is marked `sideEffects: false`, so a bundler may skip
 * a module whose only effect is a top-level `use()` (the canvas painter then goes missing:
 * "is not a constructor").
 */
export function createChart(el: HTMLElement) {
  if (!registered) {
    use([LineChart, BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, AriaComponent, CanvasRenderer]);
    registered = true;
  }
  return init(el, undefined, { renderer: 'canvas' });
}
