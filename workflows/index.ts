/**
 * Every generated workflow definition: workflows/<name>.asl.json is `render(WORKFLOWS[name])`.
 * `npm run workflows` (workflows/generate.ts) writes them; test/unit/workflow-definitions.test.ts
 * fails when a committed file differs.
 */
import { badReviewDefinition } from './bad-review.workflow.js';
import type { Definition } from './builder.js';
import { complaintDefinition } from './complaint.workflow.js';

export const WORKFLOWS: Readonly<Record<string, Definition>> = {
  'bad-review': badReviewDefinition,
  complaint: complaintDefinition,
};

/** The file text: two-space JSON and a final newline. */
export const render = (definition: Definition) => `${JSON.stringify(definition, null, 2)}\n`;

export const definitionFile = (name: string) => new URL(`./${name}.asl.json`, import.meta.url);
