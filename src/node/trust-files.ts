import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importAnchors } from '../core/anchors';
import { KeyError, type VerificationKey } from '../core/keys';
import { TrustMaterial, type MaterialProblem } from '../core/trust-material';
import { zlibInflater } from './zlib-inflater';

export class TrustFileError extends Error {}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new TrustFileError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export async function readAnchorFile(path: string): Promise<VerificationKey[]> {
  const text = await readText(path, 'anchor file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrustFileError(`the anchor file ${path} is not JSON`);
  }
  try {
    return await importAnchors(json);
  } catch (e) {
    throw new TrustFileError(`the anchor file ${path}: ${e instanceof KeyError ? e.message : String(e)}`);
  }
}

/** The `*.jwt` files of a status directory, in name order. */
export async function readStatusDir(dir: string): Promise<{ file: string; compact: string }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jwt')).sort();
  } catch (e) {
    throw new TrustFileError(
      `cannot read the status directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  return Promise.all(names.map(async (file) => ({ file, compact: await readText(join(dir, file), 'status list') })));
}

export interface LoadedTrustFiles {
  readonly material: TrustMaterial;
  /** Status lists that were refused; their tokens will get `status_unavailable`. */
  readonly problems: readonly (MaterialProblem & { file?: string })[];
}

/**
 * Loads an anchor, a trust list and a directory of status lists from files, verifying each.
 * A bad anchor or trust list is fatal (TrustFileError); a bad status list is reported and skipped.
 */
export async function loadTrustFiles(paths: {
  anchor: string;
  trust: string;
  statusDir?: string;
}): Promise<LoadedTrustFiles> {
  const anchors = await readAnchorFile(paths.anchor);
  const trustText = await readText(paths.trust, 'trust list');
  let material = TrustMaterial.empty(anchors);
  try {
    material = (await material.withTrustList(trustText, zlibInflater)).material;
  } catch (e) {
    throw new TrustFileError(`the trust list ${paths.trust} was refused: ${(e as Error).message}`);
  }
  const problems: (MaterialProblem & { file?: string })[] = [];
  for (const { file, compact } of paths.statusDir ? await readStatusDir(paths.statusDir) : []) {
    const next = await material.withStatusList(compact, zlibInflater);
    if (next.problem) problems.push({ ...next.problem, file });
    material = next.material;
  }
  return { material, problems };
}
