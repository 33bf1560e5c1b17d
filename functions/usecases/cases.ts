import { assertCanSee, canSee, type Principal, regionContains } from '../core/access.js';
import { provisionalReason } from '../core/calendar.js';
import { type CaseInput, type CaseRecord, sameCaseContent } from '../core/cases.js';
import { DomainError, type Issue, forbidden, invalid, notFound } from '../core/errors.js';
import { hashPersonalKey } from '../core/identity.js';
import { DEFAULT_RATING_WORKING_DAYS } from '../core/ratings.js';
import { validationError } from '../core/validation.js';
import { loadCalendar } from './calendar.js';
import type { Deps } from './deps.js';
import { caseOwner, caseView, ratingView } from './views.js';

/**
 * An integration client pushes only cases inside its scope: a unit's business system its
 * unit's cases; a venue's devices (a hall's rating pads) cases handled at that venue by a
 * unit that has a window there.
 */
async function assertMayPush(deps: Pick<Deps, 'catalog'>, p: Principal, input: CaseInput) {
  if (p.role !== 'client') return;
  if (p.unitId) {
    if (p.unitId !== input.unitId) throw forbidden();
    return;
  }
  if (p.venueId !== input.venueId) throw forbidden();
  const windows = await deps.catalog.windows(p.venueId!);
  if (!windows.some((w) => w.unitId === input.unitId)) throw invalid('unitId', 'unit_in_venue', '该单位在本场所没有窗口，评价设备不能推送它的办件');
}

/** Every catalog reference exists and agrees: the item and the window belong to the case's unit. */
async function checkReferences(deps: Pick<Deps, 'catalog'>, input: CaseInput) {
  const [unit, item, venue, window] = await Promise.all([
    deps.catalog.get('units', input.unitId),
    deps.catalog.get('items', input.itemCode),
    input.venueId ? deps.catalog.get('venues', input.venueId) : undefined,
    input.venueId && input.windowId ? deps.catalog.get('windows', `${input.venueId}:${input.windowId}`) : undefined,
  ]);
  const issues: Issue[] = [];
  if (!unit) issues.push({ field: 'unitId', rule: 'exists', message: `单位 ${input.unitId} 不在目录中` });
  if (!item) issues.push({ field: 'itemCode', rule: 'exists', message: `事项 ${input.itemCode} 不在目录中` });
  else if (unit && item.unitId !== input.unitId)
    issues.push({ field: 'itemCode', rule: 'item_of_unit', message: `事项 ${input.itemCode} 不属于单位 ${input.unitId}` });
  if (input.venueId && !venue) issues.push({ field: 'venueId', rule: 'exists', message: `场所 ${input.venueId} 不在目录中` });
  if (input.windowId && !window) issues.push({ field: 'windowId', rule: 'exists', message: `窗口 ${input.windowId} 不在该场所中` });
  // A window without a unit is a shared window (综合窗口) that takes every unit's cases.
  else if (unit && window?.unitId && window.unitId !== input.unitId)
    issues.push({ field: 'windowId', rule: 'window_of_unit', message: `窗口 ${input.windowId} 不属于单位 ${input.unitId}` });
  if (issues.length) throw validationError(issues);
  return { unit: unit!, item: item! };
}

/**
 * What an update may not change: whose case it is (the applicant's identity), which unit
 * owns it, and where it was handled (the venue decides which devices may see it).
 */
function assertSameOwner(existing: CaseRecord, input: CaseInput) {
  const changed: Issue[] = [];
  if (existing.unitId !== input.unitId) changed.push({ field: 'unitId', rule: 'immutable', message: '办件的承办单位不能修改' });
  if (existing.applicantKind !== input.applicantKind) changed.push({ field: 'applicantKind', rule: 'immutable', message: '办件的申请人类型不能修改' });
  if (existing.applicant.idType !== input.applicant.idType || existing.applicant.idNumber !== input.applicant.idNumber)
    changed.push({ field: 'applicant.idNumber', rule: 'immutable', message: '办件的申请人不能更换' });
  if (existing.venueId !== input.venueId) changed.push({ field: 'venueId', rule: 'immutable', message: '办件的办理场所不能修改' });
  if (changed.length) throw new DomainError('CONFLICT', `办件 ${input.caseNumber} 已存在，${changed[0]!.message}`, changed);
}

/**
 * Creates or updates a case; a repeat of the same push changes nothing. A case number
 * outside the caller's scope answers exactly what an unknown case answers on GET (404
 * "办件不存在或无权访问") and writes nothing: it neither overwrites nor shows the case.
 */
/** What a push did, and the case as the caller may see it. */
export interface CaseSubmission {
  outcome: 'created' | 'updated' | 'unchanged';
  case: ReturnType<typeof caseView>;
}

export async function submitCase(
  deps: Pick<Deps, 'catalog' | 'cases' | 'calendarStore' | 'clock' | 'config'>,
  p: Principal,
  input: CaseInput,
): Promise<CaseSubmission> {
  await assertMayPush(deps, p, input);
  const { unit, item } = await checkReferences(deps, input);
  const now = deps.clock.now().toISOString();
  for (let attempt = 0; ; attempt++) {
    const existing = await deps.cases.get(input.caseNumber);
    if (existing && !canSee(p, caseOwner(existing))) throw notFound('办件');
    if (existing && sameCaseContent(existing, input)) return { outcome: 'unchanged' as const, case: caseView(p, existing) };
    if (existing) assertSameOwner(existing, input);
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
      return { outcome: existing ? ('updated' as const) : ('created' as const), case: caseView(p, record) };
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= 2) throw e;
    }
  }
}

export async function getCase(deps: Pick<Deps, 'cases' | 'ratings' | 'calendarStore'>, p: Principal, caseNumber: string) {
  const kase = await deps.cases.get(caseNumber);
  assertCanSee(p, kase ? caseOwner(kase) : undefined, '办件');
  const ratings = await deps.ratings.listByCase(caseNumber);
  // The count is the ratings read here: the case item is not rewritten when it is rated.
  return {
    ...caseView(p, { ...kase!, ratingCount: ratings.length }),
    ...(await defaultRatingDueNote(deps, kase!)),
    ratings: ratings.map((r) => ratingView(p, r)),
  };
}

/** Whether the default-rating due date is only provisional: its 7 working days cross a year without holiday data. */
async function defaultRatingDueNote(deps: Pick<Deps, 'calendarStore'>, c: CaseRecord) {
  if (!c.defaultRatingDueAt || !c.completedAt) return {};
  const years = (await loadCalendar(deps.calendarStore)).provisionalYears(c.completedAt, c.defaultRatingDueAt);
  return { defaultRatingDueProvisional: years.length > 0, ...(years.length ? { defaultRatingDueProvisionalReason: provisionalReason(years) } : {}) };
}

/** Which unit's list the caller may read: their own, or (supervisors, admins) a unit they name in their region. */
export async function unitInScope(deps: Pick<Deps, 'catalog'>, p: Principal, unitId: string | undefined): Promise<string> {
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

/** A page of the unit's cases, each with its count of ratings (one batch read of the page's rating keys). */
export async function listCases(deps: Pick<Deps, 'catalog' | 'cases' | 'ratings'>, p: Principal, q: { unitId?: string; cursor?: string; limit?: number }) {
  const unitId = await unitInScope(deps, p, q.unitId);
  const page = await deps.cases.listByUnit(unitId, q);
  const counts = new Map<string, number>();
  for (const r of await deps.ratings.ofCases(page.items.map((c) => c.caseNumber))) counts.set(r.caseNumber, (counts.get(r.caseNumber) ?? 0) + 1);
  return { items: page.items.map((c) => caseView(p, { ...c, ratingCount: counts.get(c.caseNumber) ?? 0 })), next: page.next };
}
