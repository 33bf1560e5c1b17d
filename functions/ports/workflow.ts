/**
 * Port to the workflow engine that runs the case workflows (bad review, complaint).
 * Implemented by the Step Functions adapter on AWS and by the in-process
 * aws-local-stepfunctions adapter in the local stack.
 */

export interface WorkflowHistoryEvent {
  /** Engine event type, e.g. `TaskStateEntered` (AWS) or `StateEntered` (local). */
  type: string;
  stateName?: string;
  /** ISO 8601. */
  timestamp: string;
}

export interface WorkflowEngine {
  /**
   * Starts an execution. `name` is the idempotency key (e.g. reviewId + attempt):
   * starting the same name twice returns the first execution and never creates a
   * second running one.
   */
  start(input: { name: string; input: unknown }): Promise<{ executionId: string }>;
  /** Completes a callback step. Throws {@link TaskTokenInvalidError} for unknown or finished tokens. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  /** Fails a callback step with an error name the definition can Catch. Same errors as sendTaskSuccess. */
  sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void>;
  isRunning(executionId: string): Promise<boolean>;
  /** The execution's events, oldest first (for counting state transitions and for diagnosis). */
  history(executionId: string): Promise<WorkflowHistoryEvent[]>;
}

/** The task token does not belong to a waiting step (unknown, already answered, timed out, or its execution ended). */
export class TaskTokenInvalidError extends Error {
  readonly code = 'TASK_TOKEN_INVALID' as const;

  constructor(message = 'The task token is unknown or its step is no longer waiting', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaskTokenInvalidError';
  }
}
