/**
 * The read-only commands of `manage`: `list`, `show`, `canonical list` and
 * `route`. They return data; ../../manage.ts prints it (as text or JSON).
 */
import { RefusedError } from "../cli.ts";
import { parseFast } from "../yaml/index.ts";
import { resolvePattern } from "../patterns.ts";
import { asArray, asRecord, asString } from "../rules/types.ts";
import { STATUSES, type ModelRateLimits, type PatternList, type ProtocolValue } from "../schema.ts";
import { didYouMean } from "../suggest.ts";
import { providerFile, requireProvider, stripBom, type Registry } from "./registry.ts";

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
    const text = registry.readText(file);
    const parsed = text === undefined ? undefined : parseFast(stripBom(text));
    data = parsed?.ok ? (parsed.data as Record<string, unknown>) : undefined;
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

export interface Route {
  provider: string;
  status: string | null;
  /** The canonical id. */
  model: string;
  provider_model_id: string;
  protocol: ProtocolValue;
  rate_limits: ModelRateLimits | null;
  pricing: Record<string, unknown> | null;
  capabilities: string[];
  file: string;
}

function toRoute(provider: LoadedProvider, entry: Record<string, unknown>): Route | undefined {
  const id = asString(entry.id);
  if (id === undefined) return undefined;
  const data = provider.data!;
  const names = { id, provider_model_id: asString(entry.provider_model_id) ?? id };
  // SPEC §2: a model-level value beats every pattern; with no match, openai and no limits.
  const protocol = (entry.api_protocol as ProtocolValue | undefined) ?? resolvePattern(asArray(data.api_protocol) as PatternList<ProtocolValue>, names) ?? "openai";
  const limits = (asRecord(entry.rate_limits) as ModelRateLimits | undefined) ?? resolvePattern(asArray(data.rate_limits) as PatternList<ModelRateLimits>, names);
  return {
    provider: provider.name,
    status: asString(data.status) ?? null,
    model: id,
    provider_model_id: names.provider_model_id,
    protocol,
    rate_limits: limits ?? null,
    pricing: asRecord(entry.pricing) ?? null,
    capabilities: asArray(entry.capabilities).filter((c): c is string => typeof c === "string"),
    file: provider.file,
  };
}

function statusRank(status: string | null): number {
  const at = STATUSES.indexOf(status as (typeof STATUSES)[number]);
  return at === -1 ? STATUSES.length : at;
}

/**
 * How a model name resolves. `provider:model` pins one entry (by canonical
 * id or provider_model_id); a bare canonical id lists every provider
 * serving it, active first.
 */
export function route(registry: Registry, query: string): Route[] {
  const names = registry.providerNames();
  const colon = query.indexOf(":");
  const pinned = colon > 0 && names.includes(query.slice(0, colon)) ? query.slice(0, colon) : undefined;
  if (pinned !== undefined) {
    const model = query.slice(colon + 1);
    const provider = loadProvider(registry, pinned);
    if (!provider.data) throw new RefusedError(`${provider.file} is not readable as registry data; run validate for the details`);
    const entries = asArray(provider.data.models).map(asRecord).filter((entry): entry is Record<string, unknown> => entry !== undefined);
    const entry = entries.find((e) => e.id === model) ?? entries.find((e) => e.provider_model_id === model);
    const routed = entry && toRoute(provider, entry);
    if (!routed) {
      const known = entries.flatMap((e) => [asString(e.id), asString(e.provider_model_id)]).filter((s): s is string => s !== undefined);
      throw new RefusedError(`${pinned} does not serve \`${model}\`${didYouMean(model, known)}`);
    }
    return [routed];
  }
  const routes: Route[] = [];
  const byProviderModelId: string[] = [];
  for (const name of names) {
    const provider = loadProvider(registry, name);
    if (!provider.data) continue;
    for (const entry of asArray(provider.data.models).map(asRecord)) {
      if (!entry) continue;
      if (entry.id === query) {
        const routed = toRoute(provider, entry);
        if (routed) routes.push(routed);
      } else if (entry.provider_model_id === query) byProviderModelId.push(`${name}:${query}`);
    }
  }
  if (routes.length === 0) {
    if (byProviderModelId.length > 0) throw new RefusedError(`no provider serves the canonical id \`${query}\`, but it is a provider model id: try ${byProviderModelId.slice(0, 3).map((pin) => `\`${pin}\``).join(", ")}`);
    const canonical = registry.canonicalModels().map((model) => model.id);
    if (canonical.includes(query)) throw new RefusedError(`\`${query}\` is in canonical.yaml but no provider serves it`);
    throw new RefusedError(`no provider serves \`${query}\`${didYouMean(query, canonical)}`);
  }
  return routes.sort((a, b) => statusRank(a.status) - statusRank(b.status) || (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
}
