import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import angular from 'angular-eslint';

const CONSOLE_TS = ['apps/console/**/*.ts', 'libs/console/**/*.ts'];
const CONSOLE_HTML = ['apps/console/**/*.html', 'libs/console/**/*.html'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.angular', 'tmp', 'coverage', '**/out-tsc', '**/test-results', '**/playwright-report'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          // Edges into the testing lib come only from spec files (depConstraints forbid them elsewhere);
          // the test harness composes the app from the libs it tests, so those edges close a loop by design.
          ignoredCircularDependencies: [['api-*', 'api-testing']],
          // Real constraints (not '*'): the console never imports API code, contracts import nothing,
          // ui never imports data-access, apps are never imported.
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:feature', 'type:data-access', 'type:util'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and their helpers (a lib's src/test) may import the testing lib, and the fakes of services we do not
    // own that jest specs share with the process tests (tools/testing, plain CommonJS).
    files: ['**/*.spec.ts', '**/*.e2e.ts', 'libs/*/*/src/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: ['@pulseboard/api/testing', '^(\\.\\./)+tools/testing/[\\w.-]+\\.cjs$'],
          depConstraints: [
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // A focused or skipped test would let CI pass without running the rest: neither may be committed.
    files: ['**/*.spec.ts', '**/*.e2e.ts'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
    },
  },
  {
    // Build configs share tools/webpack by path; they are tooling, not a project's code.
    files: ['**/webpack.config.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  // The console: Angular's own rules on components and on their templates (inline ones included), accessibility too.
  ...angular.configs.tsRecommended.map((c) => ({ ...c, files: CONSOLE_TS })),
  {
    files: CONSOLE_TS,
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'pb', style: 'kebab-case' }],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'pb', style: 'camelCase' }],
    },
  },
  {
    // A spec may stand in for a third-party directive under that directive's own selector.
    files: ['apps/console/**/*.spec.ts', 'libs/console/**/*.spec.ts'],
    rules: { '@angular-eslint/directive-selector': 'off' },
  },
  ...angular.configs.templateRecommended.map((c) => ({ ...c, files: CONSOLE_HTML })),
  ...angular.configs.templateAccessibility.map((c) => ({ ...c, files: CONSOLE_HTML })),
];
