/**
 * Rule `unsafe-file`: what the loader refuses to read. A symlink could point
 * anywhere on the machine running CI, a FIFO could hang it, a huge file could
 * exhaust it; none of them is opened, and their content is never echoed.
 */
import type { Finding } from "../problems.ts";
import { CANONICAL_FILE, MODELS_DIR, PROVIDERS_DIR } from "../registry-layout.ts";
import type { EntryType } from "../source.ts";

/** The directories a registry root holds; everything else it lists is a file. */
const DIRECTORIES = new Set([PROVIDERS_DIR, MODELS_DIR]);

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

function unsafe(message: string): Finding {
  return { rule: "unsafe-file", severity: "error", path: [], message, line: 1, column: 1 };
}

/** A finding for an entry that must not be read at all, judged from the listing. */
export function unsafeEntry(path: string, type: EntryType): Finding | undefined {
  const directory = DIRECTORIES.has(path);
  const expected = directory ? "a directory" : "a regular file";
  if (type === "symlink")
    return unsafe(
      `${path} is a symbolic link; it must be ${expected} in the registry itself (links are never followed) — commit the real ${directory ? "directory" : "file"}`,
    );
  if (type === "directory" && !directory) {
    if (path === CANONICAL_FILE) return unsafe(`${CANONICAL_FILE} is a directory; it must be a regular file holding the canonical model list`);
    if (path.startsWith(`${MODELS_DIR}/`))
      return unsafe(`${path} is a directory; \`${MODELS_DIR}/\` holds one \`<org>.yaml\` file per org and no subdirectories`);
    return unsafe(`${path} is a directory; \`${PROVIDERS_DIR}/\` holds one \`<name>.yaml\` file per provider and no subdirectories`);
  }
  if (type === "other") return unsafe(`${path} is not ${expected} (device, socket or pipe); it was not read`);
  if (type === "file" && directory) return unsafe(`${path} is a file; it must be a directory of \`<${path === MODELS_DIR ? "org" : "name"}>.yaml\` files`);
  return undefined;
}

export function notYaml(path: string): Finding {
  return unsafe(`${path} is not a YAML file; \`${PROVIDERS_DIR}/\` holds only \`<name>.yaml\` files — move it elsewhere`);
}

export function tooLarge(path: string, size: number, limit: number): Finding {
  return unsafe(
    `${path} is ${size} bytes, over the ${limit}-byte limit; it was not read (a provider file is normally a few KiB — \`--max-file-size\` raises the limit)`,
  );
}

export function notRegular(path: string): Finding {
  return unsafe(`${path} is not a regular file; it was not read`);
}
