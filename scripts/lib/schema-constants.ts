/**
 * The schema's constants (patterns, enums and bounds) without Zod, so the hot
 * path and the rules can use them without loading Zod. schema.ts re-exports them.
 *
 * Every pattern is published in the JSON Schemas, so it is written for every
 * common validator, not only JavaScript's: `[0-9]` rather than `\d` (which in
 * Python matches any Unicode digit), and an end that is the end of the text
 * in Python's `re` too, whose `$` also matches before a final newline.
 */

/** `^body$`, where `$` means the end of the text in JavaScript and Python alike. */
function whole(body: string): RegExp {
  return new RegExp(`^${body}$(?!\\n)`);
}

const SLUG = "[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?";
const DAY = "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";
/** A record key may be anything but `__proto__`, which a JavaScript consumer cannot hold as a plain key. */
const NOT_PROTO = "(?!__proto__$(?!\\n))";

export const CANONICAL_ID_PATTERN = whole(`${SLUG}/${SLUG}`);
/** `_cn`, `_eu` mark an entity or region variant (`alibaba_cn`). */
export const PROVIDER_NAME_PATTERN = whole("[a-z][a-z0-9_-]*");
/**
 * Kept as a named constant: `validate` reports a miss as `insecure-url`, not `schema`.
 * `${VAR}` placeholders pass here; `insecure-url` judges where they sit.
 */
export const HTTPS_URL_PATTERN = whole("https://[^\\s/?#]+(?:[/?#]\\S*)?");
export const DATE_PATTERN = whole(DAY);
export const MONTH_OR_DATE_PATTERN = whole("[0-9]{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?");
/** An exact model id, or a prefix followed by a single trailing `*`. */
export const MODEL_PATTERN_PATTERN = whole(`${NOT_PROTO}[^*]*\\*?`);
/** A key of a free-form record (`extra_headers`, `params`): not empty, not `__proto__`. */
export const RECORD_KEY_PATTERN = whole(`${NOT_PROTO}[\\s\\S]+`);
export const ENV_VAR_PATTERN = whole("[A-Za-z_][A-Za-z0-9_]*");
/** `metadata.slug`: lowercase letters, digits and `-`. */
export const SLUG_PATTERN = whole("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
/** An ISO 3166 alpha-2 country code (`headquarters`), or a region such as `EU` (`datacenters`). */
export const REGION_CODE_PATTERN = whole("[A-Z]{2}");

/** Rate limits are u32 in the router. */
export const MAX_U32 = 4_294_967_295;
/** Every number must be finite; a bound JSON Schema validators can check (they read `.inf` as a number). */
export const MAX_FINITE = Number.MAX_VALUE;

export const PROTOCOLS = ["openai", "anthropic", "google", "responses", "antigravity"] as const;
/**
 * `protocol_endpoints` keys: a source protocol name, or the router's wire name
 * for it. One protocol written both ways is an error.
 */
export const ENDPOINT_WIRE_NAMES = { openai: "chat_completions", anthropic: "messages", google: "generate_content", responses: "responses" } as const;
export const ENDPOINT_KEYS = ["openai", "anthropic", "google", "responses", "chat_completions", "messages", "generate_content"] as const;
export const INPUT_MODALITIES = ["text", "image", "audio", "video"] as const;
export const OUTPUT_MODALITIES = ["text", "audio"] as const;
export const STATUSES = ["active", "staging", "suspended", "withdrawn"] as const;
export const PROVIDER_KINDS = ["first_party", "gateway", "cloud", "third_party"] as const;
export const ACCESS_MODES = ["api_key", "local_oauth", "local_pkce", "private"] as const;
/** `token` and `usage_token` are the same value (the router reads `token` as its alias). */
export const BILLING_MODES = ["token", "usage_token", "subscription"] as const;
export const REQUIRED_CONFIG = ["api_key", "base_url", "local_oauth", "local_pkce"] as const;
export const REASONING_EFFORT_LEVELS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export const TOKEN_LIMIT_FIELDS = ["max_tokens", "max_completion_tokens"] as const;
export const SYNC_FEEDS = ["models_dev", "v1_models", "agentic"] as const;
export const CAPABILITIES = [
  "structured_outputs",
  "tools",
  "reasoning",
  "web_search",
  "logprobs",
  "image_input",
  "audio_input",
  "video_input",
  "file_input",
  "image_output",
  "audio_output",
] as const;
