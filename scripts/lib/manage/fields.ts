/**
 * Every value `manage` can set, one row each: where it is written (a data
 * path under the provider, the model entry or the canonical model), its flag,
 * what kind of value it is (which decides how the flag is parsed and how a
 * terminal asks for it), and whether a terminal asks for it when missing.
 * Commands, parsing, prompts and writes all read these tables; adding a
 * field of SPEC §2 is adding a row (test/manage/fields.test.ts holds the
 * tables to the Zod schema).
 */
import type { DataPath } from "../problems.ts";
import type { Plain } from "../yaml/edit/index.ts";
import {
  ACCESS_MODES,
  BILLING_MODES,
  CANONICAL_ID_PATTERN,
  CAPABILITIES,
  DATE_PATTERN,
  ENDPOINT_KEYS,
  ENV_VAR_PATTERN,
  HTTPS_URL_PATTERN,
  INPUT_MODALITIES,
  MONTH_OR_DATE_PATTERN,
  OUTPUT_MODALITIES,
  PROTOCOLS,
  PROVIDER_KINDS,
  REASONING_EFFORT_LEVELS,
  REGION_CODE_PATTERN,
  REQUIRED_CONFIG,
  SLUG_PATTERN,
  STATUSES,
  SYNC_FEEDS,
  TOKEN_LIMIT_FIELDS,
} from "../schema-constants.ts";

/** What a value is: decides its flag parser and its prompt. */
export type ValueKind =
  | { type: "text"; pattern?: RegExp; hint?: string }
  | { type: "enum"; values: readonly string[] }
  | { type: "number"; min?: number; max?: number; integer?: boolean; unit?: string; what?: string }
  | { type: "boolean" }
  /** Comma-separated; `""` for an empty list. */
  | { type: "list"; values?: readonly string[]; pattern?: RegExp; noun?: string }
  /** A date, or `none` for an explicit null. */
  | { type: "nullable-date" }
  /** `key=value`, repeatable: each one sets one key of a mapping. */
  | { type: "pairs"; keys?: readonly string[] }
  /** A protocol, or an ordered list (`anthropic,openai`). */
  | { type: "protocol" }
  /** `<above>:<input>:<output>`, repeatable: the whole `context_tiers` list. */
  | { type: "tiers" };

export interface Field {
  /** Where the value goes, relative to the provider, the model entry or the canonical model. */
  path: DataPath;
  /** `--no-cache`; its argument placeholder follows. */
  flag: string;
  placeholder: string;
  help: string;
  kind: ValueKind;
  /**
   * Written as the `"*"` entry of a provider pattern list (`api_protocol`,
   * `rate_limits`) rather than at `path`; `key` names the limit inside it.
   */
  pattern?: { list: "api_protocol" | "rate_limits"; key?: string };
  /**
   * Asked for on a terminal when missing; lower asks first. `default` fills
   * the prompt; an answer equal to `implied` (what leaving the field out
   * means) is not written; `when` asks only given the values so far.
   */
  ask?: { order: number; message: string; default?: Plain; implied?: Plain; when?: (given: readonly GivenValue[]) => boolean };
  /** Needs another value written too (in the flags or already in the file), e.g. auth.env needs auth.kind. */
  needs?: DataPath;
}

/** A value given on the command line, with its row. */
export interface GivenValue {
  field: Field;
  value: Plain;
}

const url = { type: "text", pattern: HTTPS_URL_PATTERN, hint: "an https URL" } as const;
const date = { type: "text", pattern: DATE_PATTERN, hint: "a date, YYYY-MM-DD" } as const;
const price = { type: "number", min: 0, unit: "USD per 1M tokens" } as const;
const positive = { type: "number", min: 1, integer: true } as const;
const usd = (unit: string) => ({ type: "number", min: 0, unit }) as const;
const canonicalId = { type: "text", pattern: CANONICAL_ID_PATTERN, hint: "a canonical id, <org>/<model>" } as const;
const envName = { type: "text", pattern: ENV_VAR_PATTERN, hint: "an environment variable name, e.g. ACME_API_KEY" } as const;
const AUTH_KIND: DataPath = ["auth", "kind"];

// ── Providers (`add`) ────────────────────────────────────────────────────

export const PROVIDER_FIELDS: readonly Field[] = [
  {
    path: ["status"],
    flag: "--status",
    placeholder: "<status>",
    help: "routing status: only active providers are routed (required for a new provider)",
    kind: { type: "enum", values: STATUSES },
    ask: { order: 0, message: "Status (only active providers are routed to)", default: "active" },
  },
  {
    path: ["api_base"],
    flag: "--api-base",
    placeholder: "<url>",
    help: "https base URL of the API; may hold ${VAR} placeholders (required for a new provider unless --required-config holds base_url)",
    kind: url,
    ask: { order: 1, message: "API base URL" },
  },
  { path: ["display_name"], flag: "--display-name", placeholder: "<name>", help: "human-readable name", kind: { type: "text" } },
  {
    path: ["kind"],
    flag: "--kind",
    placeholder: "<kind>",
    help: "first_party, gateway, cloud or third_party (decides the router's provider class)",
    kind: { type: "enum", values: PROVIDER_KINDS },
  },
  {
    path: ["access"],
    flag: "--access",
    placeholder: "<access>",
    help: "how credentials are obtained (default api_key)",
    kind: { type: "enum", values: ACCESS_MODES },
  },
  {
    path: ["billing"],
    flag: "--billing",
    placeholder: "<billing>",
    help: "per-token billing (token, or usage_token) or a flat subscription",
    kind: { type: "enum", values: BILLING_MODES },
  },
  {
    path: ["required_config"],
    flag: "--required-config",
    placeholder: "<list>",
    help: `what a user must supply, comma-separated (${REQUIRED_CONFIG.join(", ")})`,
    kind: { type: "list", values: REQUIRED_CONFIG },
  },
  { path: ["doc_url"], flag: "--doc-url", placeholder: "<url>", help: "https URL of the public API documentation", kind: url },
  {
    path: ["api_protocol"],
    flag: "--protocol",
    placeholder: "<protocol>",
    help: 'protocol of its models, or an ordered list (anthropic,openai): the `"*"` entry of api_protocol',
    kind: { type: "protocol" },
    pattern: { list: "api_protocol" },
    ask: { order: 2, message: 'Protocol of its models (the `"*"` entry of api_protocol)', default: "openai", implied: "openai" },
  },
  {
    path: ["protocol_endpoints"],
    flag: "--endpoint",
    placeholder: "<protocol=url>",
    help: "endpoint base for one protocol (protocol_endpoints; a source name or a wire name); repeatable",
    kind: { type: "pairs", keys: ENDPOINT_KEYS },
  },
  {
    path: ["auth", "kind"],
    flag: "--auth-kind",
    placeholder: "<kind>",
    help: "authentication kind: bearer or header (a key in auth.env), oauth or native (a handler)",
    kind: { type: "enum", values: ["bearer", "header", "oauth", "native"] },
    ask: { order: 6, message: "Authentication (auth.kind; leave unset for a bearer key in {NAME}_API_KEY)" },
  },
  {
    path: ["auth", "env"],
    flag: "--auth-env",
    placeholder: "<name>",
    help: "environment variable holding the key (auth.env; default {NAME}_API_KEY)",
    kind: envName,
    needs: AUTH_KIND,
    ask: {
      order: 7,
      message: "Environment variable holding the key (auth.env)",
      when: (given) => given.some(({ field, value }) => field.path.join(".") === "auth.kind" && (value === "bearer" || value === "header")),
    },
  },
  {
    path: ["auth", "header"],
    flag: "--auth-header",
    placeholder: "<header>",
    help: "header carrying the key, for --auth-kind header (auth.header)",
    kind: { type: "text" },
    needs: AUTH_KIND,
  },
  {
    path: ["auth", "handler"],
    flag: "--auth-handler",
    placeholder: "<name>",
    help: "credential handler, for --auth-kind oauth or native (auth.handler)",
    kind: { type: "text" },
    needs: AUTH_KIND,
  },
  {
    path: ["auth", "extra_headers"],
    flag: "--auth-extra-header",
    placeholder: "<name=value>",
    help: "a static header sent with every request, never a secret (auth.extra_headers); repeatable",
    kind: { type: "pairs" },
    needs: AUTH_KIND,
  },
  {
    path: ["auth", "params"],
    flag: "--auth-param",
    placeholder: "<key=value>",
    help: "a public OAuth parameter (client_id, scope, endpoints; auth.params); repeatable",
    kind: { type: "pairs" },
    needs: AUTH_KIND,
  },
  {
    path: ["rate_limits"],
    flag: "--rpm",
    placeholder: "<n>",
    help: 'requests per minute: the `"*"` entry of rate_limits',
    kind: positive,
    pattern: { list: "rate_limits", key: "requests_per_minute" },
    ask: { order: 4, message: "Requests per minute (empty for none published)" },
  },
  {
    path: ["rate_limits"],
    flag: "--tpm",
    placeholder: "<n>",
    help: 'tokens per minute: the `"*"` entry of rate_limits',
    kind: positive,
    pattern: { list: "rate_limits", key: "tokens_per_minute" },
  },
  {
    path: ["weight"],
    flag: "--weight",
    placeholder: "<n>",
    help: "routing weight between 0 and 1 (default 1)",
    kind: { type: "number", min: 0, max: 1, what: "a weight between 0 and 1" },
    ask: { order: 3, message: "Routing weight, 0 to 1", default: 1, implied: 1 },
  },
  {
    path: ["contact"],
    flag: "--contact",
    placeholder: "<email>",
    help: "operational contact address",
    kind: { type: "text", pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, hint: "an email address" },
    ask: { order: 5, message: "Operational contact email (empty for none)" },
  },
  { path: ["submitted_at"], flag: "--submitted-at", placeholder: "<date>", help: "submission date, YYYY-MM-DD", kind: date },
  { path: ["community"], flag: "--community", placeholder: "<bool>", help: "community-submitted: true or false", kind: { type: "boolean" } },
  {
    path: ["metadata", "name"],
    flag: "--metadata-name",
    placeholder: "<name>",
    help: "the company or service behind the provider (metadata.name)",
    kind: { type: "text" },
  },
  {
    path: ["metadata", "slug"],
    flag: "--metadata-slug",
    placeholder: "<slug>",
    help: "lowercase letters, digits and - (metadata.slug)",
    kind: { type: "text", pattern: SLUG_PATTERN, hint: "lowercase letters, digits and -" },
  },
  {
    path: ["metadata", "headquarters"],
    flag: "--headquarters",
    placeholder: "<country>",
    help: "country of the headquarters, ISO 3166 alpha-2 such as US (metadata.headquarters)",
    kind: { type: "text", pattern: REGION_CODE_PATTERN, hint: "two uppercase letters" },
  },
  {
    path: ["metadata", "datacenters"],
    flag: "--datacenters",
    placeholder: "<list>",
    help: "where requests are served, comma-separated region codes such as US,EU (metadata.datacenters)",
    kind: { type: "list", pattern: REGION_CODE_PATTERN },
  },
  {
    path: ["metadata", "privacy_policy_url"],
    flag: "--privacy-policy-url",
    placeholder: "<url>",
    help: "https URL of the privacy policy (metadata)",
    kind: url,
  },
  { path: ["metadata", "status_page_url"], flag: "--status-page-url", placeholder: "<url>", help: "https URL of the status page (metadata)", kind: url },
  {
    path: ["metadata", "terms_of_service_url"],
    flag: "--terms-of-service-url",
    placeholder: "<url>",
    help: "https URL of the terms of service (metadata)",
    kind: url,
  },
  {
    path: ["auto_sync", "feed"],
    flag: "--auto-sync",
    placeholder: "<feed>",
    help: "where the router pulls the full catalogue (auto_sync.feed)",
    kind: { type: "enum", values: SYNC_FEEDS },
  },
  {
    path: ["auto_sync", "key"],
    flag: "--auto-sync-key",
    placeholder: "<key>",
    help: "the provider's models.dev key, for --auto-sync models_dev",
    kind: { type: "text" },
    needs: ["auto_sync", "feed"],
  },
  {
    path: ["auto_sync", "url"],
    flag: "--auto-sync-url",
    placeholder: "<url>",
    help: "the /models listing, for --auto-sync v1_models",
    kind: url,
    needs: ["auto_sync", "feed"],
  },
  {
    path: ["auto_sync", "urls"],
    flag: "--auto-sync-urls",
    placeholder: "<list>",
    help: "the pages to read, comma-separated https URLs, for --auto-sync agentic",
    kind: { type: "list", pattern: HTTPS_URL_PATTERN },
    needs: ["auto_sync", "feed"],
  },
  {
    path: ["auto_sync", "writes"],
    flag: "--auto-sync-writes",
    placeholder: "<list>",
    help: "what the sync may write: models, pricing",
    kind: { type: "list", values: ["models", "pricing"] },
    needs: ["auto_sync", "feed"],
  },
  {
    path: ["pricing", "source"],
    flag: "--pricing-source",
    placeholder: "<url>",
    help: "public page the provider's prices come from (pricing.source)",
    kind: url,
  },
  {
    path: ["pricing", "verified_at"],
    flag: "--pricing-verified-at",
    placeholder: "<date>",
    help: "when the prices were last checked, YYYY-MM-DD (pricing.verified_at)",
    kind: date,
  },
];

/** Provider fields `manage` does not set, and why. */
export const PROVIDER_FIELDS_NOT_SET: Readonly<Record<string, string>> = {
  name: "the <provider> argument",
  models: "add-model, update-model and remove-model",
  auth_scheme: "deprecated: set --auth-kind instead",
};

// ── Provider models (`add-model`, `update-model`) ────────────────────────

/** Every token rate a bracket can hold: its key under pricing, its flag, what it prices. */
const TOKEN_RATES = [
  { key: ["input_tokens", "no_cache"], flag: "no-cache", what: "uncached input tokens" },
  { key: ["input_tokens", "cache_read"], flag: "cache-read", what: "cached input tokens read" },
  { key: ["input_tokens", "cache_write"], flag: "cache-write", what: "input tokens written to the cache" },
  { key: ["input_tokens", "cache_write_1h"], flag: "cache-write-1h", what: "input tokens written to the 1-hour cache" },
  { key: ["input_tokens", "image"], flag: "image-input", what: "image input tokens" },
  { key: ["input_tokens", "audio"], flag: "audio-input", what: "audio input tokens" },
  { key: ["input_tokens", "video"], flag: "video-input", what: "video input tokens" },
  { key: ["output_tokens", "text"], flag: "output", what: "output tokens" },
  { key: ["output_tokens", "reasoning"], flag: "reasoning", what: "reasoning tokens" },
  { key: ["output_tokens", "image"], flag: "image-output", what: "image output tokens" },
  { key: ["output_tokens", "audio"], flag: "audio-output", what: "audio output tokens" },
] as const;
/** The rates with rows of their own (asked for on a terminal). */
const BASE_RATES = new Set(["input_tokens.no_cache", "input_tokens.cache_read", "input_tokens.cache_write", "output_tokens.text", "output_tokens.reasoning"]);

const SERVICE_TIERS = ["batch", "flex", "priority"] as const;

/** A service tier's rows: its multiplier, or each of its own flat rates (pricing.service_tiers.<tier>). */
function serviceTierFields(tier: (typeof SERVICE_TIERS)[number]): Field[] {
  const at = ["pricing", "service_tiers", tier];
  return [
    {
      path: [...at, "multiplier"],
      flag: `--${tier}-multiplier`,
      placeholder: "<factor>",
      help: `${tier} tier: every standard token rate times this factor, e.g. 0.5 (pricing.service_tiers.${tier}.multiplier)`,
      kind: { type: "number", min: 0, what: "a positive factor" },
    },
    ...TOKEN_RATES.map(
      (rate): Field => ({
        path: [...at, ...rate.key],
        flag: `--${tier}-${rate.flag}`,
        placeholder: "<usd>",
        help: `${tier} tier: price of ${rate.what}, USD per 1M`,
        kind: price,
      }),
    ),
  ];
}

export const MODEL_FIELDS: readonly Field[] = [
  { path: ["provider_model_id"], flag: "--provider-model-id", placeholder: "<id>", help: "the id the provider's API calls the model", kind: { type: "text" } },
  {
    path: ["pricing", "input_tokens", "no_cache"],
    flag: "--no-cache",
    placeholder: "<usd>",
    help: "price of uncached input tokens, USD per 1M (pricing.input_tokens.no_cache)",
    kind: price,
    ask: { order: 0, message: "Input price" },
  },
  {
    path: ["pricing", "input_tokens", "cache_read"],
    flag: "--cache-read",
    placeholder: "<usd>",
    help: "price of cached input tokens read, USD per 1M",
    kind: price,
    ask: { order: 1, message: "Cached input price" },
  },
  {
    path: ["pricing", "input_tokens", "cache_write"],
    flag: "--cache-write",
    placeholder: "<usd>",
    help: "price of input tokens written to the cache, USD per 1M",
    kind: price,
  },
  {
    path: ["pricing", "output_tokens", "text"],
    flag: "--output",
    placeholder: "<usd>",
    help: "price of output tokens, USD per 1M (pricing.output_tokens.text)",
    kind: price,
    ask: { order: 2, message: "Output price" },
  },
  { path: ["pricing", "output_tokens", "reasoning"], flag: "--reasoning", placeholder: "<usd>", help: "price of reasoning tokens, USD per 1M", kind: price },
  ...TOKEN_RATES.filter((rate) => !BASE_RATES.has(rate.key.join("."))).map(
    (rate): Field => ({ path: ["pricing", ...rate.key], flag: `--${rate.flag}`, placeholder: "<usd>", help: `price of ${rate.what}, USD per 1M`, kind: price }),
  ),
  {
    path: ["pricing", "per_request"],
    flag: "--per-request",
    placeholder: "<usd>",
    help: "fee per request, USD (pricing.per_request)",
    kind: usd("USD per request"),
  },
  {
    path: ["pricing", "per_image"],
    flag: "--per-image",
    placeholder: "<usd>",
    help: "price of each image generated, USD (pricing.per_image)",
    kind: usd("USD per image"),
  },
  {
    path: ["pricing", "per_1k_calls", "web_search"],
    flag: "--web-search",
    placeholder: "<usd>",
    help: "price of web search calls, USD per 1,000 calls (pricing.per_1k_calls.web_search)",
    kind: usd("USD per 1,000 calls"),
  },
  {
    path: ["pricing", "per_1k_calls", "file_search"],
    flag: "--file-search",
    placeholder: "<usd>",
    help: "price of file search calls, USD per 1,000 calls (pricing.per_1k_calls.file_search)",
    kind: usd("USD per 1,000 calls"),
  },
  ...SERVICE_TIERS.flatMap(serviceTierFields),
  {
    path: ["pricing", "context_tiers"],
    flag: "--context-tier",
    placeholder: "<above:input:output>",
    help: "a price tier for requests above a total input size, e.g. 200000:6:22.5 (pricing.context_tiers, replaced as a whole); repeatable",
    kind: { type: "tiers" },
  },
  { path: ["pricing", "source"], flag: "--pricing-source", placeholder: "<url>", help: "public page the price comes from (pricing.source)", kind: url },
  {
    path: ["pricing", "verified_at"],
    flag: "--verified-at",
    placeholder: "<date>",
    help: "when the price was last checked, YYYY-MM-DD (pricing.verified_at)",
    kind: date,
  },
  {
    path: ["api_protocol"],
    flag: "--protocol",
    placeholder: "<protocol>",
    help: "model-level protocol (beats every provider pattern), or an ordered list",
    kind: { type: "protocol" },
  },
  {
    path: ["capabilities"],
    flag: "--capabilities",
    placeholder: "<list>",
    help: 'comma-separated capabilities, e.g. tools,reasoning ("" for none)',
    kind: { type: "list", values: CAPABILITIES, noun: "capability" },
  },
  { path: ["rate_limits", "requests_per_minute"], flag: "--rpm", placeholder: "<n>", help: "model requests per minute", kind: positive },
  { path: ["rate_limits", "tokens_per_minute"], flag: "--tpm", placeholder: "<n>", help: "model tokens per minute", kind: positive },
  {
    path: ["deprecation_date"],
    flag: "--deprecation-date",
    placeholder: "<date>",
    help: "date the provider deprecates the model, YYYY-MM-DD (`none` for null)",
    kind: { type: "nullable-date" },
  },
  { path: ["retirement_date"], flag: "--retirement-date", placeholder: "<date>", help: "first day calls to the model fail, YYYY-MM-DD", kind: date },
  { path: ["replacement"], flag: "--replacement", placeholder: "<canonical-id>", help: "canonical id of the model that replaces it", kind: canonicalId },
  {
    path: ["max_input_tokens"],
    flag: "--max-input-tokens",
    placeholder: "<n>",
    help: "context window this provider serves, when it caps the canonical model's",
    kind: positive,
  },
  {
    path: ["max_output_tokens"],
    flag: "--max-output-tokens",
    placeholder: "<n>",
    help: "maximum output this provider serves, when it caps the canonical model's",
    kind: positive,
  },
  {
    path: ["reasoning_effort", "levels"],
    flag: "--reasoning-levels",
    placeholder: "<list>",
    help: `reasoning effort levels the model accepts, comma-separated (${REASONING_EFFORT_LEVELS.join(", ")})`,
    kind: { type: "list", values: REASONING_EFFORT_LEVELS, noun: "reasoning effort level" },
  },
  {
    path: ["reasoning_effort", "default"],
    flag: "--reasoning-default",
    placeholder: "<level>",
    help: "the level used when a request names none (one of the levels)",
    kind: { type: "enum", values: REASONING_EFFORT_LEVELS },
  },
  {
    path: ["compatibility", "chat_completions", "token_limit_field"],
    flag: "--token-limit-field",
    placeholder: "<field>",
    help: "the chat-completions field that caps output tokens",
    kind: { type: "enum", values: TOKEN_LIMIT_FIELDS },
  },
  {
    path: ["compatibility", "chat_completions", "supports_store"],
    flag: "--supports-store",
    placeholder: "<bool>",
    help: "whether chat completions accept `store`: true or false",
    kind: { type: "boolean" },
  },
  {
    path: ["compatibility", "chat_completions", "supports_stream_options"],
    flag: "--supports-stream-options",
    placeholder: "<bool>",
    help: "whether chat completions accept `stream_options`: true or false",
    kind: { type: "boolean" },
  },
];

export const MODEL_FIELDS_NOT_SET: Readonly<Record<string, string>> = {
  id: "the <canonical-id> argument",
  pricing_schedule: "schedule-price appends one (its values are the price rows above, under `--from <date>`); promote-price makes a due one the price in force",
  pricing_history: "promote-price (the price it replaces moves here)",
};

// ── Canonical models (`canonical add`) ───────────────────────────────────

const benchmark = (key: string, flag: string, help: string, kind: ValueKind): Field => ({
  path: ["benchmarks", "terminal_bench_2_1", key],
  flag: `--terminal-bench-${flag}`,
  placeholder: kind.type === "number" ? "<n>" : "<value>",
  help: `Terminal-Bench 2.1: ${help}`,
  kind,
});

export const CANONICAL_FIELDS: readonly Field[] = [
  {
    path: ["name"],
    flag: "--name",
    placeholder: "<name>",
    help: "human-readable name",
    kind: { type: "text" },
    ask: { order: 0, message: "Display name (empty to skip)" },
  },
  { path: ["description"], flag: "--description", placeholder: "<text>", help: "one or two sentences about the model", kind: { type: "text" } },
  {
    path: ["input_modalities"],
    flag: "--input-modalities",
    placeholder: "<list>",
    help: `what it accepts, comma-separated (${INPUT_MODALITIES.join(", ")})`,
    kind: { type: "list", values: INPUT_MODALITIES, noun: "modality" },
    ask: { order: 1, message: "Input modalities", default: ["text"] },
  },
  {
    path: ["output_modalities"],
    flag: "--output-modalities",
    placeholder: "<list>",
    help: `what it produces, comma-separated (${OUTPUT_MODALITIES.join(", ")})`,
    kind: { type: "list", values: OUTPUT_MODALITIES, noun: "modality" },
    ask: { order: 2, message: "Output modalities", default: ["text"] },
  },
  {
    path: ["max_input_tokens"],
    flag: "--max-input-tokens",
    placeholder: "<n>",
    help: "context window in tokens",
    kind: positive,
    ask: { order: 3, message: "Context window in tokens (empty if unknown)" },
  },
  {
    path: ["max_output_tokens"],
    flag: "--max-output-tokens",
    placeholder: "<n>",
    help: "maximum output in tokens",
    kind: positive,
    ask: { order: 4, message: "Maximum output tokens (empty if unknown)" },
  },
  { path: ["release_date"], flag: "--release-date", placeholder: "<date>", help: "public release date, YYYY-MM-DD", kind: date },
  {
    path: ["knowledge_cutoff"],
    flag: "--knowledge-cutoff",
    placeholder: "<date>",
    help: "training cut-off, YYYY-MM or YYYY-MM-DD",
    kind: { type: "text", pattern: MONTH_OR_DATE_PATTERN, hint: "YYYY-MM or YYYY-MM-DD" },
  },
  { path: ["open_weights"], flag: "--open-weights", placeholder: "<bool>", help: "whether the weights are public: true or false", kind: { type: "boolean" } },
  { path: ["family"], flag: "--family", placeholder: "<family>", help: "model family, e.g. claude-sonnet", kind: { type: "text" } },
  {
    path: ["aliases"],
    flag: "--aliases",
    placeholder: "<list>",
    help: 'other names lookups accept (dated snapshots, -latest names), comma-separated <org>/<model> ids ("" for none)',
    kind: { type: "list", pattern: CANONICAL_ID_PATTERN, noun: "alias" },
  },
  benchmark("accuracy", "accuracy", "share of tasks solved, percent (0–100)", { type: "number", min: 0, max: 100 }),
  benchmark("cost_per_task", "cost-per-task", "mean cost of one task, USD", { type: "number", min: 0 }),
  benchmark("time_per_task", "time-per-task", "mean wall time of one task", { type: "number", min: 0 }),
  benchmark("measured_by", "measured-by", "who ran it (`bitrouter` for the router's own runs)", { type: "text" }),
  benchmark("harness", "harness", "the agent harness the model ran in", { type: "text" }),
  benchmark("config", "config", "the harness configuration", { type: "text" }),
  benchmark("as_of", "as-of", "when it was measured, YYYY-MM-DD", date),
  benchmark("source_url", "source-url", "https URL of the published result (required unless measured by bitrouter)", url),
];

export const CANONICAL_FIELDS_NOT_SET: Readonly<Record<string, string>> = {
  id: "the <id> argument",
};

export { PROTOCOLS };
