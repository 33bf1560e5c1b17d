import { SfnWorkflowEngine } from '../adapters/sfn/sfn-workflow.js';
import type { BadReviewDeps } from '../usecases/deps.js';
import { type Capability, composeBadReviewDeps } from './bad-review-deps.js';

/** `uses: workflowStart / workflowCallback / workflowStatus`: the Step Functions engine of `STATE_MACHINE_ARN`. */
export const workflow: Capability = (_base, env) =>
  env.STATE_MACHINE_ARN ? { workflow: new SfnWorkflowEngine({ stateMachineArn: env.STATE_MACHINE_ARN }) } : {};

/** Composition root for handlers whose route uses the workflow (see bad-review-deps.ts). */
export const badReviewHandlerDeps = (env = process.env): BadReviewDeps => composeBadReviewDeps(env, workflow);
