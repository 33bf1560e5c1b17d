import * as z from 'zod/mini';
import { forbidden, notFound } from './errors.js';

/** Roles (角色). `client` is an integration client: a business system, hall device or connector. */
export const Role = z.enum(['citizen', 'staff', 'leader', 'supervisor', 'admin', 'client']);
export type Role = z.infer<typeof Role>;

/** Who is calling, read from verified JWT claims (API Gateway authorizer in AWS, the local issuer locally). */
export interface Principal {
  sub: string;
  role: Role;
  /** Unit (单位) of staff, leaders and unit-scoped clients. */
  unitId?: string;
  /** Region (行政区划) of supervisors. */
  regionCode?: string;
  /** Venue (场所) of venue-scoped clients such as a hall's rating pads. */
  venueId?: string;
  /** Window (窗口) a venue client is bound to: a hall pad (评价器) sees only its own window's current case. */
  windowId?: string;
  /** Salted hash of a citizen's ID number: links them to their own ratings. */
  personKey?: string;
  /** The platform a connector client speaks for, e.g. `national` (全国一体化政务服务平台): it may transfer complaints. */
  platform?: string;
  name?: string;
}

const ClaimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  role: Role,
  unit_id: z.optional(z.string()),
  region_code: z.optional(z.string()),
  venue_id: z.optional(z.string()),
  window_id: z.optional(z.string()),
  person_key: z.optional(z.string()),
  platform: z.optional(z.string()),
  name: z.optional(z.string()),
});

/** Builds the principal from JWT claims; null when the claims are missing or malformed. */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal | null {
  const parsed = ClaimsSchema.safeParse(claims ?? {});
  if (!parsed.success) return null;
  const c = parsed.data;
  const p: Principal = {
    sub: c.sub,
    role: c.role,
    unitId: c.unit_id,
    regionCode: c.region_code,
    venueId: c.venue_id,
    windowId: c.window_id,
    personKey: c.person_key,
    platform: c.platform,
    name: c.name,
  };
  if ((p.role === 'staff' || p.role === 'leader') && !p.unitId) return null;
  if (p.role === 'supervisor' && !p.regionCode) return null;
  if (p.role === 'client' && !p.unitId && !p.venueId && !p.platform) return null;
  if (p.role === 'citizen' && !p.personKey) return null;
  if (p.windowId && !p.venueId) return null;
  return p;
}

/**
 * The prefix every descendant code of a region shares (行政区划 hierarchy):
 * 410000 → 41, 410400 → 4104, 410421 → 410421, 410421001 (township) → itself.
 */
export function regionPrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export const regionContains = (ancestor: string, code: string) => code.startsWith(regionPrefix(ancestor));

/**
 * A region code and every code that contains it, nearest first (the codes `regionContains`
 * says yes to): 410421101201 → 410421101, 410421, 410400, 410000; 410400 → 410000.
 */
export function regionAncestors(code: string): string[] {
  const parent =
    code.length > 6
      ? code.slice(0, code.length === 12 ? 9 : 6)
      : code.endsWith('0000')
        ? undefined
        : code.endsWith('00')
          ? `${code.slice(0, 2)}0000`
          : `${code.slice(0, 4)}00`;
  return [code, ...(parent ? regionAncestors(parent) : [])];
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) throw forbidden();
}

/** What a record needs to say about itself so ownership can be checked. */
export interface Owned {
  unitId: string;
  regionCode: string;
  venueId?: string;
  personKey?: string;
}

/** True when the principal may see the record. */
export function canSee(p: Principal, r: Owned): boolean {
  switch (p.role) {
    case 'admin':
      return true;
    case 'supervisor':
      return regionContains(p.regionCode!, r.regionCode);
    case 'staff':
    case 'leader':
      return p.unitId === r.unitId;
    case 'client':
      return p.unitId ? p.unitId === r.unitId : p.venueId === r.venueId;
    case 'citizen':
      return !!r.personKey && p.personKey === r.personKey;
  }
}

/** Throws a 404 (not a 403) so a caller cannot learn that another unit's record exists. */
export function assertCanSee(p: Principal, r: Owned | undefined, what: string): asserts r is Owned {
  if (!r || !canSee(p, r)) throw notFound(what);
}
