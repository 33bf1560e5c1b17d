import { SfnWorkflowEngine } from '../adapters/sfn/sfn-workflow.js';
import type { ComplaintDeps } from '../usecases/deps.js';
import { type ComplaintCapability, composeComplaintDeps } from './complaint-deps.js';

/** `uses: complaintStart / complaintCallback / complaintStatus`: the Step Functions engine of `COMPLAINT_STATE_MACHINE_ARN`. */
export const complaintWorkflow: ComplaintCapability = (_base, env) =>
  env.COMPLAINT_STATE_MACHINE_ARN ? { complaintWorkflow: new SfnWorkflowEngine({ stateMachineArn: env.COMPLAINT_STATE_MACHINE_ARN }) } : {};

/** Composition root for complaint handlers whose route uses the workflow. */
export const complaintHandlerDeps = (env = process.env): ComplaintDeps => composeComplaintDeps(env, complaintWorkflow);
