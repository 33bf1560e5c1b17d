import { httpHandler, ok } from '../http/http-handler.js';
import { openApiDocument } from '../http/openapi.js';
import { SYSTEM_ROUTES } from '../http/routes-system.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: { config: { publicApiUrl?: string } }) =>
  httpHandler(SYSTEM_ROUTES.openapi, async () => ok(openApiDocument(deps.config.publicApiUrl)));
export const handler = onFirstCall(() => bind({ config: { publicApiUrl: process.env.PUBLIC_API_URL } }));
