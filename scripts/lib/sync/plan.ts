/**
 * One provider's plan from its feed: the models to add, the prices to update,
 * and what is only reported (models the feed dropped, feed models with no
 * canonical id). Pure: data in, data out.
 */
import type { Provider, ProviderModel } from "../schema.ts";
import { PRICE_FIELDS, type FeedModel, type FeedPrices, type PriceField } from "./feeds.ts";
import type { ModelEdit } from "./manage-adapter.ts";
import type { CanonicalIndex } from "./mapping.ts";

export type Writes = ReadonlySet<"models" | "pricing">;

export interface ProviderPlan {
  edits: ModelEdit[];
  /** Declared canonical ids the feed no longer lists (reported, never removed). */
  dropped: string[];
  /** Feed ids that map to no canonical id: candidates for `canonical add`. */
  unmapped: string[];
}

export function declaredPrice(model: ProviderModel, field: PriceField): number | undefined {
  const [group, key] = field.split(".") as [string, string];
  const value = (model.pricing as Record<string, Record<string, unknown> | undefined> | undefined)?.[group]?.[key];
  return typeof value === "number" ? value : undefined;
}

/** The feed prices that differ from the entry's (fields the feed does not give are left alone). */
function changedPrices(model: ProviderModel, prices: FeedPrices | undefined): FeedPrices | undefined {
  if (!prices) return undefined;
  const changed: FeedPrices = {};
  for (const [group, key] of PRICE_FIELDS) {
    const field: PriceField = `${group}.${key}`;
    const price = prices[field];
    const declared = declaredPrice(model, field);
    // A feed's 0 for a rate the entry leaves out usually means "not listed", not "free": never bill it as free.
    if (price === undefined || (declared === undefined && price === 0)) continue;
    if (declared !== price) changed[field] = price;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}

/** A feed price set that can be written: the schema needs both halves of the base bracket together. */
function writablePrices(prices: FeedPrices | undefined): FeedPrices | undefined {
  if (!prices || prices["input_tokens.no_cache"] === undefined || prices["output_tokens.text"] === undefined) return undefined;
  return prices;
}

export function planProvider(provider: Provider, feed: readonly FeedModel[], canonical: CanonicalIndex, writes: Writes): ProviderPlan {
  // A subscription carries no per-token price: its feed prices are never written.
  const pricing = writes.has("pricing") && provider.billing !== "subscription";
  const byProviderId = new Map<string, FeedModel>();
  for (const model of feed) if (!byProviderId.has(model.id.toLowerCase())) byProviderId.set(model.id.toLowerCase(), model);
  const mapped = new Map<FeedModel, string | undefined>(feed.map((model) => [model, canonical.map(model.id)]));

  const edits: ModelEdit[] = [];
  const dropped: string[] = [];
  const claimed = new Set<FeedModel>();
  const declared = new Set<string>();
  for (const model of provider.models) {
    declared.add(model.id);
    const match =
      byProviderId.get(model.provider_model_id.toLowerCase()) ?? feed.find((candidate) => !claimed.has(candidate) && mapped.get(candidate) === model.id);
    if (!match) {
      dropped.push(model.id);
      continue;
    }
    claimed.add(match);
    const prices = pricing ? changedPrices(model, match.prices) : undefined;
    if (prices && (model.pricing || writablePrices(match.prices))) edits.push({ kind: "update", canonicalId: model.id, prices });
  }

  const unmapped: string[] = [];
  for (const model of feed) {
    if (claimed.has(model)) continue;
    const id = mapped.get(model);
    if (id === undefined) {
      unmapped.push(model.id);
      continue;
    }
    // Declared already (under another provider id), or a second feed alias of one model.
    if (declared.has(id)) continue;
    declared.add(id);
    if (!writes.has("models")) continue;
    const prices = pricing ? writablePrices(model.prices) : undefined;
    edits.push({ kind: "add", canonicalId: id, providerModelId: model.id, ...(prices ? { prices } : {}) });
  }
  return { edits, dropped, unmapped };
}
