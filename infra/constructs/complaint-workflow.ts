import { join } from 'node:path';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { PROJECT_ROOT } from '../paths.js';
import type { FunctionBinder } from './binding.js';
import { SupervisedWorkflow, type SupervisedWorkflowSpec } from './supervised-workflow.js';

/** The one definition, shared with the local engine (functions/adapters/local/local-workflow.ts). */
export const COMPLAINT_DEFINITION_FILE = join(PROJECT_ROOT, 'workflows', 'complaint.asl.json');

/** The complaint workflow (咨询投诉): `{stack}-Complaint`, its task function `complaint-task`, `COMPLAINT_STATE_MACHINE_ARN`. */
export const COMPLAINT_WORKFLOW: SupervisedWorkflowSpec = {
  name: 'Complaint',
  definitionFile: COMPLAINT_DEFINITION_FILE,
  taskHandler: 'complaint-task',
  taskFunctionPlaceholder: 'ComplaintTaskFunctionArn',
  arnVariable: 'COMPLAINT_STATE_MACHINE_ARN',
  description: { en: 'Complaint', zh: '咨询投诉' },
};

export interface ComplaintWorkflowProps {
  readonly table: ITable;
  /** Settings read by the complaint handlers' composition root (functions/handlers/complaint-deps.ts). */
  readonly handlerEnvironment: Readonly<Record<string, string>>;
  /** Notification channels for the task function (assignment notices, reminders, task orders, escalations, alerts). */
  readonly notifications: FunctionBinder;
  /** The national platform's status endpoint: the task function reports status changes of transferred complaints. */
  readonly statusSync: FunctionBinder;
}

/**
 * The complaint workflow (咨询投诉): workflows/complaint.asl.json and
 * functions/handlers/complaint-task.handler.ts as a {@link SupervisedWorkflow}. Its
 * binders are the routes' `complaintStart`, `complaintCallback` and `complaintStatus`,
 * each setting `COMPLAINT_STATE_MACHINE_ARN`.
 */
export class ComplaintWorkflow extends SupervisedWorkflow {
  constructor(scope: Construct, id: string, props: ComplaintWorkflowProps) {
    super(scope, id, {
      ...COMPLAINT_WORKFLOW,
      table: props.table,
      handlerEnvironment: props.handlerEnvironment,
      taskCapabilities: [props.notifications, props.statusSync],
    });
  }
}
