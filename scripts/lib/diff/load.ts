/**
 * Loading one side of a diff with the same loader as `validate`: files that
 * pass their schema become typed data; files that do not are named, so the
 * diff can leave them out instead of reporting them as removed.
 *
 * Every file is read and validated, but only the data the comparison needs
 * is kept (files that differ from the other side, and first-party providers
 * for the price reference), so memory follows the size of the change, not of
 * the registry.
 */
import { createHash } from "node:crypto";
import { decodeYaml, parseFast } from "../yaml/index.ts";
import { CONFIG_FILE, fileRole, type Layout } from "../registry-layout.ts";
import { canonicalFileSchema, providerSchema, type CanonicalModel, type Provider } from "../schema.ts";
import type { ReadResult, RegistrySource, SourceEntry } from "../source.ts";
import { validateRegistry } from "../validate.ts";
import type { SideInfo } from "./types.ts";

export interface LoadedRegistry {
  info: SideInfo;
  /** Canonical models by id; undefined when canonical.yaml is present but did not load (or was not kept). */
  canonical: Map<string, CanonicalModel> | undefined;
  /** Providers that loaded and were kept, by file (`providers/<name>.yaml`). */
  providers: Map<string, Provider>;
  /** Every listed file (canonical.yaml or models/*, providers/*, registry.config.yaml) → the git object id of its bytes. */
  fingerprints: Map<string, string>;
  /** How the canonical models are held; undefined when neither (or both) layouts are present. */
  layout: Layout | undefined;
  /** registry.config.yaml's `rules` (rule id → severity as written); undefined when there is no such file, null when it does not read as a mapping. */
  rules: Record<string, unknown> | null | undefined;
}

/** Whether `path` holds canonical models: canonical.yaml or a models/<org>.yaml file. */
export function isCanonicalPath(path: string): boolean {
  return fileRole(path)?.kind === "canonical";
}

function layoutOf(paths: readonly string[]): Layout | undefined {
  const layouts = new Set(paths.map((path) => fileRole(path)).flatMap((role) => (role?.kind === "canonical" ? [role.layout] : [])));
  return layouts.size === 1 ? [...layouts][0] : undefined;
}

/** The `rules` of a registry.config.yaml's bytes; null when they do not read as a mapping (validate names why). */
function configRules(bytes: Buffer): Record<string, unknown> | null {
  const text = decodeYaml(bytes);
  if (text.trim() === "") return {};
  // The fast path reads a plain mapping; anything it cannot vouch for is validate's to explain.
  const parsed = parseFast(text);
  if (!parsed.ok) return null;
  const rules = (parsed.data as Record<string, unknown>).rules;
  if (rules === undefined || rules === null) return {};
  return typeof rules === "object" && !Array.isArray(rules) ? (rules as Record<string, unknown>) : null;
}

export type ObjectFormat = "sha1" | "sha256";

/** The id git gives these bytes as a blob: equal ids, equal bytes, on either kind of side. */
export function blobId(bytes: Buffer, format: ObjectFormat): string {
  return createHash(format).update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Records a fingerprint of every file the loader lists and reads. */
class FingerprintingSource implements RegistrySource {
  readonly fingerprints = new Map<string, string>();
  /** registry.config.yaml's bytes, when it was read. */
  config: Buffer | undefined;

  constructor(
    private readonly inner: RegistrySource,
    private readonly format: ObjectFormat,
  ) {}

  list(): SourceEntry[] {
    const entries = this.inner.list();
    for (const entry of entries) this.fingerprints.set(entry.path, `${entry.type}:unread`);
    return entries;
  }

  hasProvidersDirectory(): boolean {
    return this.inner.hasProvidersDirectory();
  }

  read(path: string, maxBytes: number): ReadResult {
    const result = this.inner.read(path, maxBytes);
    this.fingerprints.set(path, result.ok ? blobId(result.bytes, this.format) : `${result.reason}:${"size" in result ? result.size : ""}`);
    if (path === CONFIG_FILE && result.ok) this.config = result.bytes;
    return result;
  }
}

export interface LoadOptions {
  ref: string;
  commit?: string;
  maxFileSize?: number;
  objectFormat?: ObjectFormat;
  /** Whether a file with this fingerprint may be unchanged on the other side (its data is then not kept). Default: never. */
  unchanged?(file: string, fingerprint: string): boolean;
  /** The other side's canonical files, when known: the canonical models are not kept only when both sides hold the same files, unchanged. */
  otherCanonicalFiles?: readonly string[];
}

export async function loadRegistry(source: RegistrySource, options: LoadOptions): Promise<LoadedRegistry> {
  const recording = new FingerprintingSource(source, options.objectFormat ?? "sha1");
  const unchanged = (file: string) => options.unchanged?.(file, recording.fingerprints.get(file) ?? "") ?? false;
  let canonicalLoaded: CanonicalModel[] | undefined;
  let canonicalKept = true;
  const loaded = new Set<string>();
  const providers = new Map<string, Provider>();
  const report = await validateRegistry(recording, {
    ...(options.maxFileSize === undefined ? {} : { maxFileSize: options.maxFileSize }),
    onCanonical: (file) => {
      // canonical.yaml, or every models/<org>.yaml file: kept unless all of them are unchanged.
      const files = [...recording.fingerprints.keys()].filter(isCanonicalPath);
      const other = options.otherCanonicalFiles;
      const sameFiles = other === undefined || (other.length === files.length && other.every((file) => files.includes(file)));
      if (files.length > 0 && sameFiles && files.every(unchanged)) canonicalKept = false;
      // validate hands over the data as written; the diff reads it in schema order.
      else canonicalLoaded = canonicalFileSchema.parse(file).models;
    },
    onProvider: (file, provider) => {
      loaded.add(file);
      if (provider.kind === "first_party" || !unchanged(file)) providers.set(file, providerSchema.parse(provider));
    },
  });

  const listed = [...recording.fingerprints.keys()];
  const unloaded = listed
    .filter((path) => {
      const role = fileRole(path)?.kind;
      if (role === "canonical") return canonicalLoaded === undefined && canonicalKept;
      return role === "provider" && !loaded.has(path);
    })
    .sort();

  let canonical: Map<string, CanonicalModel> | undefined;
  if (canonicalLoaded) {
    canonical = new Map();
    // A duplicated id is a validate error; the first entry is the one compared.
    for (const model of canonicalLoaded) if (!canonical.has(model.id)) canonical.set(model.id, model);
  } else if (!listed.some(isCanonicalPath)) {
    canonical = new Map(); // absent: every canonical id on the other side is new (or gone)
  }

  return {
    info: {
      ref: options.ref,
      ...(options.commit === undefined ? {} : { commit: options.commit }),
      ok: report.ok,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      unloaded,
    },
    canonical,
    providers,
    fingerprints: recording.fingerprints,
    layout: layoutOf(listed),
    rules: recording.config === undefined ? (listed.includes(CONFIG_FILE) ? null : undefined) : configRules(recording.config),
  };
}
