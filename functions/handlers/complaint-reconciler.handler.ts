import { jobHandler } from '../observability.js';
import { reconcileComplaints } from '../usecases/complaint-workflow.js';
import { complaintHandlerDeps } from './complaint-deps-workflow-notify.js';

const deps = complaintHandlerDeps();

/** Scheduled: restarts open complaints whose execution is gone, at their current step with the time left. */
export const handler = jobHandler(() => reconcileComplaints(deps));
