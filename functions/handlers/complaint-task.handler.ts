import { jobHandler } from '../observability.js';
import { runComplaintTask } from '../usecases/complaint-workflow.js';
import { complaintHandlerDeps } from './complaint-deps-workflow-notify.js';

const deps = complaintHandlerDeps();

/** The complaint workflow's task function: Step Functions invokes it with `{action, complaintId, …}`. */
export const handler = jobHandler((payload: unknown) => runComplaintTask(deps, payload));
