// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
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
          './tsconfig.console.json',
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
    // React's rules of hooks and effect dependencies, with the compiler-based checks that come
    // with them (no state set during render, refs read only in effects and handlers).
    files: ['src/renderer/**/*.{ts,tsx}', 'src/console/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      // The page's effects start external things (the camera, speech voices, the terminal's
      // event stream, a countdown) and say at once what state they are in; that is the pattern
      // this heuristic flags. Derived state is reviewed by hand instead.
      'react-hooks/set-state-in-effect': 'off',
    },
  },
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
