/**
 * Consultations and complaints in process: the fakes of test/fakes.ts (catalog, calendar,
 * fixed clock), the complaint and delivery fakes, and a LocalWorkflowEngine running the REAL
 * definition (workflows/complaint.asl.json) with the REAL task function (runComplaintTask).
 */
import { LocalWorkflowEngine, readDefinition } from '../functions/adapters/local/local-workflow.js';
import type { ComplaintConfig } from '../functions/core/complaints/complaint.js';
import { runComplaintTask } from '../functions/usecases/complaint-workflow.js';
import type { ComplaintDeps } from '../functions/usecases/deps.js';
import { FakeFileStore, FakeInbox, type TaskCall } from './fakes-bad-review.js';
import { type FakeDeps, makeDeps } from './fakes.js';
import { FakeComplaintStore } from './fakes-complaints.js';
import { FakeDeliveryStore, FakeStatusSink } from './fakes-status-sync.js';

export type ComplaintFakeDeps = FakeDeps &
  ComplaintDeps & {
    complaints: FakeComplaintStore;
    deliveries: FakeDeliveryStore;
    statusSink: FakeStatusSink;
    notifier: FakeInbox;
    files: FakeFileStore;
    complaintWorkflow: LocalWorkflowEngine;
  };

export interface ComplaintHarness {
  deps: ComplaintFakeDeps;
  calls: TaskCall[];
  /** A simulated restart: executions held in memory are lost; a fresh engine takes over. */
  restart(): void;
  stop(): void;
}

export function makeComplaintDeps(opts: { config: ComplaintConfig; demoWorkdaySeconds?: number; timeScale: number }): ComplaintHarness {
  const calls: TaskCall[] = [];
  const newEngine = () =>
    new LocalWorkflowEngine({
      definition: readDefinition('complaint'),
      timeScale: opts.timeScale,
      taskHandler: async (payload) => {
        const call: TaskCall = { payload };
        calls.push(call);
        try {
          call.result = await runComplaintTask(deps, payload);
          return call.result;
        } catch (e) {
          call.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          throw e;
        }
      },
    });
  const deps: ComplaintFakeDeps = {
    ...makeDeps(),
    complaints: new FakeComplaintStore(),
    deliveries: new FakeDeliveryStore(),
    statusSink: new FakeStatusSink(),
    notifier: new FakeInbox(),
    files: new FakeFileStore(),
    complaintWorkflow: undefined as unknown as LocalWorkflowEngine,
    complaintConfig: opts.config,
    demoWorkdaySeconds: opts.demoWorkdaySeconds,
    sleep: async () => undefined,
  };
  deps.complaintWorkflow = newEngine();
  return {
    deps,
    calls,
    restart() {
      deps.complaintWorkflow.stopAll();
      deps.complaintWorkflow = newEngine();
    },
    stop() {
      deps.complaintWorkflow.stopAll();
    },
  };
}
