import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configFromContext } from './config.js';
import { HaochapingStack } from './stack.js';

/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy`). Settings come from context (cdk.json,
 * overridable with `-c key=value`); account and region from the CLI's environment, so
 * synth works offline and without credentials (the stack is then environment-agnostic).
 */
const app = new App();

new HaochapingStack(app, 'Haochaping', {
  description: '政务服务"好差评" — government service good/bad review and complaint handling',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  config: configFromContext(app.node),
});
Tags.of(app).add('project', 'haochaping');

// cdk-nag 3: any finding not acknowledged (with its reason) next to the resource fails synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
