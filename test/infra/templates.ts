import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

type Json = Record<string, any>;

/** A stack of the app and its synthesized template: the parent and each nested stack. */
export interface StackTemplate {
  readonly path: string;
  readonly stack: Stack;
  readonly template: Json;
  readonly resourceCount: number;
}

const toArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** The nested stacks whose parent is `stack` (not their own nested stacks). */
const nestedStacksOf = (stack: Stack): Stack[] => stack.node.findAll().filter((c): c is Stack => Stack.isStack(c) && c.nestedStackParent === stack);

/** `stack` and every stack nested in it, depth first, each with its own template. */
export function stackTemplates(stack: Stack): StackTemplate[] {
  const template = Template.fromStack(stack).toJSON();
  const own = { path: stack.node.path, stack, template, resourceCount: Object.keys(template.Resources ?? {}).length };
  return [own, ...nestedStacksOf(stack).flatMap(stackTemplates)];
}

/** Replaces, depth first, every node `replace` returns a value for. */
function substitute(node: unknown, replace: (o: Json) => unknown): any {
  if (Array.isArray(node)) return node.map((n) => substitute(n, replace));
  if (node === null || typeof node !== 'object') return node;
  const replaced = replace(node as Json);
  if (replaced !== undefined) return replaced;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, replace)]));
}

/**
 * One template as if the nested stacks' resources were the parent's own, so assertions
 * read the app's resources wherever a stack boundary puts them:
 * - a nested template's `Ref` to one of its parameters becomes the value the parent
 *   passes (`{ Ref: <table> }`, `{ Fn::GetAtt: [<bucket>, Arn] }`, …);
 * - the parent's `Fn::GetAtt: [<nested stack>, Outputs.X]` becomes that output's value;
 * - what the nested stack resource depends on, each of its resources depends on (it is
 *   created after it) — e.g. functions that start executions after the state machine.
 * Logical ids are kept (a nested stack's ids are its own); the same id in two stacks fails.
 */
export function flattenedTemplate(stack: Stack): Json {
  const template = structuredClone(Template.fromStack(stack).toJSON());
  const resources = template.Resources as Record<string, Json>;
  const outputs = new Map<string, Record<string, Json>>();
  for (const nested of nestedStacksOf(stack)) {
    const resourceId = stack.getLogicalId(nested.nestedStackResource as CfnElement);
    const stackResource = resources[resourceId];
    if (!stackResource) throw new Error(`${nested.node.path}: no ${resourceId} in ${stack.node.path}`);
    const parameters = (stackResource.Properties?.Parameters ?? {}) as Json;
    const fromParent = (n: unknown) => substitute(n, (o) => (typeof o.Ref === 'string' && Object.hasOwn(parameters, o.Ref) ? parameters[o.Ref] : undefined));
    const inner = flattenedTemplate(nested);
    const after = toArray((stackResource.DependsOn ?? []) as string | string[]);
    for (const [id, resource] of Object.entries(fromParent(inner.Resources ?? {}) as Record<string, Json>)) {
      if (Object.hasOwn(resources, id)) throw new Error(`Logical id ${id} is in ${nested.node.path} and in its parent`);
      if (after.length) resource.DependsOn = [...new Set([...toArray(resource.DependsOn ?? []), ...after])];
      resources[id] = resource;
    }
    outputs.set(resourceId, fromParent(inner.Outputs ?? {}));
  }
  const fromNested = (n: unknown) =>
    substitute(n, (o) => {
      const [id, attribute] = (o['Fn::GetAtt'] ?? []) as [string?, string?];
      return id && outputs.has(id) && attribute?.startsWith('Outputs.') ? outputs.get(id)![attribute.slice('Outputs.'.length)]?.Value : undefined;
    });
  template.Resources = fromNested(resources);
  if (template.Outputs) template.Outputs = fromNested(template.Outputs);
  return template;
}
