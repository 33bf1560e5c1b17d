import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag names a resource in a finding such as `AwsSolutions-IAM5[Resource::…]`:
 * the resolved value with `Ref` as `<Id>`, `Fn::GetAtt` as `<Id.Attr>` and `Fn::Join`
 * joined (cdk-nag's flattenCfnReference). Acknowledgements must use the exact text, and
 * for an ARN built with `Stack.formatArn` that text depends on whether the stack has a
 * region and account (literals) or not (`<AWS::Region>`), so it is computed, not written.
 */
export function nagResource(scope: IConstruct, value: unknown): string {
  const visit = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
    const o = node as Record<string, unknown>;
    if (o['Fn::Join']) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (o['Fn::Sub']) return visit(o['Fn::Sub']);
    if (o['Fn::GetAtt']) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (o['Fn::ImportValue']) return visit(o['Fn::ImportValue']);
    if (o.Ref) return `<${visit(o.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}

/**
 * Acknowledges `AwsSolutions-IAM5[Resource::<resource>]` on `construct`, naming the resource
 * as its own template will. A resource of another stack — the parent's table or bucket seen
 * from a nested stack — appears there as the parameter CDK creates for it, and CDK creates
 * that parameter only when it prepares the app for synthesis. So the text is computed then:
 * in the construct tree's validation, which runs after references are resolved and before
 * the cdk-nag plugin reads the acknowledgements.
 */
export function acknowledgeResourceFinding(construct: IConstruct, resource: string, reason: string): void {
  let done = false;
  construct.node.addValidation({
    validate: () => {
      if (!done) Validations.of(construct).acknowledge({ id: `AwsSolutions-IAM5[Resource::${nagResource(construct, resource)}]`, reason });
      done = true;
      return [];
    },
  });
}
