/**
 * The two view formats (SPEC §5): what each router generation reads, and how
 * a provider file and a canonical model become one item of that format.
 *
 * - `router` — what the router fetches today (`dist/registry/*.json`):
 *   `billing` written `usage_token`, `required_config` always present,
 *   `protocol_endpoints` keyed by wire names, `auto_sync` dropped, prices and
 *   `weight` written as an f64.
 * - `v2` — the July 2026 format (`dist/*.json`), unchanged for the registries
 *   it could express. Its routers deserialise closed enums, and one unknown
 *   value makes them drop the whole file, so a value outside them is written
 *   as its alias where one exists and otherwise left out with a warning.
 *
 * Both keep a `models: []` provider's `api_protocol` and `rate_limits`
 * pattern lists (the router applies them to the models it discovers) and
 * carry fields a generation does not know as written (both ignore unknown keys).
 */
import { resolvePattern } from "../patterns.ts";
import { isRecord } from "../data.ts";
import { formatF64, sortKeys } from "./render.ts";

export const VIEW_NAMES = ["v2", "router"] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

type Fields = Record<string, unknown>;

/** Something a view left out or rewrote, for the build to report. */
export interface ViewWarning {
  view: ViewName;
  /** The provider file or canonical model the value came from. */
  subject: string;
  message: string;
}

export type Warn = (message: string) => void;

/** What an absent optional field means, written out so no consumer has to know. */
export const VIEW_DEFAULTS = {
  access: "api_key",
  auth_scheme: "x-api-key",
  billing: "token",
  community: false,
  weight: 1,
} as const;

/** The protocol of a model no pattern matches (SPEC §2). */
export const DEFAULT_PROTOCOL = "openai";

/** Source protocol name → the router's wire name (its `protocol_endpoints` keys). */
const WIRE_NAMES: Record<string, string> = {
  openai: "chat_completions",
  anthropic: "messages",
  google: "generate_content",
  responses: "responses",
  antigravity: "antigravity",
};
const SOURCE_NAMES: Record<string, string> = Object.fromEntries(Object.entries(WIRE_NAMES).map(([source, wire]) => [wire, source]));

/** The closed enums of the v2 generation, where they are narrower than today's. */
const V2_PROTOCOLS = new Set(["openai", "anthropic", "google", "responses"]);
const V2_INPUT_MODALITIES = new Set(["text", "image", "audio"]);
const V2_AUTO_SYNC_FEEDS = new Set(["models_dev", "v1_models"]);

/** Provider fields the views replace by their per-model resolution. */
const PATTERN_FIELDS = new Set(["api_protocol", "rate_limits", "models"]);

const PLACEHOLDER = /\$\{/;

function protocolList(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [value as string];
}

export interface ProviderLike {
  name: string;
  models: Array<Fields & { id: string; provider_model_id: string }>;
  [field: string]: unknown;
}

/** A provider model with `api_protocol` and `rate_limits` resolved (§2); a null deprecation date left out. */
export function resolvedEntry(provider: ProviderLike, model: ProviderLike["models"][number]): Fields {
  const entry: Fields = { ...model };
  entry.api_protocol = model.api_protocol ?? resolvePattern(provider.api_protocol as never, model) ?? DEFAULT_PROTOCOL;
  entry.rate_limits = model.rate_limits ?? resolvePattern(provider.rate_limits as never, model);
  // A null deprecation date says "none announced": the views leave it out.
  if (entry.deprecation_date === null) entry.deprecation_date = undefined;
  return entry;
}

/**
 * f64 numbers in the router view. JSON.stringify prints `2`; the router's
 * build prints `2.0` (and `1e-6`, `1e16` where JavaScript prints
 * `0.000001`, `10000000000000000`). The f64 fields are the prices (token
 * rates, service-tier multipliers, fees), `weight` and the benchmark
 * metrics; their names hold a number nowhere else in a view
 * (every record a registry author names, such as `extra_headers`, holds
 * strings), so the rendered text is corrected by field name. Only the forms
 * that differ are touched: JavaScript already writes other numbers as ryu does.
 */
const F64_KEYS =
  "no_cache|cache_read|cache_write|cache_write_1h|image|audio|video|text|reasoning|multiplier|per_request|per_image|web_search|file_search|weight|accuracy|cost_per_task|time_per_task";
/** An integer up to 16 digits: the same digits with `.0`. */
const F64_INTEGRAL = new RegExp(`("(?:${F64_KEYS})": -?\\d{1,16})(?=[,\\n])`, "g");
/** The rare forms that need ryu's layout: an exponent, 17 or more digits, or below 1e-5. */
const F64_OTHER = new RegExp(`("(?:${F64_KEYS})": )(-?(?:\\d{17,}|\\d(?:\\.\\d+)?e[-+]?\\d+|0\\.00000\\d*))(?=[,\\n])`, "g");

export function f64Text(text: string): string {
  const integral = text.replace(F64_INTEGRAL, "$1.0");
  return integral.replace(F64_OTHER, (_match, prefix: string, number: string) => `${prefix}${formatF64(Number(number))}`);
}

export interface ViewFormat {
  readonly name: ViewName;
  /** Paths of the provider and model views, relative to the output directory. */
  readonly providersPath: string;
  readonly modelsPath: string;
  /**
   * The provider as this view carries it, keys sorted at every level below
   * the top; undefined to leave it out. `entries` are its models resolved
   * (`resolvedEntry`) with keys sorted, shared by every view: a view that
   * changes one copies it first, and a view that keeps them all returns this
   * very list as `models` (it is then rendered once for every view).
   */
  provider(provider: ProviderLike, entries: readonly Fields[], warn: Warn): Fields | undefined;
  /** The canonical model as this view carries it (keys sorted below the top). */
  canonical(model: Fields, warn: Warn): Fields;
  /** Final touch on rendered text. */
  finish(text: string): string;
}

/** Fields shared by both formats: defaults filled in, `id` and `byok` derived, the entries resolved. */
function baseProvider(provider: ProviderLike, billing: string, rewrite: (key: string, value: unknown) => unknown): Fields {
  const fields: Fields = { ...VIEW_DEFAULTS, billing };
  for (const key in provider) {
    if (PATTERN_FIELDS.has(key)) continue;
    const value = rewrite(key, provider[key]);
    if (value !== undefined) fields[key] = sortKeys(value);
  }
  fields.id = provider.name;
  fields.byok = fields.access === "api_key";
  return fields;
}

/** A `models: []` provider keeps its pattern lists: the router applies them to the models it discovers. */
function keepPatterns(fields: Fields, provider: ProviderLike, protocols: (value: unknown) => unknown): void {
  if (provider.models.length > 0) return;
  if (Array.isArray(provider.api_protocol)) {
    const kept: Fields[] = [];
    for (const entry of provider.api_protocol as Fields[]) {
      const rewritten: Fields = {};
      for (const pattern in entry) {
        const value = protocols(entry[pattern]);
        if (value !== undefined) rewritten[pattern] = value;
      }
      if (Object.keys(rewritten).length > 0) kept.push(rewritten);
    }
    fields.api_protocol = sortKeys(kept);
  }
  if (provider.rate_limits !== undefined) fields.rate_limits = sortKeys(provider.rate_limits);
}

/** `required_config` as written, else what `access` implies. */
export function requiredConfig(provider: ProviderLike): unknown {
  if (Array.isArray(provider.required_config)) return provider.required_config;
  switch (provider.access ?? "api_key") {
    case "local_oauth":
      return ["local_oauth"];
    case "local_pkce":
      return ["local_pkce"];
    case "private":
      return [];
    default:
      return ["api_key"];
  }
}

export const ROUTER_FORMAT: ViewFormat = {
  name: "router",
  providersPath: "registry/providers.json",
  modelsPath: "registry/models.json",
  provider(provider, entries) {
    const fields = baseProvider(provider, "usage_token", (key, value) => {
      switch (key) {
        case "auto_sync":
          return undefined; // the router's catalogue hint, not routing data
        case "billing":
          return value === "token" ? "usage_token" : value;
        case "protocol_endpoints": {
          const endpoints: Fields = {};
          for (const [protocol, url] of Object.entries(value as Fields)) endpoints[WIRE_NAMES[protocol] ?? protocol] = url;
          return endpoints;
        }
        default:
          return value;
      }
    });
    fields.required_config = requiredConfig(provider);
    keepPatterns(fields, provider, (value) => value);
    fields.models = entries;
    return fields;
  },
  canonical(model) {
    return sortKeys(model) as Fields;
  },
  finish: f64Text,
};

/** The protocols of a value v2 routers know: a list keeps its known members; undefined when none is left. */
function v2Protocols(value: unknown): unknown {
  if (!Array.isArray(value)) return V2_PROTOCOLS.has(value as string) ? value : undefined;
  const known = value.filter((protocol) => V2_PROTOCOLS.has(protocol as string));
  return known.length > 0 ? known : undefined;
}

function unknownProtocols(value: unknown): string {
  if (typeof value === "string" && V2_PROTOCOLS.has(value)) return "";
  return protocolList(value)
    .filter((protocol) => !V2_PROTOCOLS.has(protocol))
    .map((protocol) => `\`${protocol}\``)
    .join(", ");
}

export const V2_FORMAT: ViewFormat = {
  name: "v2",
  providersPath: "providers.json",
  modelsPath: "models.json",
  provider(provider, entries, warn) {
    if (typeof provider.api_base !== "string" || PLACEHOLDER.test(provider.api_base)) {
      warn(
        typeof provider.api_base === "string"
          ? `api_base ${provider.api_base} has placeholders v2 routers do not fill: provider left out of the v2 view`
          : "no api_base (v2 routers require one): provider left out of the v2 view",
      );
      return undefined;
    }
    const fields = baseProvider(provider, "token", (key, value) => {
      switch (key) {
        case "billing":
          return value === "usage_token" ? "token" : value;
        case "protocol_endpoints": {
          const endpoints: Fields = {};
          for (const [protocol, url] of Object.entries(value as Fields)) {
            const source = SOURCE_NAMES[protocol] ?? protocol;
            if (V2_PROTOCOLS.has(source)) endpoints[source] = url;
            else warn(`protocol_endpoints.${protocol}: v2 routers do not know the protocol: left out`);
          }
          return endpoints;
        }
        case "auto_sync":
          if (isRecord(value) && !V2_AUTO_SYNC_FEEDS.has(value.feed as string)) {
            warn(`auto_sync feed \`${String(value.feed)}\` is unknown to v2 routers: auto_sync left out`);
            return undefined;
          }
          return value;
        default:
          return value;
      }
    });
    keepPatterns(fields, provider, v2Protocols);
    if (provider.models.length === 0 && Array.isArray(provider.api_protocol)) {
      for (const entry of provider.api_protocol as Fields[]) {
        for (const pattern in entry) {
          const unknown = unknownProtocols(entry[pattern]);
          if (unknown) warn(`api_protocol pattern "${pattern}": ${unknown} unknown to v2 routers: left out`);
        }
      }
    }
    const models: Fields[] = [];
    let changed = false;
    for (const entry of entries) {
      const unknown = unknownProtocols(entry.api_protocol);
      if (!unknown) {
        models.push(entry);
        continue;
      }
      changed = true;
      const protocols = v2Protocols(entry.api_protocol);
      if (protocols === undefined) {
        warn(`model ${String(entry.id)}: its protocols (${unknown}) are unknown to v2 routers: entry left out of the v2 view`);
        continue;
      }
      warn(`model ${String(entry.id)}: ${unknown} unknown to v2 routers: left out of its api_protocol`);
      models.push({ ...entry, api_protocol: protocols });
    }
    // The shared list itself when nothing changed: the collector renders it once for every view.
    fields.models = changed ? models : entries;
    return fields;
  },
  canonical(model, warn) {
    const fields = sortKeys(model) as Fields;
    if (Array.isArray(fields.input_modalities)) {
      const unknown = fields.input_modalities.filter((modality) => !V2_INPUT_MODALITIES.has(modality as string));
      if (unknown.length > 0) {
        warn(`input_modalities ${unknown.map((modality) => `\`${String(modality)}\``).join(", ")} unknown to v2 routers: left out`);
        fields.input_modalities = fields.input_modalities.filter((modality) => V2_INPUT_MODALITIES.has(modality as string));
      }
    }
    return fields;
  },
  finish: (text) => text,
};

export const VIEW_FORMATS: Record<ViewName, ViewFormat> = { v2: V2_FORMAT, router: ROUTER_FORMAT };
