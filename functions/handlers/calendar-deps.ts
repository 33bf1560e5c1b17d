import { DynamoComplaintStore } from '../adapters/dynamo/complaint-store.js';
import { SfnWorkflowEngine } from '../adapters/sfn/sfn-workflow.js';
import type { WorkflowEngine } from '../ports/workflow.js';
import type { CalendarDeps } from '../usecases/calendar-changes.js';
import { workflow } from './bad-review-deps-workflow.js';
import { composeBadReviewDeps } from './bad-review-deps.js';
import { envTable, missing } from './deps.js';

let deps: CalendarDeps | undefined;

/**
 * Composition root of the calendar writes: a changed day re-plans open bad reviews and
 * complaints (both workflow engines) and default-rating due dates.
 */
export function calendarHandlerDeps(env = process.env): CalendarDeps {
  const arn = env.COMPLAINT_STATE_MACHINE_ARN;
  deps ??= Object.freeze({
    ...composeBadReviewDeps(env, workflow),
    complaints: new DynamoComplaintStore(envTable(env)),
    complaintWorkflow: arn
      ? new SfnWorkflowEngine({ stateMachineArn: arn })
      : missing<WorkflowEngine>('The complaint workflow engine (COMPLAINT_STATE_MACHINE_ARN)'),
  });
  return deps;
}
