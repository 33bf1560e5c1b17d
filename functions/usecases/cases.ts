import { assertCanSee, type Principal, regionContains } from '../core/access.js';
import { CaseInput, type CaseRecord, sameCaseContent } from '../core/cases.js';
import { DomainError, type Issue, forbidden, invalid, notFound } from '../core/errors.js';
import { hashPersonalKey } from '../core/identity.js';
import { DEFAULT_RATING_WORKING_DAYS } from '../core/ratings.js';
import { ok, parseOrThrow, type Reply, validationError } from '../http/http-handler.js';
import { perItem } from './batch.js';
import { loadCalendar } from './calendar.js';
import type { Deps } from './deps.js';
import { caseOwner, caseView, ratingView } from './views.js';

/** An integration client pushes only its own unit's (or venue's) cases. */
function assertMayPush(p: Principal, input: CaseInput) {
  if (p.role !== 'client') return;
  if (p.unitId ? p.unitId !== input.unitId : p.venueId !== input.venueId) throw forbidden();
}

async function checkReferences(deps: Deps, input: CaseInput) {
  const [unit, item, venue, window] = await Promise.all([
    deps.catalog.get('units', input.unitId),
    deps.catalog.get('items', input.itemCode),
    input.venueId ? deps.catalog.get('venues', input.venueId) : undefined,
    input.venueId && input.windowId ? deps.catalog.get('windows', `${input.venueId}:${input.windowId}`) : undefined,
  ]);
  const issues: Issue[] = [];
  if (!unit) issues.push({ field: 'unitId', rule: 'exists', message: `单位 ${input.unitId} 不在目录中` });
  if (!item) issues.push({ field: 'itemCode', rule: 'exists', message: `事项 ${input.itemCode} 不在目录中` });
  if (input.venueId && !venue) issues.push({ field: 'venueId', rule: 'exists', message: `场所 ${input.venueId} 不在目录中` });
  if (input.windowId && !window) issues.push({ field: 'windowId', rule: 'exists', message: `窗口 ${input.windowId} 不在该场所中` });
  if (issues.length) throw validationError(issues);
  return { unit: unit!, item: item! };
}

/** Creates or updates a case; a repeat of the same push changes nothing. */
export async function submitCase(deps: Deps, p: Principal, input: CaseInput): Promise<Reply> {
  assertMayPush(p, input);
  const { unit, item } = await checkReferences(deps, input);
  const now = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    const existing = await deps.cases.get(input.caseNumber);
    if (existing && existing.unitId !== input.unitId) throw notFound('办件'); // another unit's case number: reveal nothing
    if (existing && sameCaseContent(existing, input)) return ok({ outcome: 'unchanged', case: caseView(p, existing) });
    const calendar = await loadCalendar(deps.calendarStore);
    const record: CaseRecord = {
      ...input,
      regionCode: unit.regionCode,
      itemName: item.name,
      personKey: hashPersonalKey(input.applicant.idNumber, deps.config.personKeySalt),
      ratingCount: existing?.ratingCount ?? 0,
      ...(input.status === 'completed' && input.completedAt
        ? { defaultRatingDueAt: calendar.deadlineAfter(input.completedAt, DEFAULT_RATING_WORKING_DAYS) }
        : {}),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      version: (existing?.version ?? 0) + 1,
    };
    try {
      await deps.cases.save(record, existing?.version ?? 0);
      return ok({ outcome: existing ? 'updated' : 'created', case: caseView(p, record) }, existing ? 200 : 201);
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= 2) throw e;
    }
  }
}

export const submitCases = (deps: Deps, p: Principal, cases: unknown[]) =>
  perItem(cases, (c) => submitCase(deps, p, parseOrThrow(CaseInput, c)));

export async function getCase(deps: Deps, p: Principal, caseNumber: string): Promise<Reply> {
  const kase = await deps.cases.get(caseNumber);
  assertCanSee(p, kase ? caseOwner(kase) : undefined, '办件');
  const ratings = await deps.ratings.listByCase(caseNumber);
  return ok({ ...caseView(p, kase!), ratings: ratings.map((r) => ratingView(p, r)) });
}

/** Which unit's list the caller may read: their own, or (supervisors, admins) a unit they name in their region. */
export async function unitInScope(deps: Deps, p: Principal, unitId: string | undefined): Promise<string> {
  if (p.role === 'staff' || p.role === 'leader' || (p.role === 'client' && p.unitId)) {
    if (unitId && unitId !== p.unitId) throw notFound('单位');
    return p.unitId!;
  }
  if (p.role !== 'supervisor' && p.role !== 'admin') throw forbidden();
  if (!unitId) throw invalid('query.unitId', 'required', '请指定单位');
  const unit = await deps.catalog.get('units', unitId);
  if (!unit || (p.role === 'supervisor' && !regionContains(p.regionCode!, unit.regionCode))) throw notFound('单位');
  return unitId;
}

export async function listCases(deps: Deps, p: Principal, q: { unitId?: string; cursor?: string; limit?: number }): Promise<Reply> {
  const unitId = await unitInScope(deps, p, q.unitId);
  const page = await deps.cases.listByUnit(unitId, q);
  return ok({ items: page.items.map((c) => caseView(p, c)), next: page.next });
}

