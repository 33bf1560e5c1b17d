import { httpHandler, ok } from '../http/http-handler.js';
import { PAD_ROUTES } from '../http/routes-pad.js';
import { padBoard } from '../usecases/pad.js';
import { onFirstCall } from './bind.js';
import { padHandlerDeps } from './pad-deps.js';

/** A pad polls this every few seconds: an unchanged board answers 304 with no body. */
export const bind = (deps: ReturnType<typeof padHandlerDeps>) =>
  httpHandler(PAD_ROUTES.getCurrentCase, async (req) => {
    const board = await padBoard(deps, req.principal, req.params.venueId, req.params.windowId);
    if (req.headers['if-none-match'] === board.etag) return { status: 304, raw: '', contentType: 'application/json', headers: { etag: board.etag } };
    return { ...ok(board), headers: { etag: board.etag } };
  });
export const handler = onFirstCall(() => bind(padHandlerDeps()));
