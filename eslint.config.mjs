// Lint rules. The ones that matter most keep the architecture honest:
// - workflow code runs in Temporal's deterministic sandbox, so it (and the pure libs it
//   imports: libs/domain, libs/contract) may not import Node built-ins, the database driver,
//   NestJS or the client/worker side of the SDK;
// - nothing imports the workflows folder (the worker bundles it by path);
// - no app imports another app's internals (only its index.ts), libs never import apps, and
//   production entry points (API, worker) never import the development stack;
// - no import cycles; type-only imports are marked as such.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const APPS = ['api', 'bench', 'cli', 'cluster', 'dev', 'worker'];

/** An app may use another app only through that app's index.ts (its public face). */
const appBoundaries = APPS.flatMap((target) =>
  APPS.filter((from) => from !== target).map((from) => ({
    target: `./apps/${target}`,
    from: `./apps/${from}`,
    except: ['./index.ts'],
    message: `apps/${target} may use apps/${from} only through apps/${from}/index.ts; move shared start-up code into libs/.`,
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'test-artifacts/**', 'scripts/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': ['error', { 'prefer-inline': true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./apps', './activities', './libs', './test', './scripts'],
              from: './workflows',
              message:
                'Nothing imports workflows/: use the contract in libs/contract; the worker bundles workflows/ by path.',
            },
            ...appBoundaries,
            { target: './libs', from: './apps', message: 'libs/ must not depend on apps/.' },
            {
              target: ['./apps/api', './apps/worker'],
              from: './libs/devstack',
              message:
                'Production entry points do not use the development stack (embedded PostgreSQL, Temporal dev server).',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard runs in the browser, with Chart.js loaded as a global.
    files: ['apps/api/dashboard/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        window: 'readonly',
        localStorage: 'readonly',
        fetch: 'readonly',
        setInterval: 'readonly',
        Chart: 'readonly',
        clearInterval: 'readonly',
        setTimeout: 'readonly',
        location: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        Node: 'readonly',
      },
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['libs/db/pool.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'pg',
              importNames: ['Client', 'Pool'],
              allowTypeImports: true,
              message:
                'Use createClient/createPool from libs/db: they keep a failed socket from crashing the process and close cleanly.',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard's pages are ES modules loaded by the browser (no build step).
    files: ['apps/api/dashboard/public/js/**/*.js'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['workflows/**/*.ts', 'libs/domain/**/*.ts', 'libs/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow, contract and domain code must not do I/O: no Node built-ins.',
          })),
          patterns: [
            {
              group: ['pg', 'pg-*', 'pg/*'],
              message: 'Workflow, contract and domain code must not touch the database.',
            },
            { group: ['@nestjs/*'], message: 'Workflow, contract and domain code must not depend on NestJS.' },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'Workflows use @temporalio/workflow only.',
            },
            {
              group: ['**/libs/*', '!**/libs/domain', '!**/libs/contract', '**/activities/*', '!**/activities/index'],
              message: 'Workflows import only libs/domain, libs/contract and activity types (activities/index).',
            },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's (npm run lint checks it); no lint rule argues with it.
  prettier,
);
