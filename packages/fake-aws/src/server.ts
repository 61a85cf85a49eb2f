import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPlainObject } from '@iamlint/core';
import { JsonParams, type Call, type JsonHandler, type QueryHandler } from './call.js';
import { IAM_NAMESPACE, iamHandlers } from './iam.js';
import { identityStoreHandlers, invalidIdentityCenterInput, ssoAdminHandlers } from './identity-center.js';
import { invalidOrganizationsInput, organizationsHandlers } from './organizations.js';
import { ApiError, jsonErrorBody, QueryParams, queryErrorXml, queryResponseXml, type XmlObject } from './protocol.js';
import { QUIRK_NAMES, QUIRKS } from './quirk-catalog.js';
import { DEFAULT_UNIMPLEMENTED, unimplementedPage, worldWithQuirks } from './quirks.js';
import { FakeState, type Principal } from './state.js';
import { STS_NAMESPACE, stsHandlers } from './sts.js';
import type { FakeAws, FakeAwsOptions, FakeService, Fault, RecordedCall } from './types.js';

type QueryService = 'iam' | 'sts';
type JsonService = Exclude<FakeService, QueryService>;

const QUERY_VERSIONS: Record<string, QueryService> = { '2010-05-08': 'iam', '2011-06-15': 'sts' };
const JSON_TARGETS: Record<string, JsonService> = { AWSOrganizationsV20161128: 'organizations', SWBExternalService: 'sso', AWSIdentityStore: 'identitystore' };
const NAMESPACES: Record<QueryService, string> = { iam: IAM_NAMESPACE, sts: STS_NAMESPACE };
const QUERY_HANDLERS: Record<QueryService, Record<string, QueryHandler>> = { iam: iamHandlers, sts: stsHandlers };
const JSON_HANDLERS: Record<JsonService, Record<string, JsonHandler>> = { organizations: organizationsHandlers, sso: ssoAdminHandlers, identitystore: identityStoreHandlers };

type Routed =
  | { protocol: 'query'; service: QueryService; action: string; params: QueryParams }
  | { protocol: 'json'; service: JsonService; action: string; params: JsonParams };

function invalidJsonInput(service: JsonService): (message: string) => ApiError {
  return service === 'organizations' ? invalidOrganizationsInput : invalidIdentityCenterInput;
}

/** Marks a body that is not a JSON object, answered with SerializationException once the action is known. */
const SERIALIZATION_ERROR = '__fakeAwsSerializationError';

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function route(headers: IncomingMessage['headers'], body: string, scopeService: string | undefined): Routed | undefined {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', action = ''] = target.split('.');
    const service = JSON_TARGETS[prefix] ?? Object.values(JSON_TARGETS).find((candidate) => candidate === scopeService);
    if (!service) return undefined;
    const parsed = parseJsonObject(body);
    return {
      protocol: 'json',
      service,
      action: JSON_TARGETS[prefix] ? action : target,
      params: new JsonParams(parsed ?? { [SERIALIZATION_ERROR]: true }, invalidJsonInput(service)),
    };
  }
  const form = new URLSearchParams(body);
  const service = QUERY_VERSIONS[form.get('Version') ?? ''] ?? (scopeService === 'iam' || scopeService === 'sts' ? scopeService : undefined);
  if (!service) return undefined;
  return { protocol: 'query', service, action: form.get('Action') ?? '', params: new QueryParams(new Map(form)) };
}

/** AWS's error for each fault kind, in the service's own vocabulary. */
function faultError(kind: Fault['error'], routed: Routed, caller: Principal | undefined): ApiError {
  const { service, action } = routed;
  // The service names double as IAM action prefixes (iam:, sts:, organizations:, sso:, identitystore:).
  const denied = `User: ${caller?.arn ?? 'anonymous'} is not authorized to perform: ${service}:${action} on resource: * because no identity-based policy allows the ${service}:${action} action`;
  if (routed.protocol === 'query') {
    switch (kind) {
      case 'AccessDenied': return new ApiError('AccessDenied', denied, 403);
      case 'Throttling': return new ApiError('Throttling', 'Rate exceeded', 400);
      case 'ServiceUnavailable': return new ApiError('ServiceUnavailable', 'Service is unable to handle request.', 503);
      case 'InternalFailure': return new ApiError('InternalFailure', 'An internal error occurred. Try again.', 500);
      case 'NoSuchEntity': return new ApiError('NoSuchEntity', 'The request was rejected because it referenced an entity that does not exist.', 404);
    }
  }
  const organizations = service === 'organizations';
  switch (kind) {
    case 'AccessDenied': return new ApiError('AccessDeniedException', organizations ? "You don't have permissions to access this resource." : denied);
    case 'Throttling': return organizations ? new ApiError('TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress. Try again later.', 400, { Type: 'RATE_LIMIT' }) : new ApiError('ThrottlingException', 'Rate exceeded');
    case 'ServiceUnavailable': return new ApiError('ServiceUnavailable', 'Service is unable to handle request.', 503);
    case 'InternalFailure': return organizations ? new ApiError('ServiceException', 'AWS Organizations can\'t complete your request because of an internal service error. Try again later.', 500) : new ApiError('InternalServerException', 'The request processing has failed because of an unknown error, exception, or failure with an internal server.', 500);
    case 'NoSuchEntity': return organizations ? new ApiError('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.") : new ApiError('ResourceNotFoundException', 'The specified resource does not exist.');
  }
}

/** Token bucket per (account, service): capacity and refill are both ratePerSecond. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly rate: number) {}

  take(key: string): boolean {
    const now = performance.now() / 1000;
    const bucket = this.buckets.get(key) ?? { tokens: this.rate, at: now };
    bucket.tokens = Math.min(this.rate, bucket.tokens + (now - bucket.at) * this.rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

function matchingFault(state: FakeState, faults: readonly Fault[], service: FakeService, action: string, accountId: string): Fault | undefined {
  for (const fault of faults) {
    if (fault.service !== undefined && fault.service !== service) continue;
    if (fault.action !== undefined && fault.action !== action) continue;
    if (fault.accountId !== undefined && fault.accountId !== accountId) continue;
    const used = state.faultsUsed.get(fault) ?? 0;
    if (fault.times !== undefined && used >= fault.times) continue;
    state.faultsUsed.set(fault, used + 1);
    return fault;
  }
  return undefined;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function checkOptions(options: FakeAwsOptions): void {
  const checks: Array<[keyof FakeAwsOptions, number | undefined, number]> = [
    ['pageSize', options.pageSize, 1],
    ['ratePerSecond', options.ratePerSecond, 1],
    ['latencyMs', options.latencyMs, 0],
    ['credentialReportPolls', options.credentialReportPolls, 0],
    ['lastAccessedPolls', options.lastAccessedPolls, 0],
  ];
  for (const [name, value, minimum] of checks) {
    if (value !== undefined && !(Number.isFinite(value) && value >= minimum)) {
      throw new Error(`fake-aws: ${name} must be a number ≥ ${minimum}, got ${value}`);
    }
  }
}

const CREDENTIAL_SCOPE = /Credential=([A-Z0-9]+)\/[0-9]{8}\/[a-z0-9-]+\/([a-z0-9-]+)\/aws4_request/;

/** Starts a local server speaking IAM, STS, Organizations, IAM Identity Center and Identity Store over `world`. */
export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  checkOptions(options);
  const quirks = new Set(options.quirks ?? []);
  for (const quirk of quirks) if (!(quirk in QUIRKS)) throw new Error(`fake-aws: unknown quirk "${quirk}" (known: ${QUIRK_NAMES.join(', ')})`);
  const state = new FakeState(worldWithQuirks(options.world, quirks), options);
  const unimplemented = new Set(quirks.has('html-for-unimplemented') ? (options.unimplemented ?? DEFAULT_UNIMPLEMENTED) : []);
  const calls: RecordedCall[] = [];
  const limiter = options.ratePerSecond !== undefined ? new RateLimiter(options.ratePerSecond) : undefined;
  const pageSize = options.pageSize ?? 100;
  const latencyMs = options.latencyMs ?? 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const requestId = randomUUID();
    const authorization = request.headers.authorization ?? '';
    const scope = CREDENTIAL_SCOPE.exec(authorization);
    const routed = route(request.headers, body, scope?.[2]);

    const send = async (status: number, contentType: string, text: string) => {
      if (latencyMs > 0) await sleep(latencyMs);
      response.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };

    if (!routed) {
      await send(400, 'text/xml', queryErrorXml(IAM_NAMESPACE, new ApiError('InvalidAction', 'Could not find operation: the request names no known AWS service.'), requestId));
      return;
    }

    const record: RecordedCall = {
      service: routed.service,
      action: routed.action,
      accountId: '',
      params: routed.protocol === 'query' ? routed.params.toRecord() : routed.params.body,
      status: 0,
    };
    calls.push(record);

    const fail = (error: ApiError) => {
      record.status = error.status;
      record.error = error.code;
      return routed.protocol === 'query'
        ? send(error.status, 'text/xml', queryErrorXml(NAMESPACES[routed.service], error, requestId))
        : send(error.status, 'application/x-amz-json-1.1', jsonErrorBody(error));
    };

    const json = routed.protocol === 'json';
    if (!scope) {
      await fail(new ApiError(json ? 'MissingAuthenticationTokenException' : 'MissingAuthenticationToken', 'Request is missing Authentication Token', 403));
      return;
    }
    const principal = state.principalFor(scope[1] as string, request.headers['x-amz-security-token'] as string | undefined);
    if (!principal) {
      await fail(new ApiError(json ? 'UnrecognizedClientException' : 'InvalidClientTokenId', 'The security token included in the request is invalid.', 403));
      return;
    }
    record.accountId = principal.accountId;
    if (scope[2] !== routed.service) {
      await fail(new ApiError(json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch', `Credential should be scoped to correct service: '${routed.service}'. `, 403));
      return;
    }
    if (limiter && !limiter.take(`${principal.accountId}/${routed.service}`)) {
      await fail(faultError('Throttling', routed, principal));
      return;
    }
    const fault = matchingFault(state, options.faults ?? [], routed.service, routed.action, principal.accountId);
    if (fault) {
      await fail(faultError(fault.error, routed, principal));
      return;
    }

    const handlers: Record<string, unknown> = routed.protocol === 'query' ? QUERY_HANDLERS[routed.service] : JSON_HANDLERS[routed.service];
    if (quirks.has('html-for-unimplemented') && (unimplemented.has(`${routed.service}:${routed.action}`) || !handlers[routed.action])) {
      record.status = 404;
      record.error = 'NotImplemented';
      await send(404, 'text/html; charset=utf-8', unimplementedPage(routed.action));
      return;
    }
    const mutate = (body: Record<string, unknown>) =>
      options.mutate ? options.mutate({ service: routed.service, action: routed.action, accountId: principal.accountId, body }) : body;

    const account = state.accounts.get(principal.accountId);
    if (!account) throw new Error(`fake-aws: credentials for ${principal.accountId}, which has no account file`);
    const common = { state, caller: principal, accountId: principal.accountId, account, action: routed.action, pageSize };
    try {
      if (routed.protocol === 'query') {
        const handler = QUERY_HANDLERS[routed.service][routed.action];
        if (!handler) throw new ApiError('InvalidAction', `The action ${routed.action} is not valid for this web service.`);
        const result = mutate(handler({ ...common, params: routed.params } satisfies Call<QueryParams>)) as XmlObject;
        record.status = 200;
        await send(200, 'text/xml', queryResponseXml(routed.action, NAMESPACES[routed.service], result, requestId));
      } else {
        const handler = JSON_HANDLERS[routed.service][routed.action];
        if (!handler) throw new ApiError('UnknownOperationException', `Unknown operation ${routed.action}`);
        if (routed.params.body[SERIALIZATION_ERROR]) throw new ApiError('SerializationException', 'The request body is not a JSON object.');
        const result = mutate(handler({ ...common, params: routed.params } satisfies Call<JsonParams>));
        record.status = 200;
        await send(200, 'application/x-amz-json-1.1', JSON.stringify(result));
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await fail(error);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in the fake must not look like an AWS answer: say so plainly.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake-aws internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { ...state.callerKeys },
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
