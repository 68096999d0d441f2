/**
 * Which packages the packaged main process can load: the bare imports of its bundle, then their
 * dependencies, resolved the way Node does (the nearest node_modules upwards). Everything else
 * in the archive is weight (the renderer's libraries are bundled into out/renderer already).
 */
import { builtinModules } from 'node:module';

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** The packages a bundle imports, statically, dynamically or by require (not electron, not Node's own). */
export function bareImports(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'.][^"']*)["']/g,
  )) {
    const specifier = m[1]!;
    if (specifier === 'electron' || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    names.add(packageName(specifier));
  }
  return [...names].sort();
}

function resolvePackage(name: string, fromDir: string, present: ReadonlySet<string>): string | null {
  for (let dir = fromDir; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/')))) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (present.has(candidate)) return candidate;
    if (!dir) return null;
  }
}

export interface Closure {
  /** Package directories the main process can reach. */
  readonly reachable: string[];
  /** Required dependencies that are not in the archive, as "name (needed by dir)". */
  readonly missing: string[];
}

export function runtimeClosure(
  roots: readonly string[],
  present: readonly string[],
  manifest: (packageDir: string) => Manifest,
): Closure {
  const have = new Set(present);
  const reachable = new Set<string>();
  const missing: string[] = [];
  const queue: { name: string; from: string; optional: boolean }[] = roots.map((name) => ({
    name,
    from: '',
    optional: false,
  }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const dir = resolvePackage(next.name, next.from, have);
    if (!dir) {
      if (!next.optional) missing.push(`${next.name} (needed by ${next.from || 'the main bundle'})`);
      continue;
    }
    if (reachable.has(dir)) continue;
    reachable.add(dir);
    const { dependencies = {}, optionalDependencies = {} } = manifest(dir);
    for (const name of Object.keys(dependencies))
      queue.push({ name, from: dir, optional: name in optionalDependencies });
    for (const name of Object.keys(optionalDependencies)) queue.push({ name, from: dir, optional: true });
  }
  return { reachable: [...reachable].sort(), missing };
}
