/**
 * `build`: validate the registry once, collecting each valid file as it
 * streams by, then emit every artifact — the two views, the JSON Schemas and
 * the npm package — or, with `check`, compare them with the files on disk.
 * An invalid registry builds nothing.
 */
import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidationReport } from "../problems.ts";
import type { RegistrySource } from "../source.ts";
import { validateRegistry } from "../validate.ts";
import { Artifacts, type ArtifactResult } from "./artifacts.ts";
import { committedDerived, generateDerived } from "./derived.ts";
import { NPM_DIR, packageFiles, packageIdentity } from "./npm.ts";
import { SnapshotCollector } from "./views.ts";
import { SITE_DIR, SiteCollector, siteFiles } from "../site/index.ts";

export const PROVIDERS_VIEW = "dist/providers.json";
export const MODELS_VIEW = "dist/models.json";

export interface BuildOptions {
  /** The registry root: artifacts go to `<root>/dist` and `<root>/schemas`. */
  root: string;
  /** Compare with the artifacts on disk; write nothing. */
  check: boolean;
  maxFileSize?: number;
  /** Receives the text of each file with a problem (for excerpts when the build is refused). */
  onProblemText?(file: string, text: string): void;
}

export type BuildOutcome =
  | { ok: false; report: ValidationReport }
  | {
      ok: true;
      report: ValidationReport;
      results: ArtifactResult[];
      providers: number;
      models: number;
      entries: number;
      /** sha256 of providers.json followed by models.json. */
      hash: string;
    };

const TOOLCHAIN_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TOOLCHAIN_MANIFEST = join(TOOLCHAIN_ROOT, "package.json");

function isToolchainRoot(root: string): boolean {
  try {
    return realpathSync(root) === realpathSync(TOOLCHAIN_ROOT);
  } catch {
    return false;
  }
}

/** The registry's package.json, or the toolchain's when the registry has none. */
function readManifest(root: string): Record<string, unknown> {
  for (const path of [join(root, "package.json"), TOOLCHAIN_MANIFEST]) {
    try {
      return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    } catch {
      // try the next one
    }
  }
  return {};
}

export async function buildSnapshot(source: RegistrySource, options: BuildOptions): Promise<BuildOutcome> {
  const collector = new SnapshotCollector();
  const site = new SiteCollector(collector); // the catalogue (dist/site/) sees each file, then hands it to the views
  const report = await validateRegistry(source, {
    ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.onProblemText ? { onProblemText: options.onProblemText } : {}),
    onCanonical: site.onCanonical,
    onProvider: site.onProvider,
  });
  if (!report.ok) return { ok: false, report };

  const artifacts = new Artifacts(options.root, options.check);
  try {
    const derived = isToolchainRoot(options.root) ? await generateDerived() : committedDerived(TOOLCHAIN_ROOT);
    for (const [path, text] of derived.schemas) artifacts.emit([path, `${NPM_DIR}/${path}`], text);
    for (const [path, text] of derived.toolchain) artifacts.emit([path], text);
    const hash = createHash("sha256");
    const observe = (bytes: Buffer) => hash.update(bytes);
    artifacts.emit([PROVIDERS_VIEW, `${NPM_DIR}/providers.json`], (out) => collector.writeProvidersView(out), observe);
    artifacts.emit([MODELS_VIEW, `${NPM_DIR}/models.json`], (out) => collector.writeModelsView(out), observe);
    const digest = hash.digest("hex");
    for (const [path, text] of packageFiles(packageIdentity(readManifest(options.root)), digest, derived.types)) {
      artifacts.emit([`${NPM_DIR}/${path}`], text);
    }
    for (const [path, text] of siteFiles(site)) artifacts.emit([`${SITE_DIR}/${path}`], text);
    const results = artifacts.finish(NPM_DIR, SITE_DIR);
    return {
      ok: true,
      report,
      results,
      providers: collector.providerCount,
      models: collector.modelCount,
      entries: collector.entryCount,
      hash: digest,
    };
  } catch (error) {
    artifacts.abort();
    throw error;
  }
}
