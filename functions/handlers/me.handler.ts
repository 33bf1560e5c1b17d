import { httpHandler, ok } from '../http/http-handler.js';
import { SYSTEM_ROUTES } from '../http/routes-system.js';

export const handler = httpHandler(SYSTEM_ROUTES.me, async (req) => ok(req.principal));
