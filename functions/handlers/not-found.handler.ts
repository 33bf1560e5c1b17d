import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../core/errors.js';
import { errorResponse } from '../http/http-handler.js';

/**
 * The API's `$default` route: a path or method the route table does not have answers 404
 * in the one error envelope (API Gateway's own answer would be `{"message":"Not Found"}`).
 */
export const handler = async (event: APIGatewayProxyEventV2) =>
  errorResponse(new DomainError('NOT_FOUND', `没有这个地址：${event.requestContext?.http?.method ?? ''} ${(event.rawPath ?? '').slice(0, 200)}`));
