import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionArn, SfnWorkflowEngine } from '../../functions/adapters/sfn/sfn-workflow.js';
import { TaskTokenInvalidError } from '../../functions/ports/workflow.js';
import { type AwsServer, awsServer, jsonError } from '../adapters/aws-server.js';

const STATE_MACHINE = 'arn:aws-cn:states:cn-north-1:111122223333:stateMachine:BadReview';
const EXECUTION = 'arn:aws-cn:states:cn-north-1:111122223333:execution:BadReview:r-1-1';

// A local Step Functions endpoint (AWS JSON 1.0) that checks each request's signature.
let sfn: AwsServer;
beforeAll(async () => {
  sfn = await awsServer('states');
});
afterAll(() => sfn.close());
beforeEach(() => {
  sfn.requests.length = 0;
});

function engine() {
  return new SfnWorkflowEngine({ stateMachineArn: STATE_MACHINE, aws: sfn.aws });
}

/** The requests as the API saw them: operation and JSON input, each signed for `states`. */
function calls() {
  for (const r of sfn.requests) {
    expect(r.signatureProblem, r.target).toBeUndefined();
    expect([r.method, r.path, r.headers['content-type']]).toEqual(['POST', '/', 'application/x-amz-json-1.0']);
  }
  return sfn.requests.map((r) => [r.target, r.json]);
}

describe('SfnWorkflowEngine', () => {
  describe('start', () => {
    it('starts a named execution with the input as JSON', async () => {
      sfn.answer({ body: { executionArn: EXECUTION, startDate: 1893456000.123 } });

      const out = await engine().start({ name: 'r-1-1', input: { reviewId: 'r-1', anonymous: false } });

      expect(out).toEqual({ executionId: EXECUTION });
      expect(calls()).toEqual([
        ['AWSStepFunctions.StartExecution', { stateMachineArn: STATE_MACHINE, name: 'r-1-1', input: '{"reviewId":"r-1","anonymous":false}' }],
      ]);
    });

    it('returns the existing execution when the name was already used', async () => {
      sfn.answer(jsonError(400, 'ExecutionAlreadyExists', 'exists'));

      const out = await engine().start({ name: 'r-1-1', input: { reviewId: 'r-1', anonymous: false } });

      expect(out).toEqual({ executionId: EXECUTION });
      expect(sfn.requests).toHaveLength(1);
    });

    it('retries throttling, then starts', async () => {
      sfn.answer(jsonError(400, 'ThrottlingException', 'Rate exceeded'), { body: { executionArn: EXECUTION } });

      const out = await engine().start({ name: 'r-1-1', input: {} });

      expect(out).toEqual({ executionId: EXECUTION });
      expect(calls().map(([target]) => target)).toEqual(['AWSStepFunctions.StartExecution', 'AWSStepFunctions.StartExecution']);
    });

    it('passes other errors on, by their AWS name and message, without retrying them', async () => {
      sfn.answer(jsonError(400, 'AccessDeniedException', 'not authorized to perform: states:StartExecution'));

      await expect(engine().start({ name: 'r-1-1', input: {} })).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: 'not authorized to perform: states:StartExecution',
        status: 400,
      });
      expect(sfn.requests).toHaveLength(1);
    });
  });

  describe('task callbacks', () => {
    it('sends the output of a finished step as JSON', async () => {
      await engine().sendTaskSuccess('tok', { outcome: 'done' });

      expect(calls()).toEqual([['AWSStepFunctions.SendTaskSuccess', { taskToken: 'tok', output: '{"outcome":"done"}' }]]);
    });

    it('sends a step failure with its error name and cause', async () => {
      await engine().sendTaskFailure('tok', 'Case.Inconsistent', 'unit unknown');

      expect(calls()).toEqual([['AWSStepFunctions.SendTaskFailure', { taskToken: 'tok', error: 'Case.Inconsistent', cause: 'unit unknown' }]]);
    });

    it.each(['TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut'])('maps %s to TaskTokenInvalidError', async (code) => {
      sfn.answer(jsonError(400, code), jsonError(400, code));

      await expect(engine().sendTaskSuccess('tok', { outcome: 'done' })).rejects.toBeInstanceOf(TaskTokenInvalidError);
      await expect(engine().sendTaskFailure('tok', 'X')).rejects.toMatchObject({ code: 'TASK_TOKEN_INVALID' });
    });

    it('passes a network error on after the retries', async () => {
      const closed = await awsServer('states');
      await closed.close();

      const engine = new SfnWorkflowEngine({ stateMachineArn: STATE_MACHINE, aws: closed.aws });

      await expect(engine.sendTaskSuccess('tok', {})).rejects.toThrow('fetch failed');
    });

    it('gives up on a 5xx after three attempts', async () => {
      sfn.answer(jsonError(500, 'ServiceException'), jsonError(503, 'ServiceUnavailable'), jsonError(500, 'ServiceException'));

      await expect(engine().sendTaskSuccess('tok', {})).rejects.toMatchObject({ name: 'ServiceException', status: 500 });
      expect(sfn.requests).toHaveLength(3);
    });

    it('gives up on an attempt that hangs, by the per-attempt timeout, and retries it', async () => {
      sfn.answer({ hang: true }, {});

      await new SfnWorkflowEngine({ stateMachineArn: STATE_MACHINE, aws: { ...sfn.aws, timeoutMs: 50 } }).sendTaskSuccess('tok', {});

      expect(calls().map(([target]) => target)).toEqual(['AWSStepFunctions.SendTaskSuccess', 'AWSStepFunctions.SendTaskSuccess']);
    });
  });

  describe('isRunning', () => {
    it.each([
      ['RUNNING', true],
      ['SUCCEEDED', false],
      ['FAILED', false],
      ['ABORTED', false],
    ] as const)('is %s → %s', async (status, running) => {
      sfn.answer({ body: { status, executionArn: EXECUTION } });

      expect(await engine().isRunning(EXECUTION)).toBe(running);
      expect(calls()).toEqual([['AWSStepFunctions.DescribeExecution', { executionArn: EXECUTION }]]);
    });

    it('is false for an execution that does not exist', async () => {
      sfn.answer(jsonError(400, 'ExecutionDoesNotExist', 'no'));

      expect(await engine().isRunning(EXECUTION)).toBe(false);
    });
  });

  describe('history', () => {
    it('reads every page and names the states', async () => {
      const t = Date.parse('2030-01-01T00:00:00Z') / 1000;
      sfn.answer(
        {
          body: {
            events: [
              { id: 1, type: 'ExecutionStarted', timestamp: t },
              { id: 2, type: 'ChoiceStateEntered', timestamp: t, stateEnteredEventDetails: { name: 'Start or resume' } },
            ],
            nextToken: 'page-2',
          },
        },
        { body: { events: [{ id: 3, type: 'ChoiceStateExited', timestamp: t, stateExitedEventDetails: { name: 'Start or resume' } }] } },
      );

      const history = await engine().history(EXECUTION);

      expect(history).toEqual([
        { type: 'ExecutionStarted', timestamp: '2030-01-01T00:00:00.000Z' },
        { type: 'ChoiceStateEntered', stateName: 'Start or resume', timestamp: '2030-01-01T00:00:00.000Z' },
        { type: 'ChoiceStateExited', stateName: 'Start or resume', timestamp: '2030-01-01T00:00:00.000Z' },
      ]);
      expect(calls()).toEqual([
        ['AWSStepFunctions.GetExecutionHistory', { executionArn: EXECUTION, maxResults: 1000, includeExecutionData: false }],
        ['AWSStepFunctions.GetExecutionHistory', { executionArn: EXECUTION, maxResults: 1000, includeExecutionData: false, nextToken: 'page-2' }],
      ]);
    });
  });

  it('derives the execution ARN from the state machine ARN in any partition', () => {
    expect(executionArn(STATE_MACHINE, 'r-1-1')).toBe(EXECUTION);
    expect(() => executionArn('arn:aws:lambda:us-east-1:1:function:x', 'n')).toThrow();
  });
});
