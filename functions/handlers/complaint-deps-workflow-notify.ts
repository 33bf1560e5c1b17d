import type { ComplaintDeps } from '../usecases/deps.js';
import { composeComplaintDeps } from './complaint-deps.js';
import { complaintNotify } from './complaint-deps-notify.js';
import { complaintWorkflow } from './complaint-deps-workflow.js';

/** Composition root for complaint handlers (and jobs, the task function) that use the workflow and the notification channels. */
export const complaintHandlerDeps = (env = process.env): ComplaintDeps => composeComplaintDeps(env, complaintWorkflow, complaintNotify);
