// @ts-check
/**
 * The rules that keep src/core pure (Signal's *.std layer): no Node, DOM, Electron, database,
 * device or UI modules. Shared by eslint.config.js and the test that proves the rule bites.
 */

const ENVIRONMENT_MODULES = ['electron', 'better-sqlite3', 'node-hid', 'react', 'react-dom', 'react/*', 'react-dom/*'];
const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'zlib', 'http', 'https', 'net', 'child_process', 'worker_threads'];

/** Code that runs in every environment: Node, the renderer and its Web Workers. */
export const PURE_FOLDERS = ['src/core/**/*.ts', 'src/decoder/**/*.ts', 'src/contract/**/*.ts'];

/** @type {import('eslint').Linter.RulesRecord} */
export const pureRules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['node:*'],
          message:
            'this folder is environment-neutral: take the capability as a constructor argument (src/core/ports.ts).',
        },
        {
          group: ENVIRONMENT_MODULES,
          message: 'this folder is environment-neutral: no electron, database, device or UI modules.',
        },
        { group: NODE_BUILTINS, message: 'this folder is environment-neutral: Node built-ins are not allowed.' },
        {
          regex: '^\\.\\./(?!core/)',
          message: 'environment-neutral code imports only from its own folder or src/core.',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    'process',
    'Buffer',
    'require',
    'window',
    'document',
    'navigator',
    'localStorage',
    'fetch',
    'setImmediate',
  ],
};
