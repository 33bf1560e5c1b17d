import { Duration, NestedStack, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS } from '../../functions/http/security-headers.js';
import { type RouteDef, type RouteId, routeList } from '../../functions/http/routes.js';
import { handlerEntry } from '../paths.js';
import { exchangeEnvironment } from './jobs.js';
import { bindCapabilities, type Capabilities } from './binding.js';
import { ProjectFunction, type TableAccess } from './lambda-function.js';

/**
 * Handlers that never touch the table: they do not build `handlerDeps()`
 * (functions/handlers/deps.ts), so they get neither `TABLE_NAME` nor a grant.
 * test/infra checks this list against the handlers' imports.
 */
export const HANDLERS_WITHOUT_TABLE: ReadonlySet<string> = new Set(['health', 'openapi', 'meta', 'me']);

/** GET handlers only read; every other method may write. */
export function tableAccessFor(route: Pick<RouteDef, 'method' | 'handler'>): TableAccess | undefined {
  if (HANDLERS_WITHOUT_TABLE.has(route.handler)) return undefined;
  return route.method === 'GET' ? 'read' : 'readWrite';
}

/** Batch uploads and CSV imports write up to 500 items per request: more memory and time (HTTP API allows 30 s). */
const HEAVY_ROUTES: Partial<Record<RouteId, { memorySize: number; timeout: Duration }>> = {
  batchCases: { memorySize: 1024, timeout: Duration.seconds(29) },
  batchRatings: { memorySize: 1024, timeout: Duration.seconds(29) },
  importCatalog: { memorySize: 1024, timeout: Duration.seconds(29) },
  // Builds a report now: counters, lists, an XLSX workbook (exceljs) and the printable page.
  createReport: { memorySize: 1024, timeout: Duration.seconds(29) },
  // Send to a platform with retries: a day's export (or a replay) waits on the receiver.
  runExchangeExport: { memorySize: 1024, timeout: Duration.seconds(29) },
  replayExchangeBatch: { memorySize: 512, timeout: Duration.seconds(29) },
};

/**
 * The nested stack of each route, by the route's `tag` (functions/http/routes.ts), and the
 * tags each one serves. A route costs about eight resources (function, role, policy, log
 * group, integration, route, invoke permission, error alarm), so the routes live in nested
 * stacks per capability, away from the parent's 500-resource limit; the parent keeps the
 * HTTP API, its stage and authorizer, and what the capabilities share. A tag no stack
 * serves fails synth: put it in one (a new capability, e.g. indicators, gets its own).
 * Moving a tag to another stack replaces its routes; see infra/README.md before doing it
 * on a deployed stack.
 */
export const ROUTE_STACKS = {
  System: ['system'],
  Catalog: ['catalog'],
  Cases: ['cases', 'ratings', 'pad', 'citizen'],
  Calendar: ['calendar'],
  BadReviews: ['bad-reviews', 'task-orders'],
  Notifications: ['notifications'],
  Complaints: ['complaints'],
  Indicators: ['indicators'],
  Reports: ['reports'],
  Exchange: ['exchange'],
} as const satisfies Record<string, readonly string[]>;

export type RouteStackId = keyof typeof ROUTE_STACKS;

/** The nested stack that serves routes of `tag`. */
export function routeStackFor(tag: string): RouteStackId {
  const found = (Object.entries(ROUTE_STACKS) as [RouteStackId, readonly string[]][]).find(([, tags]) => tags.includes(tag));
  if (!found) throw new Error(`No nested stack serves routes tagged '${tag}': add the tag to ROUTE_STACKS (infra/constructs/api.ts)`);
  return found[0];
}

/**
 * Capabilities that call out over HTTP with retries inside the request: `notify` may wait
 * on the SMS webhook (3 attempts of at most 2.5 s, with backoff, before the dead letter),
 * `statusSync` on the national platform (3 attempts of at most 3 s, with backoff: ~11 s).
 */
const SLOW_CAPABILITIES = ['notify', 'statusSync'] as const;

/**
 * The timeout of a route that uses slow capabilities: one of them gets 20 s instead of
 * the default 10 s; a route that may wait on both, one after the other (an approved
 * complaint extension notifies and syncs), gets 29 s — all still under the HTTP API's 30 s.
 */
export function slowRouteTimeout(route: Pick<RouteDef, 'uses'>): Duration | undefined {
  const slow = SLOW_CAPABILITIES.filter((c) => route.uses?.includes(c)).length;
  if (slow === 0) return undefined;
  return Duration.seconds(slow === 1 ? 20 : 29);
}

export interface ApiProps {
  readonly table: ITable;
  /** OIDC issuer URL; must equal the tokens' `iss`. */
  readonly jwtIssuer: string;
  /** Accepted `aud` values. */
  readonly jwtAudience: readonly string[];
  /** Origin of the web app (scheme://host[:port]), allowed by CORS. */
  readonly webOrigin: string;
  /** Settings read by `handlerDeps()`, given to every handler that uses the table. */
  readonly handlerEnvironment: Readonly<Record<string, string>>;
  /** Default stage throttling for the whole API. @default 200 requests/s, burst 400 */
  readonly throttle?: ThrottleSettings;
  /** What routes may `use` besides the table (workflow, files, notify); a route using one not given fails synth. */
  readonly capabilities?: Capabilities;
  /** @default every route of functions/http/routes.ts (tests pass their own) */
  readonly routes?: ReturnType<typeof routeList>;
}

/**
 * The HTTP API: one Lambda per route of functions/http/routes.ts (the same table the
 * local server uses), a JWT authorizer on every non-public route — the role check
 * itself is in the handler — throttling and JSON access logs on the default stage.
 *
 * The API, its stage, access logs and authorizer are in the parent stack; each route's
 * function, route, integration and invoke permission are in the nested stack of its
 * capability ({@link ROUTE_STACKS}), which CDK deploys with the parent (`cdk deploy`).
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** One per route, and `notFound` for the `$default` route. */
  readonly functions: ReadonlyMap<RouteId | 'notFound', ProjectFunction>;
  /** The nested stacks of the routes, by id. */
  readonly routeStacks: ReadonlyMap<RouteStackId, NestedStack>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: '政务服务"好差评" API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowMethods: CORS.methods.map((m) => CorsHttpMethod[m]),
        allowHeaders: [...CORS.headers],
        maxAge: Duration.seconds(CORS.maxAgeSeconds),
      },
    });

    // PRC Cybersecurity Law art. 21: network logs are kept for at least six months.
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No query strings, bodies or tokens: paths carry only business keys.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const jwt = new HttpJwtAuthorizer('Jwt', props.jwtIssuer, { authorizerName: 'oidc', jwtAudience: [...props.jwtAudience] });
    const functions = new Map<RouteId | 'notFound', ProjectFunction>();
    const routeStacks = new Map<RouteStackId, NestedStack>();
    /** Where a stack's route functions go: `Handlers` in the nested stack, made on first use. */
    const handlersIn = (stackId: RouteStackId): Construct => {
      let stack = routeStacks.get(stackId);
      if (!stack) {
        stack = new NestedStack(this, `${stackId}Routes`, { description: `政务服务"好差评" API routes: ${ROUTE_STACKS[stackId].join(', ')}` });
        routeStacks.set(stackId, stack);
      }
      return (stack.node.tryFindChild('Handlers') as Construct | undefined) ?? new Construct(stack, 'Handlers');
    };

    for (const route of props.routes ?? routeList()) {
      const handlers = handlersIn(routeStackFor(route.tag));
      const fn = new ProjectFunction(handlers, route.id, {
        entry: handlerEntry(route.handler),
        description: `${route.method} ${route.path}`,
        timeout: slowRouteTimeout(route),
        ...HEAVY_ROUTES[route.id],
        environment: { PUBLIC_API_URL: this.httpApi.apiEndpoint },
      });
      const access = tableAccessFor(route);
      if (access) {
        fn.bindTable(props.table, access);
        for (const [name, value] of Object.entries(props.handlerEnvironment)) fn.addEnvironment(name, value);
        if (route.tag === 'exchange') for (const [name, value] of Object.entries(exchangeEnvironment(this))) fn.addEnvironment(name, value);
      }
      bindCapabilities(fn, route.uses, props.capabilities ?? {}, `Route ${route.id} (${route.method} ${route.path})`, access);
      functions.set(route.id, fn);

      const isPublic = route.auth === 'public';
      // In the function's stack, with its integration and invoke permission (HttpApi.addRoutes would put them in the API's).
      const httpRoute = new HttpRoute(handlers, `${route.id}Route`, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        authorizer: isPublic ? new HttpNoneAuthorizer() : jwt,
      });
      if (isPublic)
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (${route.summary}): citizens rate after scanning a QR code, and submit an anonymous complaint, then track it or add files to it by its tracking code, and rate the one case a signed, expiring rating invitation is bound to, without signing in; health and the OpenAPI document carry no data.`,
        });
    }
    // Unknown paths and methods: a 404 in the API's error envelope instead of API Gateway's own body.
    const system = handlersIn(routeStackFor('system'));
    const notFound = new ProjectFunction(system, 'notFound', { entry: handlerEntry('not-found'), description: '$default: 404 for unknown routes' });
    const defaultRoute = new HttpRoute(system, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFoundIntegration', notFound),
    });
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'The $default route only answers 404 for paths the API does not have; it reads no data.',
    });
    functions.set('notFound', notFound);
    this.functions = functions;
    this.routeStacks = routeStacks;
  }

  /** The API's base URL (default stage). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
