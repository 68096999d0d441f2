// @ts-check
/**
 * Which folder may import which: the layers of docs/architecture.md, enforced. Core, decoder and
 * contract are environment-neutral (eslint.purity.js); the rest may use what sits below them and
 * never what sits beside or above. Only entry points join the terminal and the server: the
 * command line's dispatcher and the demo environment's composition. Shared by eslint.config.js
 * and the test that proves the rules bite (test/core/layers.test.ts).
 */

/**
 * An import path that reaches into one of these top-level folders (`../service/x`, `../src/cli/io`).
 * @param {string[]} folders
 */
function into(folders) {
  return `(^|/)(src/)?(${folders.join('|')})(/|$)`;
}

/**
 * @param {string[]} folders
 * @param {string} why
 * @returns {import('eslint').Linter.RulesRecord}
 */
function forbid(folders, why) {
  const message = `layer rule (eslint.layers.js): ${why}`;
  // The same paths as an esquery regex (slashes escaped), for `import('...')`, which
  // no-restricted-imports does not see.
  const dynamic = into(folders).replaceAll('/', '\\/');
  return {
    'no-restricted-imports': [/** @type {const} */ ('error'), { patterns: [{ regex: into(folders), message }] }],
    'no-restricted-syntax': [
      /** @type {const} */ ('error'),
      { selector: `ImportExpression[source.value=/${dynamic}/]`, message },
    ],
  };
}

/** @type {{ files: string[]; ignores?: string[]; rules: import('eslint').Linter.RulesRecord }[]} */
export const LAYERS = [
  {
    files: ['src/node/**/*.ts'],
    rules: forbid(
      ['service', 'host', 'cli', 'renderer', 'issuer', 'server'],
      'Node adapters use core and contract only; give them a port instead.',
    ),
  },
  {
    files: ['src/issuer/**/*.ts'],
    rules: forbid(
      ['service', 'host', 'cli', 'renderer', 'server'],
      'signing tools use core and the Node adapters only.',
    ),
  },
  {
    files: ['src/service/**/*.ts'],
    rules: forbid(
      ['host', 'cli', 'renderer', 'issuer', 'server'],
      'the service composes core and the Node adapters; hosts use it, not the other way.',
    ),
  },
  {
    files: ['src/host/**/*.ts'],
    ignores: ['src/host/demo-environment.ts'],
    rules: forbid(
      ['cli', 'renderer', 'server'],
      'hosts serve the service; only the demo environment composes the server.',
    ),
  },
  {
    files: ['src/host/demo-environment.ts'],
    rules: forbid(['cli', 'renderer'], 'the demo environment composes the terminal and the server, nothing else.'),
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/main.ts'],
    rules: forbid(
      ['renderer', 'server'],
      'commands use the service; only the dispatcher (main.ts) reaches the server.',
    ),
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: forbid(
      ['node', 'service', 'host', 'cli', 'issuer', 'server', 'console'],
      'the renderer knows only the contract (and pure core).',
    ),
  },
  {
    files: ['src/console/**/*.ts', 'src/console/**/*.tsx'],
    rules: forbid(
      ['node', 'service', 'host', 'cli', 'issuer', 'server', 'renderer', 'decoder'],
      'the council console page knows only the contract (and pure core).',
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: forbid(
      ['cli', 'host', 'service', 'renderer'],
      'the server uses core, contract, issuer and the Node adapters only.',
    ),
  },
  {
    files: ['electron/**/*.ts'],
    rules: forbid(['host', 'cli', 'renderer', 'server'], 'the Electron shell serves the service through the contract.'),
  },
];
