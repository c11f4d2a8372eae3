/**
 * Loading one side of a diff with the same loader as `validate`: files that
 * pass their schema become typed data; files that do not are named, so the
 * diff can leave them out instead of reporting them as removed.
 */
import { createHash } from "node:crypto";
import type { CanonicalModel, Provider } from "../schema.ts";
import type { ReadResult, RegistrySource, SourceEntry } from "../source.ts";
import { CANONICAL_FILE, validateRegistry } from "../validate.ts";
import type { SideInfo } from "./types.ts";

export interface LoadedRegistry {
  info: SideInfo;
  /** Canonical models by id; undefined when canonical.yaml is present but did not load. */
  canonical: Map<string, CanonicalModel> | undefined;
  /** Providers that loaded, by file (`providers/<name>.yaml`). */
  providers: Map<string, Provider>;
  /** Every listed file (canonical.yaml and providers/*) → a fingerprint of its bytes. */
  fingerprints: Map<string, string>;
}

/** Records a fingerprint of every file the loader lists and reads. */
class FingerprintingSource implements RegistrySource {
  readonly fingerprints = new Map<string, string>();

  constructor(private readonly inner: RegistrySource) {}

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
    this.fingerprints.set(path, result.ok ? createHash("sha256").update(result.bytes).digest("hex") : `${result.reason}:${"size" in result ? result.size : ""}`);
    return result;
  }
}

export async function loadRegistry(source: RegistrySource, side: { ref: string; commit?: string; maxFileSize?: number }): Promise<LoadedRegistry> {
  const recording = new FingerprintingSource(source);
  let canonicalLoaded: CanonicalModel[] | undefined;
  const providers = new Map<string, Provider>();
  const report = await validateRegistry(recording, {
    ...(side.maxFileSize === undefined ? {} : { maxFileSize: side.maxFileSize }),
    onCanonical: (file) => {
      canonicalLoaded = file.models;
    },
    onProvider: (file, provider) => {
      providers.set(file, provider);
    },
  });

  const listed = [...recording.fingerprints.keys()];
  const hasCanonical = listed.includes(CANONICAL_FILE);
  const unloaded = listed.filter((path) => (path === CANONICAL_FILE ? canonicalLoaded === undefined : !providers.has(path))).sort();

  let canonical: Map<string, CanonicalModel> | undefined;
  if (canonicalLoaded) {
    canonical = new Map();
    // A duplicated id is a validate error; the first entry is the one compared.
    for (const model of canonicalLoaded) if (!canonical.has(model.id)) canonical.set(model.id, model);
  } else if (!hasCanonical) {
    canonical = new Map(); // absent: every canonical id on the other side is new (or gone)
  }

  return {
    info: {
      ref: side.ref,
      ...(side.commit === undefined ? {} : { commit: side.commit }),
      ok: report.ok,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      unloaded,
    },
    canonical,
    providers,
    fingerprints: recording.fingerprints,
  };
}
