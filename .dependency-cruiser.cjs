/**
 * Import rules, checked by `npm run depcruise` (part of `npm test`). Test files (`*.spec.ts`,
 * everything under test/) may reach into anything: they are exempt from every rule.
 */
const fs = require('node:fs');
const path = require('node:path');

const TESTS = ['\\.spec\\.ts$', '^test/'];
const projections = fs
  .readdirSync(path.join(__dirname, 'projections'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-shared',
      comment:
        'A module\'s domain/ holds pure decisions: it imports src/shared/ and its own domain/ only ' +
        '(no framework, no stores, no other module). node:crypto is allowed for password hashing.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/domain/', pathNot: TESTS },
      to: { pathNot: ['^src/shared/', '^src/modules/$1/domain/', '^(node:)?crypto$'] },
    },
    {
      name: 'module-through-index',
      comment: 'A module uses another module only through what that module\'s index.ts exports.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: TESTS },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    ...projections.map((name) => ({
      name: `projection-${name}-through-index`,
      comment: `Outside projections/${name}/, the read model is used only through projections/${name}/index.ts.`,
      severity: 'error',
      from: { pathNot: [`^projections/${name}/`, ...TESTS] },
      to: { path: `^projections/${name}/`, pathNot: `^projections/${name}/index\\.ts$` },
    })),
    {
      name: 'shared-imports-no-app-code',
      comment: 'src/shared/ is what everything builds on: it imports no module, GraphQL, infrastructure or projection code.',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: TESTS },
      to: { path: ['^src/modules/', '^src/graphql/', '^src/infrastructure/', '^projections/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^test/generated/'] },
    // Type-only imports count too: a domain that needs another module's type depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
