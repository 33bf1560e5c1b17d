import type { RouteDef } from '../../functions/http/routes.js';
import type { ProjectFunction, TableAccess } from './lambda-function.js';

/** What a function may use besides the table: the names routes give in `uses` (functions/http/routes.ts). */
export type Capability = NonNullable<RouteDef['uses']>[number];

/**
 * A capability that can be handed to a function: like `bindTable`, one call sets the
 * function's environment variables and grants exactly the IAM actions they need.
 */
export interface FunctionBinder {
  /** `access: 'read'` asks for the reading half where the capability has one (evidence files); default readWrite. */
  bind(fn: ProjectFunction, access?: TableAccess): void;
}

/** The capabilities the stack offers, by name. */
export type Capabilities = Readonly<Partial<Record<Capability, FunctionBinder>>>;

/** Binds every capability in `uses`; a missing one is a wiring error and fails synth. */
export function bindCapabilities(
  fn: ProjectFunction,
  uses: readonly Capability[] | undefined,
  capabilities: Capabilities,
  what: string,
  access: TableAccess = 'readWrite',
): void {
  for (const use of new Set(uses ?? [])) {
    const binder = capabilities[use];
    if (!binder) throw new Error(`${what} uses '${use}', but the stack passed no such capability`);
    binder.bind(fn, access);
  }
}
