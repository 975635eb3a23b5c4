// Lint rules. The one that matters most: workflow code runs in Temporal's deterministic
// sandbox, so it may not import Node built-ins, the database driver or NestJS.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'test-artifacts/**', 'scripts/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The dashboard runs in the browser, with Chart.js loaded as a global.
    files: ['apps/api/dashboard/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', localStorage: 'readonly', fetch: 'readonly', setInterval: 'readonly', Chart: 'readonly' },
    },
  },
  {
    files: ['workflows/**/*.ts', 'libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow and domain code must not do I/O: no Node built-ins.' })),
          patterns: [
            { group: ['pg', 'pg-*', 'pg/*'], message: 'Workflow and domain code must not touch the database.' },
            { group: ['@nestjs/*'], message: 'Workflow and domain code must not depend on NestJS.' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflows use @temporalio/workflow only.' },
            { group: ['**/libs/db/**', '**/libs/net/**', '**/libs/checkers/**', '**/activities/*', '!**/activities/index'], message: 'Workflows import activity types only, via activities/index.' },
          ],
        },
      ],
    },
  },
);
