/**
 * The read-only commands of `manage`: `list`, `show`, `canonical list` and
 * `route`. They return data; ../../manage.ts prints it (as text or JSON).
 */
import { RefusedError } from "../errors.ts";
import { parseFast, stripBom } from "../yaml/index.ts";
import { resolvePattern } from "../patterns.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { aliasIndex, resolveRoute, type RouteModelInput, type RouteOptions, type RouteProviderInput, type RouteResolution } from "../route.ts";
import type { ModelRateLimits, PatternList, ProtocolValue } from "../schema.ts";
import { didYouMean } from "../suggest.ts";
import { providerFile, requireProvider, type Registry } from "./registry.ts";

export interface ProviderSummary {
  name: string;
  file: string;
  status: string | null;
  models: number | null;
  /** Why the file could not be read as registry data (run `validate` for details). */
  problem?: string;
}

interface LoadedProvider {
  name: string;
  file: string;
  data: Record<string, unknown> | undefined;
}

function loadProvider(registry: Registry, name: string): LoadedProvider {
  const file = providerFile(name);
  let data: Record<string, unknown> | undefined;
  try {
    data = registry.readData(file);
  } catch {
    data = undefined;
  }
  return { name, file, data };
}

export function listProviders(registry: Registry): ProviderSummary[] {
  return registry.providerNames().map((name) => {
    const { file, data } = loadProvider(registry, name);
    if (!data) return { name, file, status: null, models: null, problem: "not readable as YAML (run validate)" };
    return { name, file, status: asString(data.status) ?? null, models: Array.isArray(data.models) ? data.models.length : null };
  });
}

export function showProvider(registry: Registry, name: string): { file: string; text: string; data: unknown } {
  const { file, text } = requireProvider(registry, name);
  const parsed = parseFast(stripBom(text));
  if (!parsed.ok) throw new RefusedError(`${file} is not readable as registry data; run validate for the details`);
  return { file, text, data: parsed.data };
}

export function listCanonical(registry: Registry): Array<Record<string, unknown>> {
  return registry.canonicalModels();
}

/**
 * A provider in the shape of the provider view (what `resolveRoute` reads):
 * each curated model with its protocol and limits resolved from the
 * provider's patterns (SPEC §2: a model-level value beats every pattern;
 * with no match, openai and no limits).
 */
function asRouteProvider(provider: LoadedProvider): RouteProviderInput {
  const data = provider.data!;
  const protocols = asArray(data.api_protocol) as PatternList<ProtocolValue>;
  const limits = asArray(data.rate_limits) as PatternList<ModelRateLimits>;
  const models: RouteModelInput[] = [];
  for (const entry of asArray(data.models).map(asRecord)) {
    const id = asString(entry?.id);
    if (!entry || id === undefined) continue;
    const names = { id, provider_model_id: asString(entry.provider_model_id) ?? id };
    models.push({
      ...entry,
      id,
      provider_model_id: names.provider_model_id,
      api_protocol: (entry.api_protocol as ProtocolValue | undefined) ?? resolvePattern(protocols, names) ?? "openai",
      rate_limits: (asRecord(entry.rate_limits) as ModelRateLimits | undefined) ?? resolvePattern(limits, names) ?? null,
    } as RouteModelInput);
  }
  return { ...(data as RouteProviderInput), name: provider.name, models };
}

/**
 * How a model name resolves, as the router resolves it (../route.ts). A name
 * nobody declares is refused with what to try instead.
 */
export function route(registry: Registry, query: string, options: RouteOptions = {}): RouteResolution {
  const providers = registry
    .providerNames()
    .map((name) => loadProvider(registry, name))
    .filter((provider) => provider.data !== undefined)
    .map(asRouteProvider);
  const resolution = resolveRoute(providers, query, { aliases: aliasIndex(registry.canonicalModels()), ...options });
  if (resolution.routes.length > 0 || resolution.excluded.length > 0) return resolution;
  const byProviderModelId = providers
    .filter((provider) => provider.models!.some((model) => model.provider_model_id === query))
    .map((provider) => `${provider.name}:${query}`);
  if (byProviderModelId.length > 0)
    throw new RefusedError(
      `no provider serves the canonical id \`${query}\`, but it is a provider model id: try ${byProviderModelId
        .slice(0, 3)
        .map((pin) => `\`${pin}\``)
        .join(", ")}`,
    );
  const canonical = registry.canonicalModels().map((model) => model.id);
  if (canonical.includes(query)) throw new RefusedError(`\`${query}\` is a canonical model but no provider serves it`);
  throw new RefusedError(`no provider serves \`${query}\`${didYouMean(query, canonical)}`);
}
