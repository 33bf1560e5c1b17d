import { TaskTokenInvalidError, type WorkflowEngine, type WorkflowHistoryEvent } from '../../ports/workflow.js';
import { AwsClient, type AwsClientOptions } from '../aws/signed-fetch.js';

export interface SfnWorkflowEngineProps {
  readonly stateMachineArn: string;
  /** Region, credentials, endpoint…: the defaults are right in Lambda. */
  readonly aws?: AwsClientOptions;
}

/** A history event as the Step Functions JSON API sends it (timestamps in epoch seconds). */
interface HistoryEvent {
  type?: string;
  timestamp?: number;
  stateEnteredEventDetails?: { name?: string };
  stateExitedEventDetails?: { name?: string };
}

/** Step Functions (Standard) adapter of the WorkflowEngine port, over the AWS JSON 1.0 API. */
export class SfnWorkflowEngine implements WorkflowEngine {
  private readonly client: AwsClient;
  private readonly stateMachineArn: string;

  constructor({ stateMachineArn, aws }: SfnWorkflowEngineProps) {
    this.client = new AwsClient('states', aws);
    this.stateMachineArn = stateMachineArn;
  }

  async start({ name, input }: { name: string; input: unknown }): Promise<{ executionId: string }> {
    try {
      const out = await this.call<{ executionArn?: string }>('StartExecution', { stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) });
      return { executionId: out.executionArn ?? executionArn(this.stateMachineArn, name) };
    } catch (err) {
      // Same name already used (running with other input, or closed): that execution is the one.
      if (isError(err, 'ExecutionAlreadyExists')) return { executionId: executionArn(this.stateMachineArn, name) };
      throw err;
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await this.sendToTask('SendTaskSuccess', { taskToken, output: JSON.stringify(output ?? {}) });
  }

  async sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void> {
    await this.sendToTask('SendTaskFailure', { taskToken, error, cause });
  }

  async isRunning(executionId: string): Promise<boolean> {
    try {
      const out = await this.call<{ status?: string }>('DescribeExecution', { executionArn: executionId });
      return out.status === 'RUNNING';
    } catch (err) {
      if (isError(err, 'ExecutionDoesNotExist')) return false;
      throw err;
    }
  }

  async history(executionId: string): Promise<WorkflowHistoryEvent[]> {
    const events: WorkflowHistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page: { events?: HistoryEvent[]; nextToken?: string } = await this.call('GetExecutionHistory', {
        executionArn: executionId,
        maxResults: 1000,
        includeExecutionData: false,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const event of page.events ?? []) {
        const stateName = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
        events.push({
          type: event.type ?? 'Unknown',
          ...(stateName ? { stateName } : {}),
          timestamp: new Date((event.timestamp ?? 0) * 1000).toISOString(),
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  private call<T>(operation: string, input: object): Promise<T> {
    return this.client.json<T>(`AWSStepFunctions.${operation}`, input);
  }

  private async sendToTask(operation: 'SendTaskSuccess' | 'SendTaskFailure', input: object): Promise<void> {
    try {
      await this.call(operation, input);
    } catch (err) {
      if (isError(err, 'TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut')) {
        throw new TaskTokenInvalidError(`The task token is no longer valid (${err.name})`, { cause: err });
      }
      throw err;
    }
  }
}

function isError(err: unknown, ...names: string[]): err is Error {
  return err instanceof Error && names.includes(err.name);
}

/** arn:<partition>:states:<region>:<account>:stateMachine:<sm> → arn:…:execution:<sm>:<name> (Standard workflows). */
export function executionArn(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length < 7 || parts[5] !== 'stateMachine') throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
}
