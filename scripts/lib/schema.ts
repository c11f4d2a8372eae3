/**
 * The single source of truth for the registry file shapes (SPEC §2):
 * canonical.yaml, models/<org>.yaml and providers/<name>.yaml.
 *
 * Everything else derives from this module: the TypeScript types below, the
 * JSON Schemas under `schemas/` and validate's compiled check (written by
 * `bun run generate`), the snapshot's types,
 * and the `schema` rule of `validate`. Objects are strict everywhere: an
 * unknown key is an error, which is how typos like `pricng` get caught.
 */
import { z } from "zod";
import {
  ACCESS_MODES,
  BILLING_MODES,
  CANONICAL_ID_PATTERN,
  CAPABILITIES,
  DATE_PATTERN,
  ENDPOINT_WIRE_NAMES,
  ENV_VAR_PATTERN,
  HTTPS_URL_PATTERN,
  INPUT_MODALITIES,
  MAX_FINITE,
  MAX_U32,
  MODEL_PATTERN_PATTERN,
  MONTH_OR_DATE_PATTERN,
  OUTPUT_MODALITIES,
  PROTOCOLS,
  PROVIDER_KINDS,
  PROVIDER_NAME_PATTERN,
  REASONING_EFFORT_LEVELS,
  RECORD_KEY_PATTERN,
  REGION_CODE_PATTERN,
  REQUIRED_CONFIG,
  SLUG_PATTERN,
  STATUSES,
  TOKEN_LIMIT_FIELDS,
} from "./schema-constants.ts";
import {
  benchmarkRefinementIssues,
  datedPricesRefinementIssues,
  endpointRefinementIssues,
  modelRefinementIssues,
  pricingRefinementIssues,
  providerRefinementIssues,
  type RefinementIssue,
  serviceTierRefinementIssues,
} from "./schema-refinements.ts";

export * from "./schema-constants.ts";

// ── Shared building blocks ───────────────────────────────────────────────

/** Hands the plain-function refinements' issues to Zod. */
const refined =
  <T>(issues: (value: T) => readonly RefinementIssue[]) =>
  (value: T, ctx: z.RefinementCtx) => {
    for (const { at, ...issue } of issues(value)) ctx.addIssue({ code: "custom", ...issue, ...(at ? { params: { at } } : {}) });
  };

/**
 * Runs a refinement even when the object has other problems (Zod skips it
 * then by default), so one run reports every problem; the refinement reads
 * its input defensively.
 */
const evenWithOtherProblems = {
  when: (payload: { value: unknown }) => payload.value !== null && typeof payload.value === "object" && !Array.isArray(payload.value),
};

const httpsUrl = (description: string) =>
  z
    .string()
    .regex(HTTPS_URL_PATTERN)
    .meta({ description: `${description} Must be an https URL.` });

/** Zod's own email pattern, ended so that Python's `re` does not accept a trailing newline either. */
const EMAIL_PATTERN = new RegExp(`${z.regexes.email.source}(?!\\n)`);

const date = (description: string) =>
  z
    .string()
    .regex(DATE_PATTERN)
    .meta({ description: `${description} Format YYYY-MM-DD.` });

/** A positive whole number within JavaScript's safe integers (z.int()'s own bound). */
const positiveInt = (description: string) => z.int().positive().meta({ description });

/** A positive whole number the router holds in a u32. */
const positiveU32 = (description: string) => z.int().positive().max(MAX_U32).meta({ description });

/** Finite and non-negative; the maximum is there for JSON Schema validators, which read `.inf` as a number. */
const nonNegativeFinite = (description: string) => z.number().nonnegative().max(MAX_FINITE).meta({ description });

const price = (description: string) => nonNegativeFinite(`${description} USD per 1M tokens.`);

/** A list without repeats (`uniqueItems` for JSON Schema consumers; the refinement for Zod). */
const uniqueList = <T extends z.ZodType>(item: T, description: string) =>
  z
    .array(item)
    .superRefine((items, ctx) => {
      const seen = new Set<unknown>();
      items.forEach((item, i) => {
        if (seen.has(item)) ctx.addIssue({ code: "custom", path: [i], message: `\`${String(item)}\` is listed twice; list each value once` });
        seen.add(item);
      });
    })
    .meta({ description, uniqueItems: true });

/** A free-form record's key: not empty, not `__proto__`. */
const recordKey = z.string().regex(RECORD_KEY_PATTERN);

export const protocolSchema = z.enum(PROTOCOLS).meta({
  title: "API protocol",
  description:
    "Wire protocol the endpoint speaks: openai (chat completions), anthropic (messages), google (generateContent), responses (OpenAI Responses API) or antigravity (Google's Antigravity gateway; only the current router reads it).",
});

/** A protocol, or an ordered non-empty list of protocols to try in turn. */
export const protocolValueSchema = z
  .union([protocolSchema, z.array(protocolSchema).min(1)])
  .meta({ description: "A protocol, or an ordered non-empty list of protocols (first preferred)." });

export const modelRateLimitsSchema = z
  .strictObject({
    requests_per_minute: positiveU32("Requests per minute allowed for this model (at most 4294967295).").optional(),
    tokens_per_minute: positiveU32("Tokens per minute allowed for this model (at most 4294967295).").optional(),
  })
  .meta({ title: "Rate limits", description: "Published rate limits; absent means unknown." });

/**
 * `- "<glob>": value` — a list of one-key mappings, so the order in the file is
 * the author's; resolution picks the most specific match (SPEC §2).
 */
const patternList = <T extends z.ZodType>(value: T, what: string) =>
  z
    .array(
      z
        .record(z.string().min(1).regex(MODEL_PATTERN_PATTERN), value)
        .refine((entry) => Object.keys(entry).length === 1, {
          message: 'each entry must have exactly one `"<pattern>": value` key',
        })
        .meta({ minProperties: 1, maxProperties: 1 }),
    )
    .meta({
      description: `${what} by model pattern: a list of one-key entries \`- "<pattern>": value\`. A pattern is an exact model id or a prefix followed by \`*\` (\`*\` alone matches every model); it matches a model's provider_model_id or its canonical id. The most specific match wins; a model-level value beats every pattern.`,
    });

// ── Pricing ──────────────────────────────────────────────────────────────

const inputPricesShape = {
  no_cache: price("Uncached input tokens.").optional(),
  cache_read: price("Input tokens read from the prompt cache.").optional(),
  cache_write: price(
    "Input tokens written to the prompt cache (the default, shortest cache lifetime; 5 minutes where the provider offers several).",
  ).optional(),
  cache_write_1h: price("Input tokens written to the prompt cache with a 1-hour lifetime.").optional(),
  image: price("Image input tokens; absent means image tokens are not priced.").optional(),
  audio: price("Audio input tokens; absent means audio tokens are not priced.").optional(),
  video: price("Video input tokens; absent means video tokens are not priced.").optional(),
};
const outputPricesShape = {
  text: price("Output tokens.").optional(),
  reasoning: price("Reasoning tokens (billed on top of output tokens); absent means billed at the text rate.").optional(),
  image: price("Image output tokens; absent means image output tokens are not priced.").optional(),
  audio: price("Audio output tokens; absent means audio output tokens are not priced.").optional(),
};

export const inputPricesSchema = z.strictObject(inputPricesShape).meta({ description: "Input token prices, USD per 1M tokens." });
export const outputPricesSchema = z.strictObject(outputPricesShape).meta({ description: "Output token prices, USD per 1M tokens." });

export const contextTierSchema = z
  .strictObject({
    above_input_tokens: positiveInt("The tier applies when the request's total input tokens are strictly above this threshold."),
    input_tokens: z
      .strictObject({ ...inputPricesShape, no_cache: price("Uncached input tokens.") })
      .meta({ description: "Input token prices in this tier, USD per 1M tokens." }),
    output_tokens: z
      .strictObject({ ...outputPricesShape, text: price("Output tokens.") })
      .meta({ description: "Output token prices in this tier, USD per 1M tokens." }),
  })
  .meta({
    title: "Context tier",
    description: "Prices for requests whose total input exceeds `above_input_tokens`; the whole request is billed at the tier's rates.",
  });

/** A service tier: a multiplier on the standard token rates, or its own flat token prices. */
export const serviceTierSchema = z
  .strictObject({
    multiplier: z
      .number()
      .positive()
      .max(MAX_FINITE)
      .meta({ description: "Every token rate of the standard bracket (context tier included) times this factor, e.g. 0.5 for batch." })
      .optional(),
    input_tokens: inputPricesSchema.optional(),
    output_tokens: outputPricesSchema.optional(),
  })
  .superRefine(refined(serviceTierRefinementIssues))
  .meta({
    title: "Service tier",
    description:
      "The token prices of one service tier: either `multiplier` (on the standard rates) or explicit `input_tokens` (with no_cache) and `output_tokens` (with text), flat for every request size. Per-request, per-image and per-call fees stay the standard ones.",
    if: { required: ["multiplier"] },
    then: { not: { anyOf: [{ required: ["input_tokens"] }, { required: ["output_tokens"] }] } },
    else: {
      required: ["input_tokens", "output_tokens"],
      properties: { input_tokens: { required: ["no_cache"] }, output_tokens: { required: ["text"] } },
    },
  });

export const serviceTiersSchema = z
  .strictObject({
    batch: serviceTierSchema.meta({ description: "Asynchronous batch requests." }).optional(),
    flex: serviceTierSchema.meta({ description: "Flex processing: slower, cheaper, may be refused under load." }).optional(),
    priority: serviceTierSchema.meta({ description: "Priority processing: faster, dearer." }).optional(),
  })
  .meta({ title: "Service tiers", description: "Prices of the service tiers beside the standard one (`pricing` itself)." });

export const callPricesSchema = z
  .strictObject({
    web_search: nonNegativeFinite("Web search calls, USD per 1,000 calls.").optional(),
    file_search: nonNegativeFinite("File search calls, USD per 1,000 calls.").optional(),
  })
  .meta({ description: "Server-side tool calls, USD per 1,000 calls." });

const provenanceShape = {
  source: httpsUrl("The public page this price was taken from.").optional(),
  verified_at: date("When the price was last checked against `source`.").optional(),
};

/** Provenance given once for every entry of a provider that does not give its own. */
export const pricingProvenanceSchema = z.strictObject(provenanceShape).meta({
  title: "Pricing provenance",
  description: "Where this provider's prices come from and when they were checked; an entry's own pricing.source / pricing.verified_at win.",
});

/** Every price field of a pricing block (the price in force, or a dated one). */
const pricedShape = {
  ...provenanceShape,
  input_tokens: inputPricesSchema.optional(),
  output_tokens: outputPricesSchema.optional(),
  context_tiers: z
    .array(contextTierSchema)
    .min(1)
    .meta({
      description:
        "A step function over total input tokens, thresholds strictly increasing. A tiered model needs input_tokens.no_cache and output_tokens.text in its base bracket.",
    })
    .optional(),
  service_tiers: serviceTiersSchema.optional(),
  per_request: nonNegativeFinite("A fee per request, USD, on top of the token prices.").optional(),
  per_image: nonNegativeFinite("Each image generated, USD.").optional(),
  per_1k_calls: callPricesSchema.optional(),
};

/** The base-bracket rule, for editors and other JSON Schema consumers. */
const tieredNeedsBase = {
  if: { required: ["context_tiers"] },
  then: {
    required: ["input_tokens", "output_tokens"],
    properties: { input_tokens: { required: ["no_cache"] }, output_tokens: { required: ["text"] } },
  },
};

export const pricingSchema = z
  .strictObject(pricedShape)
  .superRefine(refined(pricingRefinementIssues))
  .meta({
    title: "Pricing",
    description:
      "The price in force: USD per 1M tokens, non-negative and finite, with where the price comes from (source, verified_at); service tiers, and per-request, per-image and per-call fees in USD. With context_tiers, the base bracket needs input_tokens.no_cache and output_tokens.text. Not expressible in JSON Schema and checked by `validate`: tier thresholds strictly increase.",
    ...tieredNeedsBase,
  });

/** A price that ended: in force for requests before `effective_until`. */
export const pastPricingSchema = z
  .strictObject({ effective_until: date("The first day this price no longer applied (the day its successor took effect)."), ...pricedShape })
  .superRefine(refined(pricingRefinementIssues))
  .meta({ title: "Past price", description: "A price that applied to requests before `effective_until`; the same fields as pricing.", ...tieredNeedsBase });

/** An announced price: in force for requests on or after `effective_from`. */
export const scheduledPricingSchema = z
  .strictObject({ effective_from: date("The first day this price applies."), ...pricedShape })
  .superRefine(refined(pricingRefinementIssues))
  .meta({
    title: "Scheduled price",
    description:
      "An announced price that applies to requests on or after `effective_from`; the same fields as pricing. `manage promote-price` makes it the price in force.",
    ...tieredNeedsBase,
  });

// ── Canonical models ─────────────────────────────────────────────────────

export const terminalBenchSchema = z
  .strictObject({
    accuracy: z.number().min(0).max(100).meta({ description: "Share of tasks solved, in percent (0–100)." }).optional(),
    cost_per_task: nonNegativeFinite("Mean cost of one task, USD.").optional(),
    time_per_task: nonNegativeFinite("Mean wall time of one task, seconds.").optional(),
    measured_by: z.string().min(1).meta({ description: "Who ran it; `bitrouter` for the router's own runs." }).optional(),
    harness: z.string().min(1).meta({ description: "The agent harness the model ran in." }).optional(),
    config: z.string().min(1).meta({ description: "The harness configuration." }).optional(),
    as_of: date("When it was measured.").optional(),
    source_url: httpsUrl("The published result; required unless measured_by is `bitrouter`.").optional(),
  })
  .superRefine(refined(benchmarkRefinementIssues))
  .meta({
    title: "Terminal-Bench 2.1 result",
    description: "A Terminal-Bench 2.1 result; source_url is required unless measured_by is `bitrouter`.",
    if: { required: ["measured_by"], properties: { measured_by: { const: "bitrouter" } } },
    else: { required: ["source_url"] },
  });

export const benchmarksSchema = z
  .strictObject({ terminal_bench_2_1: terminalBenchSchema.optional() })
  .meta({ title: "Benchmarks", description: "Published benchmark results for the model." });

export const canonicalModelSchema = z
  .strictObject({
    id: z.string().regex(CANONICAL_ID_PATTERN).meta({ description: "Canonical id `<org>/<model>`, lowercase: letters, digits, `.`, `_`, `-`." }),
    name: z.string().min(1).meta({ description: "Human-readable name." }).optional(),
    description: z.string().meta({ description: "One or two sentences about the model." }).optional(),
    input_modalities: z.array(z.enum(INPUT_MODALITIES)).meta({ description: "What the model accepts." }).optional(),
    output_modalities: z.array(z.enum(OUTPUT_MODALITIES)).meta({ description: "What the model produces." }).optional(),
    max_input_tokens: positiveInt("Context window, in tokens.").optional(),
    max_output_tokens: positiveInt("Maximum output, in tokens.").optional(),
    release_date: date("Public release date.").optional(),
    knowledge_cutoff: z.string().regex(MONTH_OR_DATE_PATTERN).meta({ description: "Training data cut-off, YYYY-MM or YYYY-MM-DD." }).optional(),
    open_weights: z.boolean().meta({ description: "Whether the weights are publicly downloadable." }).optional(),
    family: z.string().min(1).meta({ description: "Model family, e.g. `claude-sonnet`." }).optional(),
    aliases: uniqueList(
      z.string().regex(CANONICAL_ID_PATTERN),
      "Other names lookups accept for this model (dated snapshots, `-latest` names), `<org>/<model>` like an id. Not expressible in JSON Schema and checked by `validate`: no alias is another model's id or alias.",
    ).optional(),
    benchmarks: benchmarksSchema.optional(),
  })
  .meta({ title: "Canonical model" });

export const canonicalFileSchema = z
  .strictObject({
    models: z.array(canonicalModelSchema).min(1).meta({ description: "The shared model vocabulary; ids must be unique." }),
  })
  .meta({
    title: "canonical.yaml",
    description: "The registry's canonical model vocabulary. Not expressible in JSON Schema and checked by `validate`: ids are unique.",
  });

/** `models/<org>.yaml`: the other layout, one sequence of canonical models per org. */
export const canonicalModelsFileSchema = z.array(canonicalModelSchema).min(1).meta({
  title: "models/<org>.yaml",
  description:
    "The canonical models of one org, as a YAML sequence. Not expressible in JSON Schema and checked by `validate`: every id starts with `<org>/`, and ids are unique across models/.",
});

// ── Providers ────────────────────────────────────────────────────────────

export const reasoningEffortSchema = z
  .strictObject({
    levels: uniqueList(z.enum(REASONING_EFFORT_LEVELS), "The reasoning effort levels the model accepts, each once.").min(1),
    default: z.enum(REASONING_EFFORT_LEVELS).meta({ description: "The level used when a request names none; one of `levels`." }),
  })
  .meta({
    title: "Reasoning effort",
    description:
      "The reasoning effort levels the model accepts; only on a model with the `reasoning` capability. Not expressible in JSON Schema and checked by `validate`: `default` is one of `levels`.",
  });

export const compatibilitySchema = z
  .strictObject({
    chat_completions: z
      .strictObject({
        token_limit_field: z.enum(TOKEN_LIMIT_FIELDS).meta({ description: "The request field that caps output tokens." }).optional(),
        supports_store: z.boolean().meta({ description: "Whether the model accepts `store`." }).optional(),
        supports_stream_options: z.boolean().meta({ description: "Whether the model accepts `stream_options`." }).optional(),
      })
      .meta({ description: "How to speak chat completions to this model." })
      .optional(),
  })
  .meta({ title: "Compatibility", description: "Wire details a router needs to talk to this model." });

/** A provider model's fields, without the cross-field checks (so views can derive from it). */
export const providerModelSchema = z
  .strictObject({
    id: z.string().regex(CANONICAL_ID_PATTERN).meta({ description: "Canonical model id; must exist among the canonical models." }),
    provider_model_id: z.string().min(1).meta({ description: "The id this provider's API calls the model; unique within the provider." }),
    api_protocol: protocolValueSchema.optional(),
    rate_limits: modelRateLimitsSchema.optional(),
    capabilities: z.array(z.enum(CAPABILITIES)).meta({ description: "Features this provider supports for the model." }).optional(),
    deprecation_date: z
      .union([z.string().regex(DATE_PATTERN), z.null()])
      .meta({ description: "Date the provider deprecates the model (YYYY-MM-DD), or null; calls keep working until `retirement_date`." })
      .optional(),
    retirement_date: date("The first day calls to the model fail.").optional(),
    replacement: z.string().regex(CANONICAL_ID_PATTERN).meta({ description: "The canonical id of the model that replaces it." }).optional(),
    max_input_tokens: positiveInt("The context window this provider serves, in tokens, when it caps the canonical model's.").optional(),
    max_output_tokens: positiveInt("The maximum output this provider serves, in tokens, when it caps the canonical model's.").optional(),
    pricing: pricingSchema.optional(),
    pricing_history: z
      .array(pastPricingSchema)
      .superRefine(refined(datedPricesRefinementIssues("effective_until")))
      .meta({
        description:
          "Past prices, oldest first (effective_until strictly increasing); routers ignore them. Not expressible in JSON Schema and checked by `validate`: the dates strictly increase.",
      })
      .optional(),
    pricing_schedule: z
      .array(scheduledPricingSchema)
      .superRefine(refined(datedPricesRefinementIssues("effective_from")))
      .meta({
        description:
          "Announced prices, soonest first (effective_from strictly increasing; empty once all are promoted); routers ignore them. Not expressible in JSON Schema and checked by `validate`: the dates strictly increase.",
      })
      .optional(),
    reasoning_effort: reasoningEffortSchema.optional(),
    compatibility: compatibilitySchema.optional(),
  })
  .meta({ title: "Provider model" });

const providerModelEntrySchema = providerModelSchema.superRefine(refined(modelRefinementIssues), evenWithOtherProblems);

const extraHeaders = z.record(recordKey, z.string()).meta({ description: "Static headers sent with every request (never secrets)." });

const envName = z.string().regex(ENV_VAR_PATTERN).meta({ description: "Name of the environment variable holding the key (never the key itself)." });
const handlerName = z.string().min(1).meta({ description: "Name of the consumer-side handler that mints credentials." });
const oauthParams = z
  .record(recordKey, z.string())
  .meta({ description: "Public OAuth parameters (client_id, scopes, endpoints, redirect_uri). Never secrets." });

export const authSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("bearer").meta({ description: "Send the key from `env` as `Authorization: Bearer <key>`." }),
      env: envName,
      extra_headers: extraHeaders.optional(),
    }),
    z.strictObject({
      kind: z.literal("header").meta({ description: "Send the key from `env` in the header named by `header`." }),
      header: z.string().min(1).meta({ description: "Header that carries the key, e.g. x-api-key." }),
      env: envName,
      extra_headers: extraHeaders.optional(),
    }),
    z.strictObject({
      kind: z.literal("oauth").meta({ description: "Credentials minted by an OAuth flow the consumer's `handler` runs." }),
      handler: handlerName,
      env: envName.optional(),
      params: oauthParams.optional(),
      extra_headers: extraHeaders.optional(),
    }),
    z.strictObject({
      kind: z.literal("native").meta({ description: "Provider-specific signing done by the consumer's `handler` (e.g. cloud request signing)." }),
      handler: handlerName,
      env: envName.optional(),
      params: oauthParams.optional(),
      extra_headers: extraHeaders.optional(),
    }),
  ])
  .meta({
    title: "Authentication",
    description: "How the router authenticates: bearer and header need env, header needs header, oauth and native need handler.",
  });

const syncWrites = uniqueList(z.enum(["models", "pricing"]), "What the sync may write.");

export const autoSyncSchema = z
  .discriminatedUnion("feed", [
    z.strictObject({
      feed: z.literal("models_dev").meta({ description: "Read the catalogue from the models.dev database." }),
      key: z.string().min(1).meta({ description: "The provider's key in the models.dev database, when it differs from `name`." }).optional(),
      writes: syncWrites.optional(),
    }),
    z.strictObject({
      feed: z.literal("v1_models").meta({ description: "Read the catalogue from the provider's OpenAI-style `/models` listing." }),
      url: httpsUrl("The `/models` listing to read; defaults to `<api_base>/models`.").optional(),
      writes: syncWrites.optional(),
    }),
    z.strictObject({
      feed: z.literal("agentic").meta({ description: "Read the catalogue from the provider's public pages (not synced by this toolchain)." }),
      urls: z.array(httpsUrl("A page to read.")).min(1).meta({ description: "The pages to read." }).optional(),
      writes: syncWrites.optional(),
    }),
  ])
  .meta({
    title: "Catalogue sync",
    description:
      "Where the router pulls the provider's full catalogue at run time: `key` only with models_dev, `url` only with v1_models, `urls` only with agentic.",
  });

export const metadataSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: "The company or service name." }).optional(),
    slug: z.string().regex(SLUG_PATTERN).meta({ description: "Lowercase letters, digits and `-`." }).optional(),
    headquarters: z.string().regex(REGION_CODE_PATTERN).meta({ description: "Country of the headquarters, ISO 3166 alpha-2 (e.g. `US`)." }).optional(),
    datacenters: z
      .array(z.string().regex(REGION_CODE_PATTERN))
      .meta({ description: "Where requests are served: two-letter uppercase region codes, a country or `EU`." })
      .optional(),
    privacy_policy_url: httpsUrl("The privacy policy.").optional(),
    status_page_url: httpsUrl("The public status page.").optional(),
    terms_of_service_url: httpsUrl("The terms of service.").optional(),
  })
  .meta({ title: "Metadata", description: "Facts about the company behind the provider." });

const endpoint = (protocol: string) => httpsUrl(`Endpoint base for the ${protocol} protocol.`).optional();

/** Both spellings of one protocol must not appear together (JSON Schema: `not` both required). */
const endpointPairs = Object.entries(ENDPOINT_WIRE_NAMES).filter(([source, wire]) => source !== wire);

export const protocolEndpointsSchema = z
  .strictObject({
    openai: endpoint("openai"),
    anthropic: endpoint("anthropic"),
    google: endpoint("google"),
    responses: endpoint("responses"),
    chat_completions: endpoint("openai (wire name chat_completions)"),
    messages: endpoint("anthropic (wire name messages)"),
    generate_content: endpoint("google (wire name generate_content)"),
  })
  .superRefine(refined(endpointRefinementIssues))
  .meta({
    description:
      "Per-protocol endpoint bases, when they differ from api_base; keyed by source protocol name or the router's wire name (chat_completions, messages, generate_content, responses), never both for one protocol.",
    allOf: endpointPairs.map((pair) => ({ not: { required: pair } })),
  });

/** The provider file's fields, without the cross-field checks (so views can derive from it). */
export const providerSchema = z
  .strictObject({
    name: z.string().regex(PROVIDER_NAME_PATTERN).meta({
      description:
        "Provider id; equals the file name without `.yaml`. `_cn`, `_eu` mark an entity or region variant; upper-cased with `-` as `_` it is the root of the default key variable `{NAME}_API_KEY`.",
    }),
    display_name: z.string().min(1).meta({ description: "Human-readable name." }).optional(),
    status: z.enum(STATUSES).meta({ description: "Only `active` providers are routable." }),
    kind: z
      .enum(PROVIDER_KINDS)
      .meta({ description: "first_party serves its own models; gateway and cloud resell others'; third_party hosts open models." })
      .optional(),
    access: z.enum(ACCESS_MODES).meta({ description: "How credentials are obtained (default api_key)." }).optional(),
    billing: z.enum(BILLING_MODES).meta({ description: "Per-token billing (`token`, or its alias `usage_token`) or a flat subscription." }).optional(),
    required_config: uniqueList(z.enum(REQUIRED_CONFIG), "What a user must supply before the router can call the provider, each once.").optional(),
    api_base: httpsUrl(
      "Base URL of the API; may hold `${VAR}` / `${VAR:-default}` placeholders the router fills from its environment. Required unless required_config holds base_url.",
    ).optional(),
    doc_url: httpsUrl("Public API documentation.").optional(),
    metadata: metadataSchema.optional(),
    api_protocol: patternList(protocolValueSchema, "Protocol").optional(),
    protocol_endpoints: protocolEndpointsSchema.optional(),
    auth: authSchema.optional(),
    auth_scheme: z.enum(["x-api-key", "bearer"]).meta({ description: "Deprecated: use `auth` instead.", deprecated: true }).optional(),
    rate_limits: patternList(modelRateLimitsSchema, "Rate limits").optional(),
    weight: z.number().min(0).max(1).meta({ description: "Routing weight between 0 and 1 (default 1)." }).optional(),
    contact: z.email({ pattern: EMAIL_PATTERN }).meta({ description: "Operational contact address." }).optional(),
    submitted_at: date("When the provider was submitted.").optional(),
    community: z.boolean().meta({ description: "Community-submitted, not operated by the registry maintainers." }).optional(),
    auto_sync: autoSyncSchema.optional(),
    pricing: pricingProvenanceSchema.optional(),
    models: z.array(providerModelEntrySchema).meta({ description: "The curated models this provider serves." }),
  })
  .meta({
    title: "Provider",
    description:
      "One LLM provider (providers/<name>.yaml). Not expressible in JSON Schema and checked by `validate`: name equals the file name, model ids exist among the canonical models and are not repeated, provider_model_ids are not repeated, a reasoning_effort default is one of its levels and needs the `reasoning` capability, context-tier rules (see pricing).",
    // api_base may be left out only when the user supplies it (required_config: [base_url]).
    if: { required: ["required_config"], properties: { required_config: { contains: { const: "base_url" } } } },
    else: { required: ["api_base"] },
  });

/** What `validate` checks a provider file against: the fields and their cross-field rules. */
export const providerFileSchema = providerSchema.superRefine(refined(providerRefinementIssues), evenWithOtherProblems);

// ── Types ────────────────────────────────────────────────────────────────

export type CanonicalFile = z.output<typeof canonicalFileSchema>;
export type CanonicalModelsFile = z.output<typeof canonicalModelsFileSchema>;
export type CanonicalModel = z.output<typeof canonicalModelSchema>;
export type Provider = z.output<typeof providerSchema>;
export type ProviderModel = z.output<typeof providerModelSchema>;
export type Pricing = z.output<typeof pricingSchema>;
export type ContextTier = z.output<typeof contextTierSchema>;
export type ServiceTier = z.output<typeof serviceTierSchema>;
export type PastPricing = z.output<typeof pastPricingSchema>;
export type ScheduledPricing = z.output<typeof scheduledPricingSchema>;
export type Protocol = (typeof PROTOCOLS)[number];
export type ProtocolValue = z.output<typeof protocolValueSchema>;
export type ModelRateLimits = z.output<typeof modelRateLimitsSchema>;
export type Capability = (typeof CAPABILITIES)[number];
export type Auth = z.output<typeof authSchema>;
export type ReasoningEffort = z.output<typeof reasoningEffortSchema>;
export type Compatibility = z.output<typeof compatibilitySchema>;
export type Metadata = z.output<typeof metadataSchema>;
export type PricingProvenance = z.output<typeof pricingProvenanceSchema>;
export type Benchmarks = z.output<typeof benchmarksSchema>;
export type PatternList<T> = Array<Record<string, T>>;
