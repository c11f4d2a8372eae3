/**
 * A snapshot as `serve` holds it: the bytes of every view it found (served
 * as they are), the view the `/v1` API reads, parsed once, and the hash that
 * names it. Loading never throws: a registry or snapshot that is not fit to
 * serve comes back as a reason, so the server can keep the last good one.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { SnapshotCollector } from "../snapshot/views.ts";
import { BUILD_SEVERITIES } from "../snapshot/index.ts";
import type { ByteSink } from "../snapshot/arena.ts";
import type { Problem } from "../problems.ts";
import { isRecord } from "../data.ts";
import { DirectorySource, type RegistrySource } from "../source.ts";
import { validateRegistry } from "../validate.ts";

/** The two files of one view generation. */
export interface ViewFiles {
  providers: Buffer;
  models: Buffer;
}

export type ViewName = "v2" | "router";

/** Where each view sits inside a snapshot directory (SPEC §5). */
export const VIEW_PATHS: Record<ViewName, { providers: string; models: string }> = {
  v2: { providers: "providers.json", models: "models.json" },
  router: { providers: "registry/providers.json", models: "registry/models.json" },
};

export type ProviderView = Record<string, unknown> & { id: string; status?: unknown; models: ProviderEntryView[] };
export type ProviderEntryView = Record<string, unknown> & { id: string; provider_model_id: string };
export type ModelView = Record<string, unknown> & { id: string; providers: ModelProviderView[] };
export type ModelProviderView = Record<string, unknown> & { provider: string };

export interface Snapshot {
  /** sha256 of every view's bytes: providers.json, models.json, then the router view's (the package's hash when only v2 is built). */
  hash: string;
  /** What it was loaded from: "snapshot DIR" or "registry DIR". */
  origin: string;
  views: Partial<Record<ViewName, ViewFiles>>;
  /** The view the `/v1` routes answer from: the router view when present (it carries every entry), else v2. */
  api: ViewName;
  providers: ProviderView[];
  models: ModelView[];
}

export type LoadResult = { ok: true; snapshot: Snapshot } | { ok: false; reason: string };

/** Large enough for the 10,000-provider views; anything bigger is not a snapshot this server should hold. */
export const DEFAULT_MAX_VIEW_BYTES = 1 << 30;

function hashViews(views: Partial<Record<ViewName, ViewFiles>>): string {
  const hash = createHash("sha256");
  for (const name of ["v2", "router"] as const) {
    const files = views[name];
    if (files) hash.update(files.providers).update(files.models);
  }
  return hash.digest("hex");
}

type Check = { ok: true; providers: ProviderView[]; models: ModelView[] } | { ok: false; reason: string };

function envelope(text: Buffer, file: string): { ok: true; data: unknown[] } | { ok: false; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.toString("utf8"));
  } catch (error) {
    return { ok: false, reason: `${file} is not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.data)) return { ok: false, reason: `${file} is not a view: expected { "data": [ … ] }` };
  return { ok: true, data: parsed.data };
}

/**
 * The structure every route relies on, and the two files agreeing with each
 * other: a snapshot written half-way (one file renamed, the other not yet)
 * is refused here and picked up whole on the next change.
 */
export function checkView(files: ViewFiles, paths: { providers: string; models: string }): Check {
  const providersFile = envelope(files.providers, paths.providers);
  if (!providersFile.ok) return providersFile;
  const modelsFile = envelope(files.models, paths.models);
  if (!modelsFile.ok) return modelsFile;
  const names = new Set<string>();
  for (const [i, provider] of providersFile.data.entries()) {
    const where = `${paths.providers}: data[${i}]`;
    if (!isRecord(provider) || typeof provider.id !== "string") return { ok: false, reason: `${where} has no string \`id\`` };
    if (names.has(provider.id)) return { ok: false, reason: `${where}: provider \`${provider.id}\` appears twice` };
    names.add(provider.id);
    if (!Array.isArray(provider.models)) return { ok: false, reason: `${where} (\`${provider.id}\`) has no \`models\` list` };
    for (const [j, entry] of provider.models.entries()) {
      if (!isRecord(entry) || typeof entry.id !== "string" || typeof entry.provider_model_id !== "string") {
        return { ok: false, reason: `${where}.models[${j}] needs a string \`id\` and \`provider_model_id\`` };
      }
    }
  }
  const ids = new Set<string>();
  for (const [i, model] of modelsFile.data.entries()) {
    const where = `${paths.models}: data[${i}]`;
    if (!isRecord(model) || typeof model.id !== "string") return { ok: false, reason: `${where} has no string \`id\`` };
    if (ids.has(model.id)) return { ok: false, reason: `${where}: model \`${model.id}\` appears twice` };
    ids.add(model.id);
    if (!Array.isArray(model.providers)) return { ok: false, reason: `${where} (\`${model.id}\`) has no \`providers\` list` };
    for (const [j, entry] of model.providers.entries()) {
      if (!isRecord(entry) || typeof entry.provider !== "string") return { ok: false, reason: `${where}.providers[${j}] has no string \`provider\`` };
      if (!names.has(entry.provider)) return { ok: false, reason: `${where}.providers[${j}]: provider \`${entry.provider}\` is not in ${paths.providers}` };
    }
  }
  return { ok: true, providers: providersFile.data as ProviderView[], models: modelsFile.data as ModelView[] };
}

/** Parses and checks the views, picks the one the API reads, names the whole by its hash. */
export function assemble(views: Partial<Record<ViewName, ViewFiles>>, origin: string): LoadResult {
  const available = (["router", "v2"] as const).filter((name) => views[name] !== undefined);
  if (available.length === 0)
    return { ok: false, reason: `${origin} has no view: expected providers.json + models.json, or registry/providers.json + registry/models.json` };
  let chosen: Check | undefined;
  for (const name of available) {
    const check = checkView(views[name]!, VIEW_PATHS[name]);
    if (!check.ok) return check;
    chosen ??= check;
  }
  const parsed = chosen as Extract<Check, { ok: true }>;
  return { ok: true, snapshot: { hash: hashViews(views), origin, views, api: available[0]!, providers: parsed.providers, models: parsed.models } };
}

/** A built snapshot directory: `DIR/{providers,models}.json` and/or `DIR/registry/{providers,models}.json`. */
export function loadSnapshotDirectory(dir: string, maxBytes = DEFAULT_MAX_VIEW_BYTES): LoadResult {
  const source = new DirectorySource(dir);
  const views: Partial<Record<ViewName, ViewFiles>> = {};
  for (const name of ["v2", "router"] as const) {
    const paths = VIEW_PATHS[name];
    const providers = source.read(paths.providers, maxBytes);
    const models = source.read(paths.models, maxBytes);
    if (providers.ok && models.ok) views[name] = { providers: providers.bytes, models: models.bytes };
    else if (providers.ok !== models.ok) {
      const [present, absent] = providers.ok ? [paths.providers, paths.models] : [paths.models, paths.providers];
      const failed = (providers.ok ? models : providers) as Extract<ReturnType<typeof source.read>, { ok: false }>;
      const why = failed.reason === "too-large" ? `is larger than ${maxBytes} bytes` : "is missing (or not a regular file)";
      return { ok: false, reason: `${join(dir, present)} is there but ${join(dir, absent)} ${why}` };
    }
  }
  return assemble(views, `snapshot ${dir}`);
}

/** Collects a view's bytes in memory. */
class MemorySink implements ByteSink {
  private readonly parts: Buffer[] = [];
  text(text: string): void {
    this.parts.push(Buffer.from(text, "utf8"));
  }
  bytes(source: Buffer, start: number, end: number): void {
    this.parts.push(Buffer.from(source.subarray(start, end)));
  }
  result(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function render(write: (out: ByteSink) => void): Buffer {
  const sink = new MemorySink();
  write(sink);
  return sink.result();
}

const SHOWN_PROBLEMS = 5;

function describeProblems(problems: readonly Problem[]): string {
  const errors = problems.filter((problem) => problem.severity === "error");
  const shown = errors.slice(0, SHOWN_PROBLEMS).map((p) => `${p.file}:${p.line}:${p.column} ${p.message} (${p.rule})`);
  const more = errors.length > SHOWN_PROBLEMS ? `; and ${errors.length - SHOWN_PROBLEMS} more` : "";
  return `${errors.length} error${errors.length === 1 ? "" : "s"}: ${shown.join("; ")}${more}`;
}

/**
 * A registry root, validated and built in memory with the same collector
 * `build` uses — nothing is written, so a read-only checkout serves too.
 */
export async function loadRegistry(root: string, source: RegistrySource = new DirectorySource(root)): Promise<LoadResult> {
  const collector = new SnapshotCollector(["v2", "router"]);
  let report: Awaited<ReturnType<typeof validateRegistry>>;
  try {
    report = await validateRegistry(source, { defaultSeverities: BUILD_SEVERITIES, onCanonical: collector.onCanonical, onProvider: collector.onProvider });
  } catch (error) {
    return { ok: false, reason: `registry ${root} could not be read: ${(error as Error).message}` };
  }
  if (!report.ok) return { ok: false, reason: `registry ${root} does not validate: ${describeProblems(report.problems)}` };
  const views: Partial<Record<ViewName, ViewFiles>> = {
    v2: { providers: render((out) => collector.writeProvidersView(out, "v2")), models: render((out) => collector.writeModelsView(out, "v2")) },
    router: { providers: render((out) => collector.writeProvidersView(out, "router")), models: render((out) => collector.writeModelsView(out, "router")) },
  };
  return assemble(views, `registry ${root}`);
}
