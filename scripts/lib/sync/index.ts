/**
 * `sync` as a library: read each auto_sync provider's feed, plan what it
 * changes, stage the plan through manage's editor, and describe the result
 * as `diff` would describe the same edit. Returns data; the CLI only parses
 * flags and prints. The network guard is a parameter so that a test can
 * reach its own loopback server; the CLI always passes PUBLIC_HTTPS.
 */
import { diffRegistries } from "../diff/compare.ts";
import { WORKING_TREE } from "../diff/index.ts";
import { loadRegistry, type LoadedRegistry } from "../diff/load.ts";
import type { DiffReport } from "../diff/types.ts";
import { providerNameOf } from "../registry-layout.ts";
import type { Provider } from "../schema.ts";
import { DirectorySource } from "../source.ts";
import { parseFast } from "../yaml/index.ts";
import {
  asModelsDevCatalogue,
  MODELS_DEV_URL,
  modelsDevModels,
  readJsonSource,
  v1ModelsList,
  type FeedCatalogue,
  type Loaded,
  type ModelsDevCatalogue,
} from "./feeds.ts";
import { fetchGuarded, shownUrl, type FetchLimits, type NetworkGuard } from "./fetch.ts";
import { stageEdits, withLock, writeStaged, type ModelEdit, type Staged } from "./manage-adapter.ts";
import { CanonicalIndex } from "./mapping.ts";
import { OverlaySource } from "./overlay.ts";
import { planProvider, type Writes } from "./plan.ts";

export type FeedKind = "models_dev" | "v1_models" | "agentic";

export interface FeedOutcome {
  provider: string;
  /** `none`: a provider asked for by name that declares no auto_sync. */
  feed: FeedKind | "none";
  /** `synced`: the feed was read and planned; `failed`: it could not be; `skipped`: not synced by design. */
  status: "synced" | "failed" | "skipped";
  /** Where the feed was read (a models.dev key or a URL without its query). */
  source?: string;
  /** Why the feed failed or was skipped. */
  error?: string;
  added: number;
  updated: number;
  /** Declared models the feed no longer lists (reported, never removed). */
  dropped: string[];
  /** Feed models with no canonical id: candidates for `manage canonical add`. */
  unmapped: string[];
  /** Feed values that were not used, and why. */
  rejected: string[];
}

export interface SyncDetails {
  mode: "dry-run" | "write";
  feeds: FeedOutcome[];
  /** Files written (with --write). */
  written: string[];
  /** Files --write would change (dry run) or changed. */
  changes_files: string[];
  /** Why nothing was written, when the plan was refused as a whole. */
  refused?: string;
  elapsed_ms: number;
}

/** A diff report (the plan, in `diff`'s own shape) plus what only sync can say. */
export interface SyncReport extends DiffReport {
  sync: SyncDetails;
}

export interface SyncOptions {
  root: string;
  /** Only these providers (all auto_sync providers when empty). */
  providers?: readonly string[];
  /** A models.dev `api.json`: a file or an https URL. */
  modelsDev?: string;
  write?: boolean;
  guard: NetworkGuard;
  limits?: Partial<FetchLimits>;
  /** Where key variables are read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

export const PLAN_REF = "sync plan";
const DEFAULT_WRITES: Writes = new Set(["models", "pricing"]);

function outcome(provider: string, feed: FeedOutcome["feed"], fields: Partial<FeedOutcome>): FeedOutcome {
  return { provider, feed, status: "synced", added: 0, updated: 0, dropped: [], unmapped: [], rejected: [], ...fields };
}

/** `${VAR}` / `${VAR:-default}` filled from the environment; undefined when a variable without default is unset. */
export function fillPlaceholders(url: string, env: Readonly<Record<string, string | undefined>>): { url: string } | { missing: string } {
  let missing: string | undefined;
  const filled = url.replace(/\$\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?\}/g, (_all, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
    if (fallback !== undefined) return fallback;
    missing ??= name;
    return "";
  });
  return missing === undefined ? { url: filled } : { missing };
}

/** The request headers the provider's declared auth asks for, or why there is no key. */
export function authHeaders(
  provider: Provider,
  env: Readonly<Record<string, string | undefined>>,
): { headers: Record<string, string>; key?: string } | { error: string } | { skipped: string } {
  const auth = provider.auth;
  const defaultEnv = `${provider.name.toUpperCase().replace(/-/g, "_")}_API_KEY`;
  let kind: "bearer" | "header";
  let variable: string;
  let header = "authorization";
  const headers: Record<string, string> = {};
  if (auth === undefined) {
    kind = provider.auth_scheme === "x-api-key" ? "header" : "bearer";
    header = kind === "header" ? "x-api-key" : header;
    variable = defaultEnv;
  } else if (auth.kind === "bearer" || auth.kind === "header") {
    kind = auth.kind;
    variable = auth.env;
    if (auth.kind === "header") header = auth.header;
    for (const [name, value] of Object.entries(auth.extra_headers ?? {})) headers[name.toLowerCase()] = value;
  } else {
    return { skipped: `auth kind \`${auth.kind}\` mints credentials on the consumer's side; the listing cannot be read here` };
  }
  const key = env[variable];
  if (key === undefined || key === "") return { error: `the key variable ${variable} is not set` };
  headers[header.toLowerCase()] = kind === "bearer" ? `Bearer ${key}` : key;
  return { headers, key };
}

type V1Feed = (Loaded<FeedCatalogue> | { ok: false; skipped: string }) & { source?: string };

async function readV1Feed(
  provider: Provider,
  url: string | undefined,
  options: SyncOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<V1Feed> {
  if (url === undefined) return { ok: false, error: "neither `auto_sync.url` nor `api_base` says where the listing is" };
  const filled = fillPlaceholders(url, env);
  if ("missing" in filled) return { ok: false, error: `the feed URL needs ${filled.missing}, which is not set` };
  const target = `${filled.url.replace(/\/+$/, "")}/models`;
  const source = shownUrl(target);
  const auth = authHeaders(provider, env);
  if ("skipped" in auth) return { ok: false, skipped: auth.skipped, source };
  if ("error" in auth) return { ok: false, error: auth.error, source };
  const fetched = await fetchGuarded(target, { guard: options.guard, headers: auth.headers, ...(options.limits ? { limits: options.limits } : {}) });
  if (!fetched.ok) return { ok: false, error: fetched.error, source };
  let json: unknown;
  try {
    json = JSON.parse(fetched.body.toString("utf8"));
  } catch {
    return { ok: false, error: `${source} answered something that is not JSON`, source };
  }
  const list = v1ModelsList(json);
  if (!list.ok) return { ...list, source };
  // A hostile listing could echo the credential back as a model id: it never reaches the output.
  const key = auth.key;
  if (key) {
    const leaked = list.value.models.filter((model) => model.id.includes(key));
    if (leaked.length > 0) {
      list.value.models = list.value.models.filter((model) => !model.id.includes(key));
      list.value.rejected.push(`${leaked.length} model id${leaked.length === 1 ? "" : "s"} quoting the credential`);
    }
  }
  return { ...list, source };
}

interface Planned {
  feeds: FeedOutcome[];
  edits: Map<string, ModelEdit[]>;
}

function rawFeed(text: string | undefined): FeedKind | undefined {
  if (text === undefined) return undefined;
  const parsed = parseFast(text);
  const feed = parsed.ok ? ((parsed.data as { auto_sync?: { feed?: unknown } } | null)?.auto_sync?.feed as unknown) : undefined;
  return feed === "models_dev" || feed === "v1_models" || feed === "agentic" ? feed : undefined;
}

async function plan(base: LoadedRegistry, source: DirectorySource, options: SyncOptions): Promise<Planned> {
  const env = options.env ?? process.env;
  const canonical = new CanonicalIndex(base.canonical?.keys() ?? []);
  const wanted = new Set(options.providers ?? []);
  const feeds: FeedOutcome[] = [];
  const edits = new Map<string, ModelEdit[]>();
  let catalogue: Promise<Loaded<ModelsDevCatalogue>> | undefined;
  const modelsDev = () =>
    (catalogue ??= readJsonSource(options.modelsDev ?? MODELS_DEV_URL, "models.dev catalogue", {
      guard: options.guard,
      ...(options.limits ? { limits: options.limits } : {}),
    }).then((read) => (read.ok ? asModelsDevCatalogue(read.value) : read)));

  // Files that do not validate are not synced (their feed cannot be trusted to land in a valid file).
  for (const file of base.info.unloaded) {
    const name = providerNameOf(file);
    if (name === undefined) continue;
    if (wanted.size > 0 && !wanted.has(name)) continue;
    const read = source.read(file, 4 * 1024 * 1024);
    const feed = rawFeed(read.ok ? read.bytes.toString("utf8") : undefined);
    if (feed)
      feeds.push(
        outcome(name, feed, {
          status: "skipped",
          error: feed === "agentic" ? "agentic feeds are not synced" : `${file} does not validate; run validate and fix it first`,
        }),
      );
  }

  for (const provider of base.providers.values()) {
    if (!provider.auto_sync && wanted.has(provider.name))
      feeds.push(outcome(provider.name, "none", { status: "skipped", error: "the file declares no `auto_sync`" }));
  }
  const providers = [...base.providers.values()].filter((provider) => provider.auto_sync && (wanted.size === 0 || wanted.has(provider.name)));
  providers.sort((a, b) => (a.name < b.name ? -1 : 1));
  // Feeds are read concurrently; each provider's failure is its own.
  const results = await Promise.all(
    providers.map(async (provider) => {
      const sync = provider.auto_sync!;
      const feedKind = sync.feed as FeedKind;
      if (feedKind === "agentic") return { provider, result: { skipped: "agentic feeds are not synced" } as const };
      if (sync.feed === "models_dev") {
        const key = sync.key ?? provider.name;
        const read = await modelsDev();
        return { provider, source: `models.dev:${key}`, result: read.ok ? modelsDevModels(read.value, key) : read };
      }
      const url = "url" in sync ? sync.url : undefined;
      const v1 = await readV1Feed(provider, url ?? provider.api_base, options, env);
      if ("skipped" in v1) return { provider, source: v1.source, result: { skipped: v1.skipped } as const };
      return { provider, source: v1.source, result: v1 };
    }),
  );
  for (const { provider, source: where, result } of results) {
    const feedKind = provider.auto_sync!.feed as FeedKind;
    const at = where === undefined ? {} : { source: where };
    if ("skipped" in result) {
      feeds.push(outcome(provider.name, feedKind, { ...at, status: "skipped", error: result.skipped }));
      continue;
    }
    if (!result.ok) {
      feeds.push(outcome(provider.name, feedKind, { ...at, status: "failed", error: result.error }));
      continue;
    }
    const writes: Writes = provider.auto_sync!.writes ? new Set(provider.auto_sync!.writes) : DEFAULT_WRITES;
    const planned = planProvider(provider, result.value.models, canonical, writes);
    if (planned.edits.length > 0) edits.set(provider.name, planned.edits);
    feeds.push(
      outcome(provider.name, feedKind, {
        ...at,
        added: planned.edits.filter((edit) => edit.kind === "add").length,
        updated: planned.edits.filter((edit) => edit.kind === "update").length,
        dropped: planned.dropped,
        unmapped: planned.unmapped,
        rejected: result.value.rejected,
      }),
    );
  }
  feeds.sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
  return { feeds, edits };
}

function applyRefusals(feeds: FeedOutcome[], staged: Staged): void {
  for (const feed of feeds) {
    const reason = staged.refused.get(feed.provider);
    if (reason === undefined) continue;
    feed.status = "failed";
    feed.error = `manage refused the plan, nothing is written for this provider: ${reason}`;
    feed.added = 0;
    feed.updated = 0;
  }
}

async function stageAndCompare(root: string, base: LoadedRegistry, source: DirectorySource, planned: Planned): Promise<{ staged: Staged; report: DiffReport }> {
  const staged = await stageEdits(root, planned.edits);
  applyRefusals(planned.feeds, staged);
  const texts = new Map([...staged.files.values()].map((file) => [file.file, file.after]));
  // Nothing staged: the registry after is the registry before (no second validation of it).
  const head = texts.size === 0 ? { ...base, info: { ...base.info, ref: PLAN_REF } } : await loadRegistry(new OverlaySource(source, texts), { ref: PLAN_REF });
  return { staged, report: diffRegistries(base, head) };
}

export async function runSync(options: SyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const source = new DirectorySource(options.root);
  const load = () => loadRegistry(source, { ref: WORKING_TREE });
  const first = await load();
  const planned = await plan(first, source, options);
  const details = (report: DiffReport, staged: Staged, written: string[], refused?: string): SyncReport => ({
    ...report,
    sync: {
      mode: options.write ? "write" : "dry-run",
      feeds: planned.feeds,
      written,
      changes_files: [...staged.files.keys()].sort(),
      ...(refused === undefined ? {} : { refused }),
      elapsed_ms: Math.round(performance.now() - started),
    },
  });
  if (!options.write) {
    const { staged, report } = await stageAndCompare(options.root, first, source, planned);
    return details(report, staged, []);
  }
  // Under the lock, stage from the files as they are now and write only what validates.
  return withLock(options.root, async () => {
    const base = await load();
    const { staged, report } = await stageAndCompare(options.root, base, source, planned);
    if (report.head.errors > report.base.errors) {
      return details(
        report,
        staged,
        [],
        `the plan would leave the registry with ${report.head.errors} errors (now ${report.base.errors}); nothing was written — run validate on a dry run's result to see why`,
      );
    }
    return details(report, staged, writeStaged(options.root, staged.files.values()));
  });
}

/** 1 when a feed failed or the plan was refused; with `check`, also when a write would change a file. */
export function syncExitCode(report: SyncReport, check: boolean): number {
  if (report.sync.refused !== undefined) return 1;
  if (report.sync.feeds.some((feed) => feed.status === "failed")) return 1;
  if (check && report.sync.changes_files.length > 0) return 1;
  return 0;
}
