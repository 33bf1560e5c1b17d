import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';

export const handler = httpHandler(ROUTES.health, async () => ok({ status: 'ok', time: new Date().toISOString() }));
