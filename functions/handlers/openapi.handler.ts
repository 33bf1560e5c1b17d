import { httpHandler, ok } from '../http/http-handler.js';
import { openApiDocument } from '../http/openapi.js';
import { ROUTES } from '../http/routes.js';

export const handler = httpHandler(ROUTES.openapi, async () => ok(openApiDocument(process.env.PUBLIC_API_URL)));
