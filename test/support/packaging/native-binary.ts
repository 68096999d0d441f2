/**
 * What a native `.node` file is, read from its bytes: the OS and CPU it was built for (ELF, PE or
 * Mach-O header) and which ABI it needs. N-API addons load in any Node or Electron; the others
 * register with `node_register_module_v<N>` and load only where NODE_MODULE_VERSION is N
 * (Node 20 is 115; Electron has its own, in node_modules/electron/abi_version).
 */
export type BinaryFormat = 'elf' | 'pe' | 'mach-o' | 'unknown';

export type AddonAbi =
  | { readonly kind: 'napi' }
  | { readonly kind: 'node'; readonly version: number | null }
  /** Not a Node addon at all (e.g. a SQLite extension with a .node name). */
  | { readonly kind: 'none' };

export interface NativeBinary {
  readonly format: BinaryFormat;
  /** Node's name for the CPU (`process.arch`), or null when the header does not say. */
  readonly arch: string | null;
  readonly abi: AddonAbi;
}

const ELF_MACHINES: Record<number, string> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64' };
const PE_MACHINES: Record<number, string> = { 0x014c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64' };

function formatAndArch(bytes: Buffer): Pick<NativeBinary, 'format' | 'arch'> {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46)
    return { format: 'elf', arch: ELF_MACHINES[bytes.readUInt16LE(18)] ?? null };
  if (bytes.length >= 0x40 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    return { format: 'pe', arch: PE_MACHINES[bytes.readUInt16LE(pe + 4)] ?? null };
  }
  // Thin (feedfacf, either byte order) or universal (cafebabe) Mach-O.
  if (bytes.length >= 4 && [0xfeedfacf, 0xcffaedfe, 0xcafebabe].includes(bytes.readUInt32BE(0)))
    return { format: 'mach-o', arch: null };
  return { format: 'unknown', arch: null };
}

function abiOf(text: string): AddonAbi {
  const versioned = /node_register_module_v(\d+)/.exec(text);
  if (versioned) return { kind: 'node', version: Number(versioned[1]) };
  // Older addons register through a constructor; V8's C++ symbols also tie them to one ABI.
  if (/node_module_register|_ZN2v8/.test(text)) return { kind: 'node', version: null };
  if (/napi_register_module_v1|napi_module_register|napi_create_function/.test(text)) return { kind: 'napi' };
  return { kind: 'none' };
}

export function inspectNativeBinary(bytes: Buffer): NativeBinary {
  return { ...formatAndArch(bytes), abi: abiOf(bytes.toString('latin1')) };
}
