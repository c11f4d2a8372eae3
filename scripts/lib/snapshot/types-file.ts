/**
 * The package's `index.d.ts`: the data types generated from the view schemas
 * (themselves built on the Zod source schema), then the module's API.
 */
import { z } from "zod";
import {
  authSchema,
  autoSyncSchema,
  CAPABILITIES,
  contextTierSchema,
  modelRateLimitsSchema,
  pricingSchema,
  protocolSchema,
  protocolValueSchema,
  serviceTierSchema,
} from "../schema.ts";
import { declarations } from "./dts.ts";
import { modelProviderViewSchema, modelViewSchema, providerEntryViewSchema, providerViewSchema } from "./view-schema.ts";

const TYPES = [
  { name: "Protocol", schema: protocolSchema },
  { name: "ProtocolValue", schema: protocolValueSchema },
  { name: "Capability", schema: z.enum(CAPABILITIES) },
  { name: "RateLimits", schema: modelRateLimitsSchema },
  { name: "ContextTier", schema: contextTierSchema },
  { name: "ServiceTier", schema: serviceTierSchema },
  { name: "Pricing", schema: pricingSchema },
  { name: "Auth", schema: authSchema },
  { name: "AutoSync", schema: autoSyncSchema },
  { name: "ProviderModel", schema: providerEntryViewSchema },
  { name: "Provider", schema: providerViewSchema },
  { name: "ModelProvider", schema: modelProviderViewSchema },
  { name: "Model", schema: modelViewSchema },
];

/** The module's API; the data types above it are generated. */
const API = `export interface Snapshot {
  /** The version of this package. */
  version: string;
  /** sha256 (hex) of providers.json followed by models.json, the exact bytes shipped. */
  hash: string;
  /** Every provider, by name (providers.json). */
  providers: Provider[];
  /** Every canonical model, by id, with the providers serving it (models.json). */
  models: Model[];
}

export interface ProviderFilter {
  /** Only entries declaring every one of these capabilities. */
  capabilities?: Capability[];
  /** Include providers whose status is not \`active\` (default false). */
  includeInactive?: boolean;
}

export interface CostRequest {
  /** Provider name. */
  provider: string;
  /** Canonical model id, one of its aliases, or the provider's own id for it. */
  model: string;
  /** The day the request ran (a Date, or YYYY-MM-DD in UTC); picks the price in force. Default: today. */
  date?: Date | string;
  /** The service tier it ran in (default standard); a tier the entry does not price leaves the request unpriced. */
  service_tier?: "standard" | "batch" | "flex" | "priority";
  /** Uncached text input tokens. */
  input_tokens: number;
  /** Text output tokens, reasoning excluded. */
  output_tokens: number;
  /** Input tokens read from the prompt cache. */
  cache_read_tokens?: number;
  /** Input tokens written to the prompt cache (default lifetime). */
  cache_write_tokens?: number;
  /** Input tokens written to the prompt cache with a 1-hour lifetime. */
  cache_write_1h_tokens?: number;
  /** Reasoning tokens, billed on top of output_tokens. */
  reasoning_tokens?: number;
  /** Image, audio and video input tokens, on top of input_tokens. */
  image_input_tokens?: number;
  audio_input_tokens?: number;
  video_input_tokens?: number;
  /** Image and audio output tokens, on top of output_tokens. */
  image_output_tokens?: number;
  audio_output_tokens?: number;
  /** Images generated (billed per image). */
  images?: number;
  /** Server-side web search and file search calls. */
  web_search_calls?: number;
  file_search_calls?: number;
  /** How many requests this usage covers, for a per-request fee (default 1). */
  requests?: number;
}

/** One priced part of a request. */
export interface CostLine {
  /** The request field it prices, e.g. cache_read_tokens, images, requests. */
  item: string;
  quantity: number;
  /** What \`rate\` is per: "1M tokens", "image", "1K calls" or "request". */
  unit: string;
  /** USD per unit, after the service tier. */
  rate: number;
  usd: number;
}

/** Usage the entry has no price for. */
export interface UnpricedItem {
  item: string;
  quantity: number;
  reason: string;
}

export interface CostBreakdown {
  /** USD; undefined whenever \`unpriced\` is not empty (never billed at zero). */
  total: number | undefined;
  currency: "USD";
  /** The request's day, YYYY-MM-DD. */
  date: string;
  /** Which price applied: the current one, a scheduled one that had started, or a past one. */
  price: "current" | "scheduled" | "past";
  effective_from?: string;
  effective_until?: string;
  service_tier: string;
  /** above_input_tokens of the context tier applied; null for the base bracket. */
  context_tier: number | null;
  lines: CostLine[];
  unpriced: UnpricedItem[];
}

/** The snapshot this package carries. Treat it as read-only. */
export declare const snapshot: Snapshot;

/** A provider by name; undefined when absent. O(1). */
export declare function getProvider(name: string): Provider | undefined;

/** A canonical model by id or alias; undefined when absent. O(1). */
export declare function getModel(id: string): Model | undefined;

/**
 * The entries serving a model: active providers only unless includeInactive,
 * only entries declaring every requested capability; cheapest first by
 * input_tokens.no_cache + output_tokens.text, unpriced last, then by provider name.
 */
export declare function providersFor(modelId: string, options?: ProviderFilter): ModelProvider[];

/**
 * How a model name resolves: \`"provider:model"\` pins one entry (none when
 * absent or filtered out); a bare canonical id is the same as providersFor(id).
 */
export declare function resolve(name: string, options?: ProviderFilter): ModelProvider[];

/**
 * The price of one request in USD, with the price in force on its date and its service tier.
 * The bracket (base or context tier) is chosen by total input (every input token count): the
 * highest tier whose above_input_tokens is strictly below it, else the base; its rates apply
 * to the whole request. Missing cache_read/cache_write rates bill at the bracket's no_cache
 * rate, a missing reasoning rate at its text rate. undefined when the entry is unknown, its
 * bracket has no no_cache or text rate, or any usage is in a unit it does not price.
 * Throws TypeError on a negative or non-numeric count or a malformed date.
 */
export declare function cost(request: CostRequest): number | undefined;

/** cost(), line by line, with the usage it could not price; undefined when the entry is unknown. */
export declare function costBreakdown(request: CostRequest): CostBreakdown | undefined;
`;

export function typesFile(): string {
  return `// Generated by \`build\` from the registry's Zod schemas. Do not edit.\n\n${declarations(TYPES)}\n${API}`;
}
