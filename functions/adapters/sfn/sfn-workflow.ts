import {
  DescribeExecutionCommand,
  paginateGetExecutionHistory,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { TaskTokenInvalidError, type WorkflowEngine, type WorkflowHistoryEvent } from '../../ports/workflow.js';

export interface SfnWorkflowEngineProps {
  readonly client: SFNClient;
  readonly stateMachineArn: string;
}

/** Step Functions (Standard) adapter of the WorkflowEngine port. */
export class SfnWorkflowEngine implements WorkflowEngine {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor({ client, stateMachineArn }: SfnWorkflowEngineProps) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  async start({ name, input }: { name: string; input: unknown }): Promise<{ executionId: string }> {
    try {
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
      return { executionId: out.executionArn ?? executionArn(this.stateMachineArn, name) };
    } catch (err) {
      // Same name already used (running with other input, or closed): that execution is the one.
      if (isError(err, 'ExecutionAlreadyExists')) return { executionId: executionArn(this.stateMachineArn, name) };
      throw err;
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await this.sendToTask(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
  }

  async sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void> {
    await this.sendToTask(new SendTaskFailureCommand({ taskToken, error, cause }));
  }

  async isRunning(executionId: string): Promise<boolean> {
    try {
      const out = await this.client.send(new DescribeExecutionCommand({ executionArn: executionId }));
      return out.status === 'RUNNING';
    } catch (err) {
      if (isError(err, 'ExecutionDoesNotExist')) return false;
      throw err;
    }
  }

  async history(executionId: string): Promise<WorkflowHistoryEvent[]> {
    const events: WorkflowHistoryEvent[] = [];
    const pages = paginateGetExecutionHistory({ client: this.client, pageSize: 1000 }, { executionArn: executionId, includeExecutionData: false });
    for await (const page of pages) {
      for (const event of page.events ?? []) {
        const stateName = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
        events.push({
          type: event.type ?? 'Unknown',
          ...(stateName ? { stateName } : {}),
          timestamp: (event.timestamp ?? new Date(0)).toISOString(),
        });
      }
    }
    return events;
  }

  private async sendToTask(command: SendTaskSuccessCommand | SendTaskFailureCommand): Promise<void> {
    try {
      // The union of the two command types does not narrow for `send`; both return nothing we use.
      await this.client.send(command as SendTaskSuccessCommand);
    } catch (err) {
      if (isError(err, 'TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut')) {
        throw new TaskTokenInvalidError(`The task token is no longer valid (${err.name})`, { cause: err });
      }
      throw err;
    }
  }
}

/** By name rather than instanceof, so a second copy of the SDK in a bundle still matches. */
function isError(err: unknown, ...names: string[]): err is Error {
  return err instanceof Error && names.includes(err.name);
}

/** arn:<partition>:states:<region>:<account>:stateMachine:<sm> → arn:…:execution:<sm>:<name> (Standard workflows). */
export function executionArn(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length < 7 || parts[5] !== 'stateMachine') throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
}
