/**
 * The detail answers name what the caller may do now (`actions`, from the server's rules):
 * plain names (`verify`) and numbered ones for task orders and escalations
 * (`acknowledgeTaskOrder:2`). Pages show a form only when its action is listed.
 */
export const can = (actions: readonly string[] | undefined, name: string) => !!actions?.includes(name);

/** The numbers a numbered action is allowed for, e.g. numbered(['completeTaskOrder:1'], 'completeTaskOrder') → [1]. */
export const numbered = (actions: readonly string[] | undefined, name: string) =>
  (actions ?? []).filter((a) => a.startsWith(`${name}:`)).map((a) => Number(a.slice(name.length + 1)));

export const canFor = (actions: readonly string[] | undefined, name: string, n: number) => can(actions, `${name}:${n}`);
