import { jobHandler } from '../observability.js';
import { sendReminders } from '../usecases/bad-review-workflow.js';
import { warnMissingCalendarYears } from '../usecases/calendar-changes.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow-notify.js';

const deps = badReviewHandlerDeps();

/** Scheduled: 50% / 80% reminders of each step to the unit, and the warning when a year's holiday data is missing. */
export const handler = jobHandler(async () => ({ ...(await sendReminders(deps)), ...(await warnMissingCalendarYears(deps)) }));
