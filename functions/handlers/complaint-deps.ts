import { DynamoComplaintStore } from '../adapters/dynamo/complaint-store.js';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store.js';
import type { TableConfig } from '../adapters/dynamo/table.js';
import { CompositeNotifier } from '../adapters/notify/composite.js';
import { DynamoNotificationInbox } from '../adapters/notify/dynamo-inbox.js';
import { HttpStatusSink } from '../adapters/sync/http-status-sink.js';
import { type ComplaintConfig, parseComplaintConfig } from '../core/complaints/complaint.js';
import type { FileStore } from '../ports/notifier.js';
import type { StatusSink } from '../ports/status-sync.js';
import type { WorkflowEngine } from '../ports/workflow.js';
import type { ComplaintDeps, Deps } from '../usecases/deps.js';
import { envTable, handlerDeps, missing } from './deps.js';

/** A port of one capability a complaint route `uses`, built from the environment the stack binds with it (like bad-review-deps.ts). */
export type ComplaintCapability = (base: ComplaintDeps, env: NodeJS.ProcessEnv) => Partial<ComplaintDeps>;

/**
 * The status sink of the national platform (`STATUS_SYNC_URL`, `STATUS_SYNC_SECRET`): plain
 * `fetch`, no SDK. Without it every delivery fails and waits in the dead letter for an admin.
 */
export function statusSinkFromEnv(env: NodeJS.ProcessEnv): StatusSink {
  if (env.STATUS_SYNC_URL && env.STATUS_SYNC_SECRET) return new HttpStatusSink({ url: env.STATUS_SYNC_URL, secret: env.STATUS_SYNC_SECRET, timeoutMs: 3000 });
  return { deliver: () => Promise.reject(new Error('status sync is not configured (STATUS_SYNC_URL)')) };
}

/**
 * The complaint ports over the foundation's: the complaint and delivery stores, the in-app
 * inbox, the status sink, the numbers; the workflow engine answers "not configured" unless
 * `extra` gives one (a capability's Step Functions engine, or the local stack's). Frozen.
 */
export function complaintDeps(
  foundation: Deps,
  table: TableConfig,
  settings: { complaintConfig: ComplaintConfig; demoWorkdaySeconds?: number; statusSink: StatusSink },
  extra: (base: ComplaintDeps) => Partial<ComplaintDeps> = () => ({}),
): ComplaintDeps {
  const inbox = new DynamoNotificationInbox(table);
  const base: ComplaintDeps = {
    ...foundation,
    complaints: new DynamoComplaintStore(table),
    deliveries: new DynamoDeliveryStore(table),
    complaintWorkflow: missing<WorkflowEngine>('The complaint workflow engine (COMPLAINT_STATE_MACHINE_ARN)'),
    files: missing<FileStore>('The attachment bucket (EVIDENCE_BUCKET)'),
    notifier: new CompositeNotifier([inbox]),
    ...settings,
  };
  return Object.freeze({ ...base, ...extra(base) });
}

/** The complaint settings from the environment, checked at cold start. */
export const complaintSettingsFromEnv = (env: NodeJS.ProcessEnv) => {
  const demo = env.DEMO_WORKDAY_SECONDS ? Number(env.DEMO_WORKDAY_SECONDS) : undefined;
  if (demo !== undefined && !(demo > 0)) throw new Error('DEMO_WORKDAY_SECONDS must be a positive number of seconds');
  return { complaintConfig: parseComplaintConfig(env.COMPLAINT_CONFIG), demoWorkdaySeconds: demo, statusSink: statusSinkFromEnv(env) };
};

let deps: ComplaintDeps | undefined;

/** The composition root of complaint handlers, once per container, with the capabilities their routes use. */
export function composeComplaintDeps(env: NodeJS.ProcessEnv, ...capabilities: ComplaintCapability[]): ComplaintDeps {
  deps ??= complaintDeps(handlerDeps(env), envTable(env), complaintSettingsFromEnv(env), (base) =>
    Object.assign({}, ...capabilities.map((add) => add(base, env))),
  );
  return deps;
}

/** For complaint handlers whose route uses nothing besides the table (and the in-app inbox, the status sink). */
export const complaintHandlerDeps = (env = process.env): ComplaintDeps => composeComplaintDeps(env);
