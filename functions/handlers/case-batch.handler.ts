import { CaseInput } from '../core/cases.js';
import { parseOrThrow } from '../core/validation.js';
import { httpHandler } from '../http/http-handler.js';
import { batchReply, caseReply } from '../http/replies.js';
import { CASE_ROUTES } from '../http/routes-cases.js';
import { submitCase } from '../usecases/cases.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

/** Each case is parsed and pushed on its own: a bad one gets its own 400, the rest go in. */
export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CASE_ROUTES.batchCases, (req) =>
    batchReply(req.body.cases, async (c) => caseReply(await submitCase(deps, req.principal, parseOrThrow(CaseInput, c)))),
  );
export const handler = onFirstCall(() => bind(handlerDeps()));
