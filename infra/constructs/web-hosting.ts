import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Annotations, AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  CfnDistribution,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginAccessIdentity,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { CfnPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { pageHeaders } from '../../functions/http/security-headers.js';
import { PROJECT_ROOT } from '../paths.js';
import { nagResource } from './nag.js';

/** What the app reads at start (`web/src/config.ts`): the API and the OIDC provider are configuration. */
export interface WebAppConfig {
  /** The API's base URL, no trailing slash (may be a deploy-time token). */
  readonly apiBaseUrl: string;
  readonly oidc: { readonly authority: string; readonly clientId: string; readonly scope: string };
}

export interface WebHostingProps {
  readonly config: WebAppConfig;
  /** The API's origin (`https://host`), allowed in the pages' CSP `connect-src` and `img-src`. */
  readonly apiOrigin: string;
  /** The public host name (from `publicBaseUrl`); served only with a certificate for it. */
  readonly domainName?: string;
  /** ACM certificate (us-east-1) for `domainName`: AWS regions outside China. */
  readonly certificateArn?: string;
  /** IAM server certificate id for `domainName`: required in the China regions (no ACM for CloudFront there). */
  readonly iamCertificateId?: string;
  /** The built app; default: `web/` built with Vite at synth time (like the functions' esbuild bundles). */
  readonly site?: ISource;
}

/** True when the stack is bound to an AWS China region (cn-north-1, cn-northwest-1). */
export const isChinaRegion = (stack: Stack) => !Token.isUnresolved(stack.region) && stack.region.startsWith('cn-');

/** `web/` built by Vite into the asset folder; the hash is the sources', so an unchanged app is not rebuilt. */
export function builtWebApp(): ISource {
  const web = join(PROJECT_ROOT, 'web');
  return Source.asset(web, {
    assetHashType: AssetHashType.SOURCE,
    exclude: ['dist', '.dist-*', 'node_modules', '**/*.test.ts'],
    bundling: {
      // Never pulled: the local build always runs (Node and Vite are the project's own).
      image: DockerImage.fromRegistry('scratch'),
      local: {
        tryBundle(outputDir: string) {
          execFileSync(
            join(PROJECT_ROOT, 'node_modules/.bin/vite'),
            ['build', '--config', join(web, 'vite.config.ts'), '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'error'],
            {
              cwd: PROJECT_ROOT,
              stdio: ['ignore', 'ignore', 'inherit'],
            },
          );
          return true;
        },
      },
    },
  });
}

const NOT_FOUND_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>页面不存在 · 政务服务“好差评”</title></head><body><main><h1>页面不存在</h1><p>您要找的页面不存在或已经移动。</p>
<p><a href="/rate.html">去办事评价</a></p></main></body></html>`;

/**
 * The web app in AWS: the built pages in a private S3 bucket behind CloudFront, `config.json`
 * written next to them at deploy time from the stack's values, and the pages' security headers.
 *
 * The API stays on its own origin (the HTTP API's URL, or a custom domain), named in
 * `config.json`: its routes share the root with the pages (`/cases`, `/places/…`), CloudFront in
 * China cannot rewrite paths (no CloudFront Functions or Lambda@Edge there), and the API's own
 * CORS already admits exactly this origin. Tokens and API answers never pass through the CDN cache.
 *
 * Two variants, chosen by the stack's region (infra/README.md, "Web hosting"):
 * - AWS regions: `Distribution` with origin access control, a response headers policy (CSP, HSTS,
 *   frame options, referrer policy, nosniff) and the optimized managed cache policy.
 * - China regions (`cn-*`): the distribution as `CfnDistribution` with an origin access identity
 *   and legacy cache settings — CloudFront there has no origin access control, cache policies
 *   or ACM — and no response headers policy; it serves only on an ICP-filed domain with an
 *   IAM server certificate.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly logs: Bucket;
  /** The distribution's own domain name (`*.cloudfront.net` / `*.cloudfront.cn`). */
  readonly distributionDomainName: string;
  /** The Content-Security-Policy the pages get (global regions). */
  readonly contentSecurityPolicy: string;
  /** CDK's deployment handler (copies the app into the bucket during deployments): for its errors alarm. */
  readonly deployHandler: LambdaFunction;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const china = isChinaRegion(stack);

    // CloudFront standard logs need a bucket with ACLs; the site bucket's server access logs go there too.
    this.logs = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // PRC Cybersecurity Law art. 21: network logs are kept for at least six months.
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the log bucket of the web distribution and of the site bucket; logging it into itself or a third bucket adds nothing.',
    });

    // The site: rebuilt from the repository on every deploy, so nothing in it needs keeping.
    this.bucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const authorityOrigin = Token.isUnresolved(props.config.oidc.authority) ? props.config.oidc.authority : new URL(props.config.oidc.authority).origin;
    this.contentSecurityPolicy = pageHeaders(props.apiOrigin)['content-security-policy']!.replace(/connect-src ([^;]+)/, `connect-src $1 ${authorityOrigin}`);
    const errorResponses = [
      // Hash routes (rate.html#/cases…) need no fallback page: a missing file is a real 404. S3 says
      // 403 for it (CloudFront may not list the bucket), so 403 and 404 both show the 404 page.
      { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) },
      { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) },
    ];
    const domain = props.domainName && (china ? props.iamCertificateId : props.certificateArn || props.iamCertificateId) ? props.domainName : undefined;

    if (!china) {
      const headers = new ResponseHeadersPolicy(this, 'Headers', {
        comment: 'Security headers of the haochaping web app (same set as the local server, functions/http/security-headers.ts)',
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: this.contentSecurityPolicy, override: true },
          strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
          contentTypeOptions: { override: true },
        },
      });
      const distribution = new Distribution(this, 'Distribution', {
        comment: 'haochaping web app',
        defaultRootObject: 'rate.html',
        defaultBehavior: {
          origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers,
          compress: true,
        },
        errorResponses,
        httpVersion: HttpVersion.HTTP2_AND_3,
        ...(domain
          ? {
              minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
              domainNames: [domain],
              certificate: props.certificateArn ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined,
            }
          : {}),
        enableLogging: true,
        logBucket: this.logs,
        logFilePrefix: 'cloudfront/',
      });
      if (domain && !props.certificateArn && props.iamCertificateId) {
        (distribution.node.defaultChild as CfnDistribution).addPropertyOverride('DistributionConfig.ViewerCertificate', {
          IamCertificateId: props.iamCertificateId,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        });
      }
      this.distributionDomainName = distribution.distributionDomainName;
      acknowledgeEdgeFindings(distribution, !!domain);
    } else {
      const identity = new OriginAccessIdentity(this, 'OriginAccess', { comment: 'haochaping web app (China: no origin access control)' });
      this.bucket.grantRead(identity);
      const distribution = new CfnDistribution(this, 'Distribution', {
        distributionConfig: {
          enabled: true,
          comment: 'haochaping web app',
          defaultRootObject: 'rate.html',
          origins: [
            {
              id: 'site',
              domainName: this.bucket.bucketRegionalDomainName,
              s3OriginConfig: { originAccessIdentity: `origin-access-identity/cloudfront/${identity.originAccessIdentityId}` },
            },
          ],
          // Legacy cache settings: CloudFront in China takes no CachePolicyId. Objects carry their own Cache-Control.
          defaultCacheBehavior: {
            targetOriginId: 'site',
            viewerProtocolPolicy: 'redirect-to-https',
            allowedMethods: ['GET', 'HEAD'],
            cachedMethods: ['GET', 'HEAD'],
            compress: true,
            forwardedValues: { queryString: false },
            minTtl: 0,
            defaultTtl: 86400,
            maxTtl: 31536000,
          },
          customErrorResponses: errorResponses.map((e) => ({
            errorCode: e.httpStatus,
            responseCode: e.responseHttpStatus,
            responsePagePath: e.responsePagePath,
            errorCachingMinTtl: e.ttl.toSeconds(),
          })),
          httpVersion: 'http2',
          ipv6Enabled: false,
          logging: { bucket: this.logs.bucketRegionalDomainName, prefix: 'cloudfront/', includeCookies: false },
          ...(domain
            ? {
                aliases: [domain],
                viewerCertificate: { iamCertificateId: props.iamCertificateId, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
              }
            : { viewerCertificate: { cloudFrontDefaultCertificate: true } }),
        },
      });
      this.distributionDomainName = distribution.attrDomainName;
      if (!domain)
        Annotations.of(this).addWarningV2(
          'haochaping:web-china-domain',
          'CloudFront in the China regions serves no content on *.cloudfront.cn: set publicBaseUrl to an ICP-filed domain and webIamCertificateId to its IAM server certificate (infra/README.md, "Web hosting").',
        );
      acknowledgeEdgeFindings(distribution, !!domain);
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'CloudFront in the AWS China regions has no origin access control; the origin access identity restricts the bucket to this distribution instead.',
      });
    }

    // CDK's deployment handler (Python, run only during deployments) with a role and log group of
    // our own: logs to that group only, no AWS managed policy (like every function of the stack).
    const deployLogs = new LogGroup(this, 'DeployLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const deployRole = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built web app and config.json into the site bucket during deployments',
    });
    deployRole.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [deployLogs.logGroupArn] }));
    const handler = { role: deployRole, logGroup: deployLogs, memoryLimit: 512 };

    // Hashed assets: cached for a year, never pruned (a pad open for days may still ask for last week's chunks).
    const site = props.site ?? builtWebApp();
    const assets = new BucketDeployment(this, 'Assets', {
      ...handler,
      destinationBucket: this.bucket,
      sources: [site],
      include: ['assets/*'],
      exclude: ['*'],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
    });
    // Pages and config.json: revalidated on every load, so a deploy shows at once.
    const pages = new BucketDeployment(this, 'Pages', {
      ...handler,
      destinationBucket: this.bucket,
      sources: [site, Source.jsonData('config.json', props.config), Source.data('404.html', NOT_FOUND_PAGE)],
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [CacheControl.noCache()],
    });
    pages.node.addDependency(assets);
    const deployHandler = stack.node.children.find(
      (c): c is LambdaFunction => c instanceof LambdaFunction && c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!deployHandler) throw new Error('BucketDeployment made no handler function');
    this.deployHandler = deployHandler;
    acknowledgeDeploymentHandler(deployHandler, deployRole);
  }
}

/** Findings of the edge that are choices, with their reasons. */
function acknowledgeEdgeFindings(distribution: Construct, customCertificate: boolean) {
  Validations.of(distribution).acknowledge(
    {
      id: 'AwsSolutions-CFR1',
      reason: 'Citizens rate services from wherever they are (travel, work elsewhere); the content is public pages, so no geo restriction.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'The distribution serves only static files from S3; the API, where the writes are, is throttled by API Gateway and sits on its own origin. A CloudFront WAF web ACL lives in us-east-1 (and in China only regional WAF exists).',
    },
  );
  if (!customCertificate)
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'Without publicBaseUrl + a certificate the distribution uses its default certificate, whose minimum protocol CloudFront fixes; setting webCertificateArn (or webIamCertificateId) enforces TLSv1.2_2021.',
    });
}

/**
 * CDK's BucketDeployment handler and our role for it: its findings, with reasons. The role's
 * policy is completed by CDK (grants on the site and CDK asset buckets), so its wildcard findings
 * are read from that policy when the app is validated (as constructs/nag.ts does for resource
 * names), not written out here.
 */
function acknowledgeDeploymentHandler(handler: LambdaFunction, role: Role) {
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The runtime of CDK’s BucketDeployment handler is chosen by aws-cdk-lib, not by this project; it runs only during deployments.',
  });
  let done = false;
  role.node.addValidation({
    validate: () => {
      if (done) return [];
      done = true;
      const stack = Stack.of(role);
      const ids = new Set<string>();
      for (const policy of role.node.findAll().filter((c): c is CfnPolicy => c instanceof CfnPolicy)) {
        const statements = (stack.resolve(policy.policyDocument) as { Statement?: { Action: string | string[]; Resource: unknown }[] }).Statement ?? [];
        for (const st of statements) {
          for (const action of [st.Action].flat()) if (action.includes('*')) ids.add(`AwsSolutions-IAM5[Action::${action}]`);
          for (const resource of [st.Resource].flat()) {
            const name = nagResource(role, resource);
            if (name.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${name}]`);
          }
        }
      }
      for (const id of ids)
        Validations.of(role).acknowledge({
          id,
          reason:
            'CDK’s BucketDeployment handler copies the app from the CDK asset bucket into the site bucket (object actions on keys known only at deploy time) and writes to its own log group’s streams.',
        });
      return [];
    },
  });
}

/** `https://host` of a URL that may be a deploy-time token (then kept whole: a token URL here is always an origin). */
export const originOf = (url: string) => (Token.isUnresolved(url) ? url : new URL(url).origin);
