/**
 * Rule `unsafe-file`: what the loader refuses to read. A symlink could point
 * anywhere on the machine running CI, a FIFO could hang it, a huge file could
 * exhaust it; none of them is opened, and their content is never echoed.
 */
import type { Finding } from "../problems.ts";
import type { EntryType } from "../source.ts";

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

function unsafe(message: string): Finding {
  return { rule: "unsafe-file", severity: "error", path: [], message, line: 1, column: 1 };
}

/** A finding for an entry that must not be read at all, judged from the listing. */
export function unsafeEntry(path: string, type: EntryType): Finding | undefined {
  const expected = path === "providers" ? "a directory" : "a regular file";
  if (type === "symlink") return unsafe(`${path} is a symbolic link; it must be ${expected} in the registry itself (links are never followed) — commit the real ${path === "providers" ? "directory" : "file"}`);
  if (type === "directory") {
    if (path === "canonical.yaml") return unsafe("canonical.yaml is a directory; it must be a regular file holding the canonical model list");
    return unsafe(`${path} is a directory; \`providers/\` holds one \`<name>.yaml\` file per provider and no subdirectories`);
  }
  if (type === "other") return unsafe(`${path} is not ${expected} (device, socket or pipe); it was not read`);
  if (type === "file" && path === "providers") return unsafe("providers is a file; it must be a directory of `<name>.yaml` files");
  return undefined;
}

export function notYaml(path: string): Finding {
  return unsafe(`${path} is not a YAML file; \`providers/\` holds only \`<name>.yaml\` files — move it elsewhere`);
}

export function tooLarge(path: string, size: number, limit: number): Finding {
  return unsafe(`${path} is ${size} bytes, over the ${limit}-byte limit; it was not read (a provider file is normally a few KiB — \`--max-file-size\` raises the limit)`);
}

export function notRegular(path: string): Finding {
  return unsafe(`${path} is not a regular file; it was not read`);
}
