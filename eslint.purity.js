// @ts-check
/**
 * The rules that keep src/core pure (Signal's *.std layer): no Node, DOM, Electron, database,
 * device or UI modules. Shared by eslint.config.js and the test that proves the rule bites.
 */

const ENVIRONMENT_MODULES = ['electron', 'better-sqlite3', 'node-hid', 'react', 'react-dom', 'react/*', 'react-dom/*'];
const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'zlib', 'http', 'https', 'net', 'child_process', 'worker_threads'];

export const PURE_FOLDERS = ['src/core/**/*.ts'];

/** @type {import('eslint').Linter.RulesRecord} */
export const pureRules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['node:*'],
          message: 'src/core is pure: take the capability as a constructor argument (src/core/ports.ts).',
        },
        { group: ENVIRONMENT_MODULES, message: 'src/core is pure: no electron, database, device or UI modules.' },
        { group: NODE_BUILTINS, message: 'src/core is pure: Node built-ins are not allowed.' },
        { group: ['../*'], message: 'src/core may import only from src/core.' },
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
