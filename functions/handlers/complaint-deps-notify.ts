import type { ComplaintDeps } from '../usecases/deps.js';
import { notifierFromEnv } from './bad-review-deps-notify.js';
import { type ComplaintCapability, composeComplaintDeps } from './complaint-deps.js';

/** `uses: ['notify']`: the in-app inbox, the SNS alert topic and the SMS webhook, as for bad reviews. */
export const complaintNotify: ComplaintCapability = (base, env) => ({ notifier: notifierFromEnv(base.notifier, env) });

/** Composition root for complaint handlers whose route uses the notification channels. */
export const complaintHandlerDeps = (env = process.env): ComplaintDeps => composeComplaintDeps(env, complaintNotify);
