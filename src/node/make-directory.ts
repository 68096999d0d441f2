import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`: makes `dir` and its missing parents (new ones with `mode`), and is content when it
 * is a directory already. Node's own recursive mkdir is not used: it never returns where mkdir
 * says ENOENT under a parent that exists (`/proc/x`), so a data directory given there would
 * hang a command instead of refusing it. Throws the file system's error, with its code and path
 * (EACCES, EROFS, ENOENT...); a file in the way is named: "EEXIST: /x/y is a file, not a
 * directory" (ENOTDIR when it is further up).
 */
export function makeDirectory(dir: string, mode = 0o777): void {
  const path = resolve(dir);
  try {
    mkdirSync(path, { mode });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const file = fileInTheWay(path);
      if (file === null && code === 'EEXIST') return;
      if (file === null) throw e;
      throw Object.assign(new Error(`${code}: ${file} is a file, not a directory`), { code, syscall: 'mkdir', path });
    }
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path || stat(parent) !== null) throw e;
    makeDirectory(parent, mode);
    makeDirectory(path, mode);
  }
}

/** The nearest of `path` and its parents that exists, when it is not a directory. */
function fileInTheWay(path: string): string | null {
  for (let p = path; ; p = dirname(p)) {
    const found = stat(p);
    if (found !== null) return found.isDirectory() ? null : p;
    if (dirname(p) === p) return null;
  }
}

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
