/**
 * The schema's constants (patterns and enums) without Zod, so the hot path
 * and the rules can use them without loading Zod. schema.ts re-exports them.
 */

const SLUG = "[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?";
export const CANONICAL_ID_PATTERN = new RegExp(`^${SLUG}/${SLUG}$`);
export const PROVIDER_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
/** Kept as a named constant: `validate` reports a miss as `insecure-url`, not `schema`. */
export const HTTPS_URL_PATTERN = /^https:\/\/[^\s/?#]+(?:[/?#]\S*)?$/;
export const DATE_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
/** An exact model id, or a prefix followed by a single trailing `*`. */
export const MODEL_PATTERN_PATTERN = /^[^*]*\*?$/;

export const PROTOCOLS = ["openai", "anthropic", "google", "responses"] as const;
export const INPUT_MODALITIES = ["text", "image", "audio"] as const;
export const OUTPUT_MODALITIES = ["text", "audio"] as const;
export const STATUSES = ["active", "staging", "suspended", "withdrawn"] as const;
export const PROVIDER_KINDS = ["first_party", "gateway", "cloud", "third_party"] as const;
export const ACCESS_MODES = ["api_key", "local_oauth", "local_pkce", "private"] as const;
export const BILLING_MODES = ["token", "subscription"] as const;
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
