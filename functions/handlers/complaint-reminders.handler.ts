import { jobHandler } from '../observability.js';
import { sendComplaintReminders } from '../usecases/complaint-workflow.js';
import { complaintHandlerDeps } from './complaint-deps-notify.js';

const deps = complaintHandlerDeps();

/** Scheduled: the 50% / 80% reminders of open complaints' handling step to the units. */
export const handler = jobHandler(() => sendComplaintReminders(deps));
