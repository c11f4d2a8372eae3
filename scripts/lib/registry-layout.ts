/**
 * The registry layout vocabulary (SPEC §2), in one place: the names of the
 * files and directories a registry root holds, which layout a root uses, and
 * what role a path plays in it. Nothing here reads a file's content; only
 * `detectLayout` and `isRegistryRoot` look at the disk (lstat, never
 * following a link).
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";

/** The canonical vocabulary as one mapping, `models: [...]` (the v2 layout). */
export const CANONICAL_FILE = "canonical.yaml";
/** The canonical vocabulary split by org: `models/<org>.yaml`, each a YAML sequence (the router's layout). */
export const MODELS_DIR = "models";
/** One `<name>.yaml` per provider. */
export const PROVIDERS_DIR = "providers";
/** Optional rule severities (SPEC §3). */
export const CONFIG_FILE = "registry.config.yaml";

/** How a root holds its canonical models. */
export type Layout = "canonical-file" | "models-directory";

/** What a root's listing says about its layout: one of the two, both (an error) or neither. */
export type LayoutDetection = { layout: Layout; problem?: undefined } | { layout: undefined; problem: "both" | "neither" };

/** An org is the first half of a canonical id: `[a-z0-9]([a-z0-9._-]*[a-z0-9])?`. */
const ORG = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
const MODELS_PREFIX = `${MODELS_DIR}/`;
const PROVIDERS_PREFIX = `${PROVIDERS_DIR}/`;

/** The role of one path (relative to the root, `/`-separated) in a registry. */
export type FileRole =
  /** `canonical.yaml`, a mapping with `models:`. */
  | { kind: "canonical"; layout: "canonical-file" }
  /** `models/<org>.yaml`, a sequence of canonical models whose ids start with `<org>/`. */
  | { kind: "canonical"; layout: "models-directory"; org: string }
  /** Something under `models/` that is not `<org>.yaml` (a `layout` problem). */
  | { kind: "models-other" }
  /** `providers/<anything>`: judged by the provider rules (`filename-mismatch`, `unsafe-file`). */
  | { kind: "provider" }
  /** `registry.config.yaml`. */
  | { kind: "config" };

/** What `path` is in a registry, or undefined when it is not a registry file at all. */
export function fileRole(path: string): FileRole | undefined {
  if (path === CANONICAL_FILE) return { kind: "canonical", layout: "canonical-file" };
  if (path === CONFIG_FILE) return { kind: "config" };
  if (path.startsWith(PROVIDERS_PREFIX) && path.length > PROVIDERS_PREFIX.length) return { kind: "provider" };
  if (path.startsWith(MODELS_PREFIX) && path.length > MODELS_PREFIX.length) {
    const org = modelsFileOrg(path);
    return org === undefined ? { kind: "models-other" } : { kind: "canonical", layout: "models-directory", org };
  }
  return undefined;
}

/** `models/openai.yaml` → `openai`; undefined for anything that is not a `models/<org>.yaml` file. */
export function modelsFileOrg(path: string): string | undefined {
  if (!path.startsWith(MODELS_PREFIX) || !path.endsWith(".yaml")) return undefined;
  const org = path.slice(MODELS_PREFIX.length, -".yaml".length);
  return ORG.test(org) ? org : undefined;
}

/** Whether `path` holds canonical models (in either layout). */
export function isCanonicalPath(path: string): boolean {
  return path === CANONICAL_FILE || modelsFileOrg(path) !== undefined;
}

/** Whether `path` is a provider file's place (`providers/<x>`). */
export function isProviderPath(path: string): boolean {
  return path.startsWith(PROVIDERS_PREFIX) && path.length > PROVIDERS_PREFIX.length;
}

/** Where the canonical model `id` (`<org>/<model>`) is declared in `layout`. */
export function canonicalFileFor(id: string, layout: Layout): string {
  if (layout === "canonical-file") return CANONICAL_FILE;
  return `${MODELS_PREFIX}${id.slice(0, id.indexOf("/"))}.yaml`;
}

/** The file of provider `name`. */
export function providerFileFor(name: string): string {
  return `${PROVIDERS_PREFIX}${name}.yaml`;
}

/** `providers/acme.yaml` → `acme`; undefined for anything that is not a `providers/<name>.yaml` path. */
export function providerNameOf(path: string): string | undefined {
  if (!path.startsWith(PROVIDERS_PREFIX) || !path.endsWith(".yaml")) return undefined;
  return path.slice(PROVIDERS_PREFIX.length, -".yaml".length);
}

/** The layout given whether `canonical.yaml` and `models/` exist (in any form: a symlink counts as present). */
export function layoutOf(hasCanonicalFile: boolean, hasModelsDirectory: boolean): LayoutDetection {
  if (hasCanonicalFile && hasModelsDirectory) return { layout: undefined, problem: "both" };
  if (hasCanonicalFile) return { layout: "canonical-file" };
  if (hasModelsDirectory) return { layout: "models-directory" };
  return { layout: undefined, problem: "neither" };
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The layout of the registry at `root` (lstat only: a symlinked `models` is present, and refused elsewhere as unsafe). */
export function detectLayout(root: string): LayoutDetection {
  return layoutOf(exists(join(root, CANONICAL_FILE)), exists(join(root, MODELS_DIR)));
}

/** Whether `root` looks like a registry at all: canonical models in either layout, or a `providers/` directory. */
export function isRegistryRoot(root: string): boolean {
  return exists(join(root, CANONICAL_FILE)) || exists(join(root, MODELS_DIR)) || exists(join(root, PROVIDERS_DIR));
}
