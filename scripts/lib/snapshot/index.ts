/**
 * `build`: validate the registry once, collecting each valid file as it
 * streams by, then emit every artifact — the views of each router
 * generation asked for, the JSON Schemas and the npm package — or, with
 * `check`, compare them with the files on disk. An invalid registry builds
 * nothing.
 *
 * Layout: by default the views and the package go to `<root>/dist` and the
 * schemas to `<root>/schemas`; with `out`, everything goes under `out`
 * (schemas in `<out>/schemas`) and nothing is written in the registry.
 */
import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidationReport } from "../problems.ts";
import type { Severities } from "../rule-config.ts";
import type { RegistrySource } from "../source.ts";
import { validateRegistry } from "../validate.ts";
import { Artifacts, type ArtifactResult } from "./artifacts.ts";
import { committedDerived, generateDerived } from "./derived.ts";
import { packageFiles, packageIdentity } from "./npm.ts";
import { VIEW_FORMATS, type ViewName, type ViewWarning } from "./view-formats.ts";
import { BuildCache } from "./cache.ts";
import { ItemsUnreadable, SnapshotCollector, VIEW_NAMES } from "./views.ts";

export { VIEW_NAMES, type ViewName, type ViewWarning };
import { SITE_DIR, SiteCollector, siteFiles } from "../site/index.ts";

/**
 * An entry whose id is not among the canonical models is still a route the
 * router can take: the provider views carry it, models.json (canonical
 * models only) does not. So `build` reports it as a warning unless the
 * registry or `--rule` says otherwise; `validate`, the gate, keeps it an error.
 */
export const BUILD_SEVERITIES = { "unknown-canonical": "warning" } as const;

export const PROVIDERS_VIEW = "dist/providers.json";
export const MODELS_VIEW = "dist/models.json";

export interface BuildOptions {
  /** The registry root: artifacts go to `<root>/dist` and `<root>/schemas` unless `out` is given. */
  root: string;
  /** Where every artifact goes instead (the views and `npm/` directly in it, `schemas/` below it). */
  out?: string;
  /** The views to build (default: all, oldest generation first). */
  views?: readonly ViewName[];
  /** Rule severities for the validation the build starts with (`--rule`). */
  severities?: Severities;
  /** Compare with the artifacts on disk; write nothing. */
  check: boolean;
  maxFileSize?: number;
  /** Receives the text of each file with a problem (for excerpts when the build is refused). */
  onProblemText?(file: string, text: string): void;
  /** Read and keep nothing of earlier builds (`--no-cache`): every file is parsed and rendered. */
  noCache?: boolean;
  /** Where the content cache lives (tests); default: beside the toolchain (../cache). */
  cacheBase?: string;
  /** Told how many provider files the content cache answered for, and how many were checked afresh. */
  onCacheUse?(hits: number, misses: number): void;
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
      /** sha256 of the package's provider view followed by its model view. */
      hash: string;
      /** Values the views left out or rewrote (SPEC §5), for the build to print. */
      viewWarnings: ViewWarning[];
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

/** The artifacts' base directory, and where the views and the package go inside it (schemas go to `schemas/`). */
function layout(options: BuildOptions): { base: string; dist: string } {
  return options.out === undefined ? { base: options.root, dist: "dist" } : { base: options.out, dist: "" };
}

function under(directory: string, path: string): string {
  return directory === "" ? path : `${directory}/${path}`;
}

/**
 * The views the npm package ships and reads: the newest generation built
 * (the fullest data), at its own path; the v2 view keeps its historical
 * place at the package root when built.
 */
function packageView(views: readonly ViewName[]): ViewName {
  return views.includes("router") ? "router" : "v2";
}

export async function buildSnapshot(source: RegistrySource, options: BuildOptions): Promise<BuildOutcome> {
  try {
    return await buildOnce(source, options);
  } catch (error) {
    // A cached rendering that does not read as one: build again, from the files alone.
    if (error instanceof ItemsUnreadable && !options.noCache) return buildOnce(source, { ...options, noCache: true, discardCache: true });
    throw error;
  }
}

async function buildOnce(source: RegistrySource, options: BuildOptions & { discardCache?: boolean }): Promise<BuildOutcome> {
  const views = VIEW_NAMES.filter((view) => (options.views ?? VIEW_NAMES).includes(view));
  const cache = new BuildCache({
    root: options.root,
    views,
    ...(options.noCache ? { disabled: true } : {}),
    ...(options.cacheBase !== undefined ? { base: options.cacheBase } : {}),
  });
  try {
    const outcome = await buildWith(source, options, views, cache);
    cache.save(); // without a cache: removes the scratch file
    if (options.discardCache) new BuildCache({ root: options.root, views, ...(options.cacheBase !== undefined ? { base: options.cacheBase } : {}) }).discard();
    options.onCacheUse?.(cache.hits, cache.misses);
    return outcome;
  } catch (error) {
    if (error instanceof ItemsUnreadable) cache.discard();
    else cache.abort();
    throw error;
  }
}

async function buildWith(source: RegistrySource, options: BuildOptions, views: ViewName[], cache: BuildCache): Promise<BuildOutcome> {
  // The renderings are kept in the cache's files (a scratch file with --no-cache), one view in memory at a time.
  const collector = new SnapshotCollector(views, cache.storage);
  const site = new SiteCollector(collector); // the catalogue (dist/site/) sees each file, then hands it to the views
  const report = await validateRegistry(source, {
    ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.severities ? { severities: options.severities } : {}),
    defaultSeverities: BUILD_SEVERITIES,
    ...(options.onProblemText ? { onProblemText: options.onProblemText } : {}),
    onCanonical: site.onCanonical,
    onProvider: site.onProvider,
    ...(options.noCache ? {} : { reuseProviderResults: (salt: string) => cache.checker(salt, collector, site) }),
  });
  cache.endOfFiles();
  if (!report.ok) return { ok: false, report };

  const { base, dist } = layout(options);
  const npm = under(dist, "npm");
  const artifacts = new Artifacts(base, options.check);
  try {
    const derived = isToolchainRoot(options.root) ? await generateDerived() : committedDerived(TOOLCHAIN_ROOT);
    for (const [path, text] of derived.schemas) artifacts.emit([path, `${npm}/${path}`], text);
    if (options.out === undefined) for (const [path, text] of derived.toolchain) artifacts.emit([path], text);
    const shipped = packageView(views);
    const hash = createHash("sha256");
    for (const view of views) {
      const format = VIEW_FORMATS[view];
      const observe = view === shipped ? (bytes: Buffer) => hash.update(bytes) : undefined;
      artifacts.emit([under(dist, format.providersPath), `${npm}/${format.providersPath}`], (out) => collector.writeProvidersView(out, view), observe);
      artifacts.emit([under(dist, format.modelsPath), `${npm}/${format.modelsPath}`], (out) => collector.writeModelsView(out, view), observe);
      collector.release(view);
    }
    const digest = hash.digest("hex");
    const format = VIEW_FORMATS[shipped];
    const files = views.flatMap((view) => [VIEW_FORMATS[view].providersPath, VIEW_FORMATS[view].modelsPath]);
    for (const [path, text] of packageFiles(packageIdentity(readManifest(options.root)), digest, derived.types, {
      providers: format.providersPath,
      models: format.modelsPath,
      files,
    })) {
      artifacts.emit([`${npm}/${path}`], text);
    }
    const siteDir = under(dist, SITE_DIR.slice("dist/".length));
    for (const [path, text] of siteFiles(site)) artifacts.emit([`${siteDir}/${path}`], text);
    const results = artifacts.finish(npm, siteDir);
    return {
      ok: true,
      report,
      results,
      providers: collector.providerCount,
      models: collector.modelCount,
      entries: collector.entryCount,
      hash: digest,
      viewWarnings: collector.warnings,
    };
  } catch (error) {
    artifacts.abort();
    throw error;
  }
}
