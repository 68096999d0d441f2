// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { LAYERS } from './eslint.layers.js';
import { PURE_FOLDERS, pureRules } from './eslint.purity.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test/fixtures/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.std.json',
          './tsconfig.node.json',
          './tsconfig.web.json',
          './tsconfig.electron.json',
          './tsconfig.e2e.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: 'error',
      // Contract methods are async so that every failure, validation included, is a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Core is the pure domain (Signal's *.std layer): no Node, DOM, Electron, database or device.
    files: PURE_FOLDERS,
    rules: pureRules,
  },
  // The other layers: each may use what sits below it (docs/architecture.md).
  ...LAYERS,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests build hostile inputs by hand; these rules would only get in the way there.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
