import { httpHandler } from '../http/http-handler.js';
import { renderQr } from '../http/qr.js';
import { fileReply } from '../http/replies.js';
import { ROUTES } from '../http/routes.js';
import { qrCode } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(ROUTES.qrCode, (req) => qrCode(deps, req.params.venueId, req.query.window, req.query.format).then(renderQr).then(fileReply));
export const handler = onFirstCall(() => bind(handlerDeps()));
