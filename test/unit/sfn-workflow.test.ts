import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
// Registers the matchers with vitest's expect (and declares their types); no setup file needed.
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { executionArn, SfnWorkflowEngine } from '../../functions/adapters/sfn/sfn-workflow.js';
import { TaskTokenInvalidError } from '../../functions/ports/workflow.js';

const STATE_MACHINE = 'arn:aws-cn:states:cn-north-1:111122223333:stateMachine:BadReview';
const EXECUTION = 'arn:aws-cn:states:cn-north-1:111122223333:execution:BadReview:r-1-1';
const sfn = mockClient(SFNClient);

function engine() {
  return new SfnWorkflowEngine({ client: new SFNClient({ region: 'cn-north-1' }), stateMachineArn: STATE_MACHINE });
}

beforeEach(() => {
  sfn.reset();
});

describe('SfnWorkflowEngine', () => {
  describe('start', () => {
    it('starts a named execution with the input as JSON', async () => {
      sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });

      const out = await engine().start({ name: 'r-1-1', input: { reviewId: 'r-1', anonymous: false } });

      expect(out).toEqual({ executionId: EXECUTION });
      expect(sfn).toHaveReceivedCommandExactlyOnceWith(StartExecutionCommand, {
        stateMachineArn: STATE_MACHINE,
        name: 'r-1-1',
        input: '{"reviewId":"r-1","anonymous":false}',
      });
    });

    it('returns the existing execution when the name was already used', async () => {
      sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

      const out = await engine().start({ name: 'r-1-1', input: { reviewId: 'r-1', anonymous: false } });

      expect(out).toEqual({ executionId: EXECUTION });
    });

    it('passes other errors on', async () => {
      sfn.on(StartExecutionCommand).rejects(new Error('throttled'));

      await expect(engine().start({ name: 'r-1-1', input: {} })).rejects.toThrow('throttled');
    });
  });

  describe('task callbacks', () => {
    it('sends the output of a finished step as JSON', async () => {
      sfn.on(SendTaskSuccessCommand).resolves({});

      await engine().sendTaskSuccess('tok', { outcome: 'done' });

      expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'tok', output: '{"outcome":"done"}' });
    });

    it('sends a step failure with its error name and cause', async () => {
      sfn.on(SendTaskFailureCommand).resolves({});

      await engine().sendTaskFailure('tok', 'Case.Inconsistent', 'unit unknown');

      expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
        taskToken: 'tok',
        error: 'Case.Inconsistent',
        cause: 'unit unknown',
      });
    });

    it.each([
      ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'gone', $metadata: {} })],
      ['InvalidToken', new InvalidToken({ message: 'bad', $metadata: {} })],
      ['TaskTimedOut', new TaskTimedOut({ message: 'late', $metadata: {} })],
    ])('maps %s to TaskTokenInvalidError', async (_name, error) => {
      sfn.on(SendTaskSuccessCommand).rejects(error);
      sfn.on(SendTaskFailureCommand).rejects(error);

      await expect(engine().sendTaskSuccess('tok', { outcome: 'done' })).rejects.toBeInstanceOf(TaskTokenInvalidError);
      await expect(engine().sendTaskFailure('tok', 'X')).rejects.toMatchObject({ code: 'TASK_TOKEN_INVALID' });
    });

    it('passes other errors on', async () => {
      sfn.on(SendTaskSuccessCommand).rejects(new Error('network'));

      await expect(engine().sendTaskSuccess('tok', {})).rejects.toThrow('network');
    });
  });

  describe('isRunning', () => {
    it.each([
      ['RUNNING', true],
      ['SUCCEEDED', false],
      ['FAILED', false],
      ['ABORTED', false],
    ] as const)('is %s → %s', async (status, running) => {
      sfn.on(DescribeExecutionCommand, { executionArn: EXECUTION }).resolves({ status, executionArn: EXECUTION });

      expect(await engine().isRunning(EXECUTION)).toBe(running);
    });

    it('is false for an execution that does not exist', async () => {
      sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no', $metadata: {} }));

      expect(await engine().isRunning(EXECUTION)).toBe(false);
    });
  });

  describe('history', () => {
    it('reads every page and names the states', async () => {
      const t = new Date('2030-01-01T00:00:00Z');
      sfn
        .on(GetExecutionHistoryCommand)
        .resolvesOnce({
          events: [
            { id: 1, type: 'ExecutionStarted', timestamp: t },
            { id: 2, type: 'ChoiceStateEntered', timestamp: t, stateEnteredEventDetails: { name: 'Start or resume' } },
          ],
          nextToken: 'page-2',
        })
        .resolvesOnce({
          events: [{ id: 3, type: 'ChoiceStateExited', timestamp: t, stateExitedEventDetails: { name: 'Start or resume' } }],
        });

      const history = await engine().history(EXECUTION);

      expect(history).toEqual([
        { type: 'ExecutionStarted', timestamp: '2030-01-01T00:00:00.000Z' },
        { type: 'ChoiceStateEntered', stateName: 'Start or resume', timestamp: '2030-01-01T00:00:00.000Z' },
        { type: 'ChoiceStateExited', stateName: 'Start or resume', timestamp: '2030-01-01T00:00:00.000Z' },
      ]);
      expect(sfn).toHaveReceivedCommandTimes(GetExecutionHistoryCommand, 2);
      expect(sfn).toHaveReceivedNthCommandWith(GetExecutionHistoryCommand, 2, { executionArn: EXECUTION, nextToken: 'page-2' });
    });
  });

  it('derives the execution ARN from the state machine ARN in any partition', () => {
    expect(executionArn(STATE_MACHINE, 'r-1-1')).toBe(EXECUTION);
    expect(() => executionArn('arn:aws:lambda:us-east-1:1:function:x', 'n')).toThrow();
  });
});
