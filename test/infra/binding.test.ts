import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { slowRouteTimeout } from '../../infra/constructs/api.js';
import { bindCapabilities, type FunctionBinder } from '../../infra/constructs/binding.js';
import type { ProjectFunction } from '../../infra/constructs/lambda-function.js';
import { nagResource } from '../../infra/constructs/nag.js';

const fn = {} as ProjectFunction;
function recorder() {
  const calls: string[] = [];
  const binder = (name: string): FunctionBinder => ({ bind: (_fn, access) => void calls.push(`${name}:${access}`) });
  return { calls, binder };
}

describe('bindCapabilities', () => {
  it('binds each capability a function uses once, passing the access level on', () => {
    const { calls, binder } = recorder();

    bindCapabilities(
      fn,
      ['workflowStart', 'notify', 'workflowStart'],
      { workflowStart: binder('workflowStart'), notify: binder('notify'), files: binder('files') },
      'Route x',
      'read',
    );

    expect(calls).toEqual(['workflowStart:read', 'notify:read']);
  });

  it('fails synth when a function uses a capability the stack did not pass', () => {
    expect(() => bindCapabilities(fn, ['files'], {}, 'Route uploadEvidence')).toThrow(/uploadEvidence uses 'files'/);
  });
});

describe('nagResource', () => {
  it('flattens references the way cdk-nag names them in findings', () => {
    const stack = new Stack(new App(), 'S');
    const arn = stack.formatArn({ service: 'states', resource: 'execution', resourceName: 'M:*' });
    expect(nagResource(stack, arn)).toBe('arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution/M:*');
    expect(nagResource(stack, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Fn1', 'Arn'] }, ':*']] })).toBe('<Fn1.Arn>:*');
  });
});

describe('slowRouteTimeout', () => {
  it('gives routes that wait on the SMS webhook or the status sync more time, and the most to those that wait on both', () => {
    expect(slowRouteTimeout({})).toBeUndefined();
    expect(slowRouteTimeout({ uses: ['complaintCallback'] })).toBeUndefined();
    expect(slowRouteTimeout({ uses: ['notify'] })?.toSeconds()).toBe(20);
    expect(slowRouteTimeout({ uses: ['statusSync', 'complaintStart'] })?.toSeconds()).toBe(20);
    expect(slowRouteTimeout({ uses: ['complaintCallback', 'notify', 'statusSync'] })?.toSeconds()).toBe(29);
  });
});
