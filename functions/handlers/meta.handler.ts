import { httpHandler, ok } from '../http/http-handler.js';
import { SYSTEM_ROUTES } from '../http/routes-system.js';
import { pageRules } from '../usecases/meta.js';

export const handler = httpHandler(SYSTEM_ROUTES.meta, async () => ok(pageRules()));
