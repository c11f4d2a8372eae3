/**
 * The shape of the snapshot views, derived from the registry schema: what
 * `views.ts` writes, described once so the npm package's TypeScript types come
 * from the same source as the YAML schemas, and tests can hold the written
 * views to it. One shape covers both generations: the router view spells
 * `billing` `usage_token`, always carries `required_config` and keys
 * `protocol_endpoints` by wire name, all of which the registry schema allows.
 */
import { z } from "zod";
import { canonicalModelSchema, DATE_PATTERN, modelRateLimitsSchema, protocolValueSchema, providerModelSchema, providerSchema } from "../schema.ts";

const resolvedFields = {
  api_protocol: protocolValueSchema,
  rate_limits: modelRateLimitsSchema.optional(),
  deprecation_date: z
    .string()
    .regex(DATE_PATTERN)
    .meta({ description: "Date the provider retires the model (YYYY-MM-DD); absent when none is announced." })
    .optional(),
};

const resolvedEntry = providerModelSchema.omit({ id: true, api_protocol: true, rate_limits: true, deprecation_date: true }).extend(resolvedFields);

/** A model as one provider serves it, with `api_protocol` and `rate_limits` resolved (SPEC §2). */
export const providerEntryViewSchema = resolvedEntry.extend({ id: providerModelSchema.shape.id }).meta({
  title: "Provider model",
  description: "A model as this provider serves it; api_protocol and rate_limits are resolved from the provider's patterns.",
});

/** One provider serving a model, in the model view. */
export const modelProviderViewSchema = resolvedEntry
  .extend({ provider: z.string().meta({ description: "Name of the provider serving the model." }) })
  .meta({ title: "Model provider", description: "One provider serving this model; api_protocol and rate_limits are resolved from the provider's patterns." });

const shape = providerSchema.shape;

export const providerViewSchema = providerSchema
  .omit({ api_protocol: true, rate_limits: true, models: true })
  .extend({
    // Kept only by a provider with no curated models: the router applies them to the models it discovers.
    api_protocol: shape.api_protocol.meta({
      description: "Only when `models` is empty: the provider's protocol patterns, for the models the router discovers at run time.",
    }),
    rate_limits: shape.rate_limits.meta({
      description: "Only when `models` is empty: the provider's rate-limit patterns, for the models the router discovers at run time.",
    }),
    id: z.string().meta({ description: "Same as `name`." }),
    byok: z.boolean().meta({ description: "Whether a caller can bring their own key: true exactly when access is api_key." }),
    // Optional in a file, always present in the snapshot (defaults filled in).
    access: shape.access.unwrap(),
    billing: shape.billing.unwrap(),
    auth_scheme: shape.auth_scheme.unwrap(),
    community: shape.community.unwrap(),
    weight: shape.weight.unwrap(),
    models: z.array(providerEntryViewSchema).meta({ description: "The curated models this provider serves, in file order." }),
  })
  .meta({ title: "Provider", description: "One provider as the snapshot carries it: defaults filled in, patterns resolved per model." });

export const modelViewSchema = canonicalModelSchema
  .extend({
    providers: z.array(modelProviderViewSchema).meta({ description: "Every provider serving the model, by provider name." }),
  })
  .meta({ title: "Model", description: "A canonical model and every provider serving it." });

export const providersViewSchema = z.strictObject({ data: z.array(providerViewSchema) });
export const modelsViewSchema = z.strictObject({ data: z.array(modelViewSchema) });
