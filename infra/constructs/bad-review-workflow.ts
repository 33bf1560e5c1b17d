import { join } from 'node:path';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { PROJECT_ROOT } from '../paths.js';
import type { FunctionBinder } from './binding.js';
import { SupervisedWorkflow, type SupervisedWorkflowSpec } from './supervised-workflow.js';

/** The one definition, shared with the local engine (functions/adapters/local/local-workflow.ts). */
export const BAD_REVIEW_DEFINITION_FILE = join(PROJECT_ROOT, 'workflows', 'bad-review.asl.json');

/** The bad-review workflow (差评整改): `{stack}-BadReview`, its task function `bad-review-task`, `STATE_MACHINE_ARN`. */
export const BAD_REVIEW_WORKFLOW: SupervisedWorkflowSpec = {
  name: 'BadReview',
  definitionFile: BAD_REVIEW_DEFINITION_FILE,
  taskHandler: 'bad-review-task',
  taskFunctionPlaceholder: 'BadReviewTaskFunctionArn',
  arnVariable: 'STATE_MACHINE_ARN',
  description: { en: 'Bad-review', zh: '差评整改' },
};

export interface BadReviewWorkflowProps {
  readonly table: ITable;
  /** Settings read by `handlerDeps()` (functions/handlers/deps.ts). */
  readonly handlerEnvironment: Readonly<Record<string, string>>;
  /** Notification channels for the task function (dispatch notices, reminders, task orders, escalations, alerts). */
  readonly notifications: FunctionBinder;
}

/**
 * The bad-review workflow (差评整改): workflows/bad-review.asl.json and
 * functions/handlers/bad-review-task.handler.ts as a {@link SupervisedWorkflow}. Its
 * binders are the routes' `workflowStart`, `workflowCallback` and `workflowStatus`.
 * Keep the construct id `BadReviewWorkflow` in the stack: the logical ids of the deployed
 * state machine, task function and log groups derive from it.
 */
export class BadReviewWorkflow extends SupervisedWorkflow {
  constructor(scope: Construct, id: string, props: BadReviewWorkflowProps) {
    super(scope, id, { ...BAD_REVIEW_WORKFLOW, table: props.table, handlerEnvironment: props.handlerEnvironment, taskCapabilities: [props.notifications] });
  }
}
