/**
 * `sync --prices`: the review queue for prices nobody has checked lately.
 * Every priced entry is held against the independent sources given — its
 * provider's own models.dev listing, and an OpenRouter-style list for
 * first-party providers and for OpenRouter itself — and each price field
 * more than 10% away is listed as a `review` change in `diff`'s format
 * (before: the registry's price, after: the source's). Nothing is written.
 */
import { WORKING_TREE } from "../diff/index.ts";
import { formatDiffJson, formatDiffMarkdown, inertCell, inertProse } from "../diff/format.ts";
import { loadRegistry } from "../diff/load.ts";
import type { Change, DiffReport } from "../diff/types.ts";
import type { Provider } from "../schema.ts";
import { DirectorySource } from "../source.ts";
import { asModelsDevCatalogue, MODELS_DEV_URL, modelsDevModels, PRICE_FIELDS, readJsonSource, v1ModelsList, type FeedModel, type PriceField } from "./feeds.ts";
import type { FetchLimits, NetworkGuard } from "./fetch.ts";
import { CanonicalIndex } from "./mapping.ts";
import { declaredPrice } from "./plan.ts";

/** A price more than this far (percent, either way) from a source's is listed. */
export const PRICE_TOLERANCE_PCT = 10;

export interface PriceReviewOptions {
  root: string;
  providers?: readonly string[];
  /** The models.dev catalogue (file or https URL; default the public one). */
  modelsDev?: string | undefined;
  /** An OpenRouter-style `{data:[{id, pricing}]}` list (file or https URL). */
  openrouter?: string | undefined;
  guard: NetworkGuard;
  limits?: Partial<FetchLimits>;
}

export interface PriceSource {
  name: "models.dev" | "openrouter";
  location: string;
  ok: boolean;
  error?: string;
}

export interface PriceReview extends DiffReport {
  prices: { sources: PriceSource[]; entries_compared: number; fields_compared: number; elapsed_ms: number };
}

type Lookup = (provider: Provider, id: string, providerModelId: string) => FeedModel | undefined;

function indexFeed(models: readonly FeedModel[]): Map<string, FeedModel> {
  const map = new Map<string, FeedModel>();
  for (const model of models) if (!map.has(model.id.toLowerCase())) map.set(model.id.toLowerCase(), model);
  return map;
}

export async function reviewPrices(options: PriceReviewOptions): Promise<PriceReview> {
  const started = performance.now();
  const fetchOptions = { guard: options.guard, ...(options.limits ? { limits: options.limits } : {}) };
  const registry = await loadRegistry(new DirectorySource(options.root), { ref: WORKING_TREE });
  const canonical = new CanonicalIndex(registry.canonical?.keys() ?? []);
  const sources: PriceSource[] = [];
  const lookups: Array<{ name: PriceSource["name"]; lookup: Lookup }> = [];

  const modelsDevLocation = options.modelsDev ?? MODELS_DEV_URL;
  const read = await readJsonSource(modelsDevLocation, "models.dev catalogue", fetchOptions);
  const catalogue = read.ok ? asModelsDevCatalogue(read.value) : read;
  sources.push({ name: "models.dev", location: modelsDevLocation, ok: catalogue.ok, ...(catalogue.ok ? {} : { error: catalogue.error }) });
  if (catalogue.ok) {
    const perProvider = new Map<string, Map<string, FeedModel> | undefined>();
    lookups.push({
      name: "models.dev",
      lookup: (provider, id, providerModelId) => {
        const key = provider.auto_sync?.feed === "models_dev" ? (provider.auto_sync.key ?? provider.name) : provider.name;
        if (!perProvider.has(key)) {
          const models = modelsDevModels(catalogue.value, key);
          perProvider.set(key, models.ok ? indexFeed(models.value.models) : undefined);
        }
        const feed = perProvider.get(key);
        return feed?.get(providerModelId.toLowerCase()) ?? [...(feed?.values() ?? [])].find((model) => canonical.map(model.id) === id);
      },
    });
  }
  if (options.openrouter !== undefined) {
    const list = await readJsonSource(options.openrouter, "OpenRouter list", fetchOptions);
    const parsed = list.ok ? v1ModelsList(list.value) : list;
    sources.push({ name: "openrouter", location: options.openrouter, ok: parsed.ok, ...(parsed.ok ? {} : { error: parsed.error }) });
    if (parsed.ok) {
      const byId = indexFeed(parsed.value.models);
      const byCanonical = new Map<string, FeedModel>();
      for (const model of parsed.value.models) {
        const id = canonical.map(model.id);
        if (id !== undefined && !byCanonical.has(id)) byCanonical.set(id, model);
      }
      lookups.push({
        name: "openrouter",
        // A gateway's list is the vendor's price: it speaks for first-party entries and for OpenRouter's own.
        lookup: (provider, id, providerModelId) => {
          if (provider.name === "openrouter") return byId.get(providerModelId.toLowerCase());
          return provider.kind === "first_party" ? byCanonical.get(id) : undefined;
        },
      });
    }
  }

  const wanted = new Set(options.providers ?? []);
  const changes: Change[] = [];
  let entries = 0;
  let fields = 0;
  const providers = [...registry.providers.values()]
    .filter((provider) => wanted.size === 0 || wanted.has(provider.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const provider of providers) {
    if (provider.billing === "subscription") continue;
    for (const model of provider.models) {
      if (!model.pricing) continue;
      entries++;
      for (const { name, lookup } of lookups) {
        const match = lookup(provider, model.id, model.provider_model_id);
        if (!match?.prices) continue;
        for (const [group, key] of PRICE_FIELDS) {
          const field: PriceField = `${group}.${key}`;
          const ours = declaredPrice(model, field);
          const theirs = match.prices[field];
          if (ours === undefined || theirs === undefined) continue;
          fields++;
          const far = ours === 0 ? theirs !== 0 : Math.abs(theirs - ours) / ours > PRICE_TOLERANCE_PCT / 100;
          if (!far) continue;
          const change: Change = {
            kind: "model-changed",
            severity: "review",
            provider: provider.name,
            model: model.id,
            field: `pricing.${field}`,
            before: ours,
            after: theirs,
          };
          if (ours !== 0) change.delta_pct = Math.round(((theirs - ours) / ours) * 1000) / 10;
          change.reason = `${name} lists ${theirs} for \`${match.id}\` (registry ${ours}): more than ${PRICE_TOLERANCE_PCT}% apart — check the provider's price page`;
          changes.push(change);
        }
      }
    }
  }
  const side = { ok: registry.info.ok, errors: registry.info.errors, warnings: registry.info.warnings, unloaded: registry.info.unloaded };
  return {
    base: { ref: WORKING_TREE, ...side },
    head: { ref: "price sources", ok: true, errors: 0, warnings: 0, unloaded: [] },
    summary: { breaking: 0, review: changes.length, info: 0, provider_files: [], not_compared: [] },
    changes,
    prices: { sources, entries_compared: entries, fields_compared: fields, elapsed_ms: Math.round(performance.now() - started) },
  };
}

export function formatPriceReview(review: PriceReview, format: "markdown" | "json"): string {
  if (format === "json") return formatDiffJson(review);
  const { prices } = review;
  const lines = [formatDiffMarkdown(review).trimEnd(), ""];
  lines.push(
    `**Price review** ${prices.entries_compared} priced entries, ${prices.fields_compared} price fields compared; ${review.changes.length} more than ${PRICE_TOLERANCE_PCT}% apart (${(prices.elapsed_ms / 1000).toFixed(1)} s).`,
    "",
  );
  lines.push("| source | read |", "|---|---|");
  for (const source of prices.sources)
    lines.push(`| ${[source.name, source.ok ? "✓" : `❌ ${inertProse(source.error ?? "failed")}`].map(inertCell).join(" | ")} |`);
  return `${lines.join("\n")}\n`;
}

/** 1 when a source could not be read (the queue is then incomplete). */
export function priceReviewExitCode(review: PriceReview): number {
  return review.prices.sources.some((source) => !source.ok) ? 1 : 0;
}
