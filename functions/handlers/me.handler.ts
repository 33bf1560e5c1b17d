import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';

export const handler = httpHandler(ROUTES.me, async (req) => ok(req.principal));
