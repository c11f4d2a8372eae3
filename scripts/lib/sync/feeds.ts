/**
 * The feeds, read and checked before anything uses them: a feed is hostile
 * input, so every id and price is validated here and a feed that is not what
 * it claims to be becomes a problem for its provider, never an exception.
 */
import { readFileSync, statSync } from "node:fs";
import { fetchGuarded, type FetchLimits, type NetworkGuard } from "./fetch.ts";
import { isRecord } from "../data.ts";

/** The public models.dev catalogue. */
export const MODELS_DEV_URL = "https://models.dev/api.json";

/** The price fields a feed can set, as registry paths under `pricing`. */
export const PRICE_FIELDS = [
  ["input_tokens", "no_cache"],
  ["input_tokens", "cache_read"],
  ["input_tokens", "cache_write"],
  ["output_tokens", "text"],
  ["output_tokens", "reasoning"],
] as const;
export type PriceField = `${(typeof PRICE_FIELDS)[number][0]}.${(typeof PRICE_FIELDS)[number][1]}`;
export type FeedPrices = Partial<Record<PriceField, number>>;

/** USD per 1M tokens above which a feed price is taken for a unit error, not a price (the dearest real one is 600). */
export const ABSURD_PRICE = 10_000;

export interface FeedModel {
  id: string;
  prices?: FeedPrices;
}

export interface FeedCatalogue {
  models: FeedModel[];
  /** Values the feed sent that were not used, and why. */
  rejected: string[];
}

/** A feed id fit to be written into a YAML file and shown to a reviewer. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
export function badId(id: unknown): string | undefined {
  if (typeof id !== "string") return "is not a string";
  if (id.length === 0 || id.length > 200) return "is empty or longer than 200 characters";
  if (CONTROL.test(id) || id.trim() !== id) return "holds control, invisible or surrounding space characters";
  return undefined;
}

/** A feed price as a number to write, or why it cannot be one. */
export function checkPrice(value: unknown): { ok: true; value: number } | { ok: false; why: string } {
  if (typeof value !== "number") return { ok: false, why: `is ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}, not a number` };
  if (!Number.isFinite(value)) return { ok: false, why: "is not finite" };
  if (value < 0) return { ok: false, why: `is negative (${value})` };
  if (value > ABSURD_PRICE) return { ok: false, why: `is ${value} USD per 1M tokens, above ${ABSURD_PRICE}: a unit error, not a price` };
  // Keep what a YAML file and a JSON view hold exactly: no float noise from a feed's arithmetic.
  return { ok: true, value: Number(value.toPrecision(12)) };
}

// ── models.dev ───────────────────────────────────────────────────────────

const MODELS_DEV_COST: Record<string, PriceField> = {
  input: "input_tokens.no_cache",
  cache_read: "input_tokens.cache_read",
  cache_write: "input_tokens.cache_write",
  output: "output_tokens.text",
  reasoning: "output_tokens.reasoning",
};

/** The models.dev catalogue: provider key → its raw entry, parsed lazily per provider. */
export type ModelsDevCatalogue = Record<string, unknown>;

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SourceOptions {
  guard: NetworkGuard;
  limits?: Partial<FetchLimits>;
}

/** Read a JSON document from a file or an https URL. */
export async function readJsonSource(location: string, what: string, options: SourceOptions): Promise<Loaded<unknown>> {
  let bytes: Buffer;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    const fetched = await fetchGuarded(location, { guard: options.guard, ...(options.limits ? { limits: options.limits } : {}) });
    if (!fetched.ok) return { ok: false, error: `${what}: ${fetched.error}` };
    bytes = fetched.body;
  } else {
    try {
      const size = statSync(location).size;
      const cap = options.limits?.maxBytes ?? 64 * 1024 * 1024;
      if (size > cap) return { ok: false, error: `${what}: ${location} is ${size} bytes, over the ${cap}-byte limit` };
      bytes = readFileSync(location);
    } catch (error) {
      return { ok: false, error: `${what}: cannot read ${location} (${(error as NodeJS.ErrnoException).code ?? "read failed"})` };
    }
  }
  try {
    return { ok: true, value: JSON.parse(bytes.toString("utf8")) as unknown };
  } catch (error) {
    return { ok: false, error: `${what}: not JSON (${(error as Error).message.slice(0, 120)})` };
  }
}

export function asModelsDevCatalogue(value: unknown): Loaded<ModelsDevCatalogue> {
  if (!isRecord(value)) return { ok: false, error: "models.dev catalogue: the top level is not an object keyed by provider" };
  return { ok: true, value };
}

/** One provider's models from the models.dev catalogue, each checked. */
export function modelsDevModels(catalogue: ModelsDevCatalogue, key: string): Loaded<FeedCatalogue> {
  if (!Object.hasOwn(catalogue, key)) return { ok: false, error: `models.dev has no provider \`${key}\`` };
  const entry = catalogue[key];
  if (!isRecord(entry) || !isRecord(entry.models)) return { ok: false, error: `models.dev provider \`${key}\` has no \`models\` object` };
  const models: FeedModel[] = [];
  const rejected: string[] = [];
  for (const [id, model] of Object.entries(entry.models)) {
    const bad = badId(id);
    if (bad) {
      rejected.push(`a model id ${bad}`);
      continue;
    }
    if (!isRecord(model)) {
      rejected.push(`\`${id}\` is not an object`);
      continue;
    }
    const feedModel: FeedModel = { id };
    if (model.cost !== undefined) {
      if (!isRecord(model.cost)) rejected.push(`\`${id}\` cost is not an object`);
      else {
        const prices: FeedPrices = {};
        for (const [name, field] of Object.entries(MODELS_DEV_COST)) {
          if (model.cost[name] === undefined) continue;
          const price = checkPrice(model.cost[name]);
          if (price.ok) prices[field] = price.value;
          else rejected.push(`\`${id}\` cost.${name} ${price.why}`);
        }
        feedModel.prices = prices;
      }
    }
    models.push(feedModel);
  }
  return { ok: true, value: { models, rejected } };
}

// ── OpenAI-style /models ─────────────────────────────────────────────────

const OPENROUTER_PRICING: Record<string, PriceField> = {
  prompt: "input_tokens.no_cache",
  completion: "output_tokens.text",
  input_cache_read: "input_tokens.cache_read",
  input_cache_write: "input_tokens.cache_write",
  internal_reasoning: "output_tokens.reasoning",
};

/**
 * A per-token price as OpenRouter writes it (a decimal string, "0.000003"),
 * in USD per 1M tokens. The product is rounded to 12 significant digits:
 * 3e-6 × 1e6 in floating point is 2.9999999999999996, and the price is 3.
 */
export function perTokenToPerMillion(value: unknown): { ok: true; value: number } | { ok: false; why: string } {
  if (typeof value === "number") return checkPrice(value * 1e6);
  if (typeof value !== "string" || !/^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(value)) {
    return { ok: false, why: `is ${JSON.stringify(value)?.slice(0, 40) ?? String(value)}, not a per-token price` };
  }
  return checkPrice(Number(value) * 1e6);
}

/** `{ data: [{ id, pricing? }] }`: the ids, and OpenRouter-style per-token prices when present. */
export function v1ModelsList(value: unknown): Loaded<FeedCatalogue> {
  if (!isRecord(value) || !Array.isArray(value.data)) return { ok: false, error: 'the answer is not an OpenAI-style `{ "data": [ … ] }` model list' };
  const models: FeedModel[] = [];
  const rejected: string[] = [];
  for (const [index, item] of value.data.entries()) {
    if (!isRecord(item)) {
      rejected.push(`data[${index}] is not an object`);
      continue;
    }
    const bad = badId(item.id);
    if (bad) {
      rejected.push(`data[${index}].id ${bad}`);
      continue;
    }
    const model: FeedModel = { id: item.id as string };
    if (isRecord(item.pricing)) {
      const prices: FeedPrices = {};
      for (const [name, field] of Object.entries(OPENROUTER_PRICING)) {
        if (item.pricing[name] === undefined) continue;
        const price = perTokenToPerMillion(item.pricing[name]);
        if (price.ok) prices[field] = price.value;
        else rejected.push(`\`${model.id}\` pricing.${name} ${price.why}`);
      }
      model.prices = prices;
    }
    models.push(model);
  }
  return { ok: true, value: { models, rejected } };
}
