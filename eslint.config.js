import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'packages/cli/bundle/**', 'examples/**', '**/node_modules/**', 'fixtures/**', 'coverage/**', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Rules read context.now, never the clock.' }],
    },
  },
  {
    files: ['packages/core/src/**', 'packages/rules/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'core and rules are pure: I/O belongs in the CLI.' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'core and rules are pure: no process.env.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'scripts/**'],
    languageOptions: { globals: globals.node },
  },
  {
    // pnpm reads its hooks from .pnpmfile.cjs, a CommonJS module.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
