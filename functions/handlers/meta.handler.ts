import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { pageRules } from '../usecases/meta.js';

export const handler = httpHandler(ROUTES.meta, async () => ok(pageRules()));
