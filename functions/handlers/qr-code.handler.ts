import { httpHandler } from '../http/http-handler.js';
import { renderQr } from '../http/qr.js';
import { fileReply } from '../http/replies.js';
import { CATALOG_ROUTES } from '../http/routes-catalog.js';
import { qrCode } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CATALOG_ROUTES.qrCode, (req) => qrCode(deps, req.params.venueId, req.query.window, req.query.format).then(renderQr).then(fileReply));
export const handler = onFirstCall(() => bind(handlerDeps()));
