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
  return anchorsFromText(await readText(path, 'anchor file'), path);
}

async function anchorsFromText(text: string, path: string): Promise<VerificationKey[]> {
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

/**
 * The files' contents as they were read, so that another thread (a `verify --batch` worker)
 * builds the same material from the same bytes without reading the files again.
 */
export interface TrustTexts {
  readonly anchor: { readonly path: string; readonly text: string };
  readonly trust: { readonly path: string; readonly text: string };
  readonly status: readonly { readonly file: string; readonly compact: string }[];
}

export interface LoadedTrustFiles {
  readonly material: TrustMaterial;
  /** Status lists that were refused; their tokens will get `status_unavailable`. */
  readonly problems: readonly (MaterialProblem & { file?: string })[];
  readonly texts: TrustTexts;
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
  // Read and checked in this order, so the first problem reported is the first file's.
  const anchorText = await readText(paths.anchor, 'anchor file');
  const anchors = await anchorsFromText(anchorText, paths.anchor);
  const trustText = await readText(paths.trust, 'trust list');
  const trusted = await withTrustText(anchors, paths.trust, trustText);
  const status = paths.statusDir ? await readStatusDir(paths.statusDir) : [];
  const texts: TrustTexts = {
    anchor: { path: paths.anchor, text: anchorText },
    trust: { path: paths.trust, text: trustText },
    status,
  };
  return { ...(await withStatusTexts(trusted, status)), texts };
}

/** The same material from texts already read (and checked) by `loadTrustFiles`. */
export async function materialFromTexts(texts: TrustTexts): Promise<Omit<LoadedTrustFiles, 'texts'>> {
  const anchors = await anchorsFromText(texts.anchor.text, texts.anchor.path);
  return withStatusTexts(await withTrustText(anchors, texts.trust.path, texts.trust.text), texts.status);
}

async function withTrustText(anchors: VerificationKey[], path: string, text: string): Promise<TrustMaterial> {
  try {
    return (await TrustMaterial.empty(anchors).withTrustList(text, zlibInflater)).material;
  } catch (e) {
    throw new TrustFileError(`the trust list ${path} was refused: ${(e as Error).message}`);
  }
}

async function withStatusTexts(
  trusted: TrustMaterial,
  status: TrustTexts['status'],
): Promise<Omit<LoadedTrustFiles, 'texts'>> {
  let material = trusted;
  const problems: (MaterialProblem & { file?: string })[] = [];
  for (const { file, compact } of status) {
    const next = await material.withStatusList(compact, zlibInflater);
    if (next.problem) problems.push({ ...next.problem, file });
    material = next.material;
  }
  return { material, problems };
}
