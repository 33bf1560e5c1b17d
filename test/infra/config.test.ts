import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { configFromContext } from '../../infra/config.js';

const base = { oidcIssuer: 'https://auth.example.gov.cn/', oidcAudience: 'web', publicBaseUrl: 'https://haoping.example.gov.cn/' };
const read = (context: Record<string, unknown>) => configFromContext(new App({ context: { ...base, ...context } }).node);

describe('configFromContext', () => {
  it('keeps the issuer exactly (it must equal `iss`) and drops the trailing slash of the web address', () => {
    const config = read({});
    expect(config.oidcIssuer).toBe('https://auth.example.gov.cn/');
    expect(config.publicBaseUrl).toBe('https://haoping.example.gov.cn');
    expect(config.alarmEmail).toBeUndefined();
  });

  it('reads audiences from a comma-separated -c value or a cdk.json array', () => {
    expect(read({ oidcAudience: 'web, pads' }).oidcAudience).toEqual(['web', 'pads']);
    expect(read({ oidcAudience: ['web', 'pads'] }).oidcAudience).toEqual(['web', 'pads']);
  });

  it('names the setting that is missing or wrong', () => {
    expect(() => read({ oidcIssuer: undefined })).toThrow(/oidcIssuer/);
    expect(() => read({ oidcIssuer: 'http://auth.example.gov.cn' })).toThrow(/oidcIssuer.*https/);
    expect(() => read({ oidcAudience: ' , ' })).toThrow(/oidcAudience/);
    expect(() => read({ publicBaseUrl: 'not a url' })).toThrow(/publicBaseUrl/);
    expect(() => read({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
    expect(read({ alarmEmail: 'ops@example.gov.cn' }).alarmEmail).toBe('ops@example.gov.cn');
  });

  it('takes an optional https SMS webhook', () => {
    expect(read({}).smsWebhookUrl).toBeUndefined();
    expect(read({ smsWebhookUrl: '' }).smsWebhookUrl).toBeUndefined();
    expect(read({ smsWebhookUrl: 'https://sms.example.gov.cn/hook' }).smsWebhookUrl).toBe('https://sms.example.gov.cn/hook');
    expect(() => read({ smsWebhookUrl: 'http://sms.example.gov.cn/hook' })).toThrow(/smsWebhookUrl.*https/);
  });

  it('takes an optional https status endpoint of the national platform', () => {
    expect(read({}).statusSyncUrl).toBeUndefined();
    expect(read({ statusSyncUrl: '' }).statusSyncUrl).toBeUndefined();
    expect(read({ statusSyncUrl: 'https://zwfw.example.gov.cn/status' }).statusSyncUrl).toBe('https://zwfw.example.gov.cn/status');
    expect(() => read({ statusSyncUrl: 'http://zwfw.example.gov.cn/status' })).toThrow(/statusSyncUrl.*https/);
    expect(() => read({ statusSyncUrl: 'zwfw' })).toThrow(/statusSyncUrl/);
  });
});
