/**
 * The web hosting construct: S3 + CloudFront with the pages' security headers in the AWS
 * regions, the variant CloudFront in China accepts (no OAC, cache or response headers
 * policies, IAM certificate on an ICP-filed domain), and config.json written at deploy time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Source } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { WebHosting } from '../../infra/constructs/web-hosting.js';

type Json = Record<string, any>;

const CONFIG = {
  apiBaseUrl: 'https://api.haoping.test.gov.cn',
  oidc: { authority: 'https://sso.test.gov.cn/realms/gov', clientId: 'haochaping-web', scope: 'openid profile' },
};

function build(region: string | undefined, extra: { domainName?: string; certificateArn?: string; iamCertificateId?: string } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Web', region ? { env: { account: '123456789012', region } } : {});
  // A tiny built app instead of running Vite: what matters here is where its files go and how.
  const site = Source.data('rate.html', '<!doctype html><title>t</title>');
  const web = new WebHosting(stack, 'Web', { config: CONFIG, apiOrigin: 'https://api.haoping.test.gov.cn', site, ...extra });
  return { app, stack, web, template: Template.fromStack(stack) };
}

const deployments = (t: Template) => Object.values(t.findResources('Custom::CDKBucketDeployment')) as Json[];

describe('web hosting (AWS regions)', () => {
  const { app, stack, web, template } = build(undefined);

  it('serves a private bucket through CloudFront with origin access control, HTTPS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site/' }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'rate.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    // Only CloudFront may read the site, and only for this distribution.
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p: Json) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('cloudfront.amazonaws.com'),
    ) as Json;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('AWS:SourceArn');
  });

  it('answers a missing file with a 404 page, never with an app page and 200 (hash routes need no fallback)', () => {
    const dist = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as Json;
    const errors = dist.Properties.DistributionConfig.CustomErrorResponses as Json[];
    expect(errors.map((e) => [e.ErrorCode, e.ResponseCode, e.ResponsePagePath])).toEqual([
      [403, 404, '/404.html'],
      [404, 404, '/404.html'],
    ]);
  });

  it('adds the security headers: CSP allowing the API and the OIDC authority, HSTS, DENY framing, no referrer, nosniff', () => {
    const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as Json;
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig as Json;
    const csp = headers.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/api\.haoping\.test\.gov\.cn https:\/\/sso\.test\.gov\.cn(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(web.contentSecurityPolicy).toBe(csp);
  });

  it('writes config.json next to the pages at deploy time, revalidated on every load; hashed assets cached a year and never pruned', () => {
    const [assets, pages] = deployments(template);
    expect(assets?.Properties).toMatchObject({
      Prune: false,
      Include: ['assets/*'],
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages?.Properties).toMatchObject({ Prune: true, Exclude: ['assets/*'], SystemMetadata: { 'cache-control': 'no-cache' } });
    // The config.json the pages deployment copies, as staged in the cloud assembly.
    const outdir = app.synth().directory;
    const keys = ((pages?.Properties.SourceObjectKeys ?? []) as string[]).map((k) => k.replace(/\.zip$/, ''));
    const staged = keys
      .map((k) => join(outdir, `asset.${k}`))
      .find((dir) => {
        try {
          return !!readFileSync(join(dir, 'config.json'));
        } catch {
          return false;
        }
      });
    expect(staged).toBeDefined();
    expect(JSON.parse(readFileSync(join(staged ?? '', 'config.json'), 'utf8'))).toEqual(CONFIG);
  });

  it('is clean for cdk-nag, every acknowledgement with its reason, and leaves no warning', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  it('uses the custom domain with its ACM certificate and TLS 1.2 when given', () => {
    const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
    const { template: t } = build(undefined, { domainName: 'haoping.test.gov.cn', certificateArn: arn });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['haoping.test.gov.cn'],
        ViewerCertificate: { AcmCertificateArn: arn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  });
});

describe('web hosting (China regions)', () => {
  const cn = build('cn-north-1', { domainName: 'haoping.test.gov.cn', iamCertificateId: 'ASCAEXAMPLE123' });

  it('uses what CloudFront in China has: an origin access identity, legacy cache settings, no response headers policy', () => {
    const t = cn.template;
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    t.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 0);
    t.resourceCountIs('AWS::CloudFront::CachePolicy', 0);
    t.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    const dist = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0] as Json;
    const config = dist.Properties.DistributionConfig as Json;
    expect(config.DefaultCacheBehavior.CachePolicyId).toBeUndefined();
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeUndefined();
    expect(config.DefaultCacheBehavior.ForwardedValues).toEqual({ QueryString: false });
    expect(config.Origins[0].S3OriginConfig.OriginAccessIdentity).toBeDefined();
    expect(config.Origins[0].OriginAccessControlId).toBeUndefined();
    // The ICP-filed domain with its IAM server certificate (no ACM for CloudFront in China).
    expect(config.Aliases).toEqual(['haoping.test.gov.cn']);
    expect(config.ViewerCertificate).toEqual({ IamCertificateId: 'ASCAEXAMPLE123', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(JSON.stringify(t.toJSON())).not.toContain('arn:aws:');
  });

  it('is clean for cdk-nag', () => {
    const report = new AwsSolutionsChecks().validateScope(cn.stack);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('warns at synth when no ICP-filed domain and IAM certificate are set (China serves nothing on *.cloudfront.cn)', () => {
    const bare = build('cn-north-1');
    const warnings = Annotations.fromStack(bare.stack).findWarning('*', Match.stringLikeRegexp('ICP-filed'));
    expect(warnings.length).toBe(1);
    const dist = Object.values(bare.template.findResources('AWS::CloudFront::Distribution'))[0] as Json;
    expect(dist.Properties.DistributionConfig.ViewerCertificate).toEqual({ CloudFrontDefaultCertificate: true });
    expect(Annotations.fromStack(cn.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
