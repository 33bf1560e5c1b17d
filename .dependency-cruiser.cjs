/**
 * The layering, checked in `npm test` (`npm run lint:layers`). Read "A → B" as "A may import B".
 *
 *   core/, supervision/model     → themselves, zod, Node built-ins (and the holiday data JSON)
 *   ports/, supervision/ports    → core (types only in practice)
 *   usecases/, supervision/engine → core, ports, supervision, observability.ts (the one logger)
 *   adapters/                    → core, ports, observability.ts, SDKs — never http/, usecases/, handlers/
 *   http/                        → core, usecases' types, observability.ts — never adapters/ or handlers/
 *   handlers/, local/            → composition roots: anything in functions/
 * and no import cycles anywhere.
 */
const FN = '^functions/';
const CORE = `${FN}(core/|supervision/model)`;
const PORTS = `${FN}(ports/|supervision/ports)`;
const USECASES = `${FN}(usecases/|supervision/)`;
const LOGGER = `${FN}observability\\.ts$`;

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Import cycles make layering meaningless and init order fragile.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'The domain core imports only itself, zod and Node built-ins (plus the holiday data, which is JSON).',
      from: { path: CORE },
      to: { pathNot: [CORE, '^node_modules/zod/'], dependencyTypesNot: ['core', 'type-only'] },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      comment: 'Ports describe what use cases need; they depend on the core only.',
      from: { path: PORTS },
      to: { pathNot: [CORE, PORTS, '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'usecases-over-ports',
      severity: 'error',
      comment: 'Use cases import only core, ports, other use cases and the one logger; they return domain results (HTTP is made in http/).',
      from: { path: `${FN}usecases/` },
      to: { pathNot: [CORE, PORTS, USECASES, LOGGER, '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'supervision-core-over-ports',
      severity: 'error',
      comment: 'The supervision core is shared machinery: it must not know any workflow (bad reviews, complaints) nor HTTP.',
      from: { path: `${FN}supervision/` },
      to: { pathNot: [`${FN}core/`, PORTS, `${FN}supervision/`, LOGGER, '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'adapters-not-http',
      severity: 'error',
      comment: 'Adapters implement ports; they never reach up into HTTP, use cases or handlers.',
      from: { path: `${FN}adapters/` },
      to: { path: `${FN}(http|usecases|handlers|local)/` },
    },
    {
      name: 'http-not-adapters',
      severity: 'error',
      comment: 'The HTTP layer maps requests and results; it does not build adapters (handlers do).',
      from: { path: `${FN}http/` },
      to: { path: `${FN}(adapters|handlers|local)/` },
    },
    {
      name: 'functions-not-infra-or-tests',
      severity: 'error',
      comment: 'Lambda code never imports the CDK app or the tests.',
      from: { path: FN },
      to: { path: '^(infra|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
