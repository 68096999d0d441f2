/**
 * The contents of an app.asar (read with @electron/asar, which electron-builder uses to write
 * it): every file with whether it was unpacked, and the packages under node_modules.
 */
import { extractFile, getRawHeader, type FileMetadata } from '@electron/asar';

export interface AsarFile {
  /** Relative to the archive's root, with forward slashes. */
  readonly path: string;
  readonly unpacked: boolean;
}

export function listAsar(archive: string): AsarFile[] {
  const files: AsarFile[] = [];
  const walk = (node: FileMetadata, prefix: string): void => {
    if ('files' in node) {
      for (const [name, child] of Object.entries(node.files)) walk(child, `${prefix}${name}/`);
    } else if (!('link' in node)) {
      files.push({ path: prefix.slice(0, -1), unpacked: node.unpacked === true });
    }
  };
  walk(getRawHeader(archive).header, '');
  return files;
}

export function readAsarText(archive: string, path: string): string {
  return extractFile(archive, path).toString('utf8');
}

/** A package's own directory: `node_modules/x` or `node_modules/@scope/x`, at any depth. */
function isPackageDir(dir: string): boolean {
  const parts = dir.split('/');
  const rest = parts.slice(parts.lastIndexOf('node_modules') + 1);
  if (rest.length === parts.length) return false;
  return rest.length === 1 ? !rest[0]!.startsWith('@') : rest.length === 2 && rest[0]!.startsWith('@');
}

/** The packages in a listing (a package.json deeper inside a package does not count). */
export function packageDirs(files: readonly AsarFile[]): string[] {
  return files
    .filter((f) => f.path.endsWith('/package.json'))
    .map((f) => f.path.slice(0, -'/package.json'.length))
    .filter(isPackageDir)
    .sort();
}
