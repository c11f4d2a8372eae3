/**
 * The `/v1` answers, computed from the parsed API view: lookups by name and
 * id (aliases included), and the listings and capability questions of the
 * seed provider API. Each function returns plain JSON data or throws an
 * `ApiError`; nothing here knows about HTTP.
 */
import { CAPABILITIES } from "../schema-constants.ts";
import { suggest } from "../suggest.ts";
import { ApiError, badQuery, unknownModel, unknownProvider } from "./errors.ts";
import type { ModelView, ProviderEntryView, ProviderView, Snapshot } from "./snapshot.ts";

export interface Catalog {
  snapshot: Snapshot;
  providers: Map<string, ProviderView>;
  models: Map<string, ModelView>;
  /** Alias (SPEC §9) → canonical id. */
  aliases: Map<string, string>;
  providerNames: string[];
  modelIds: string[];
  /** Every capability the schema knows, plus any the snapshot carries. */
  capabilities: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildCatalog(snapshot: Snapshot): Catalog {
  const providers = new Map(snapshot.providers.map((provider) => [provider.id, provider]));
  const models = new Map(snapshot.models.map((model) => [model.id, model]));
  const aliases = new Map<string, string>();
  for (const model of snapshot.models) for (const alias of strings(model.aliases)) if (!models.has(alias)) aliases.set(alias, model.id);
  const seen = new Set<string>(CAPABILITIES);
  for (const provider of snapshot.providers) for (const entry of provider.models) for (const capability of strings(entry.capabilities)) seen.add(capability);
  const known = new Set<string>(CAPABILITIES);
  const extra = [...seen].filter((capability) => !known.has(capability)).sort(compareText);
  return {
    snapshot,
    providers,
    models,
    aliases,
    providerNames: [...providers.keys()].sort(compareText),
    modelIds: [...models.keys()].sort(compareText),
    capabilities: [...CAPABILITIES, ...extra],
  };
}

export function requireProvider(catalog: Catalog, name: string): ProviderView {
  const provider = catalog.providers.get(name);
  if (!provider) throw unknownProvider(name, catalog.providerNames);
  return provider;
}

export function requireModel(catalog: Catalog, id: string): ModelView {
  const model = catalog.models.get(id) ?? catalog.models.get(catalog.aliases.get(id) ?? "");
  if (!model) throw unknownModel(id, [...catalog.modelIds, ...catalog.aliases.keys()]);
  return model;
}

export function requireCapability(catalog: Catalog, capability: string, parameter: string): string {
  if (catalog.capabilities.includes(capability)) return capability;
  const best = suggest(capability, catalog.capabilities);
  throw badQuery(`unknown ${parameter} \`${capability}\`${best ? ` — did you mean \`${best}\`?` : `; one of ${catalog.capabilities.join(", ")}`}`);
}

const SUMMARY_FIELDS = ["display_name", "status", "kind", "access", "billing", "api_base", "byok", "community", "weight"] as const;

/** One line of `/v1/providers`: who it is and what it serves, without the entries. */
export function providerSummary(provider: ProviderView): Record<string, unknown> {
  const summary: Record<string, unknown> = { id: provider.id };
  for (const field of SUMMARY_FIELDS) if (provider[field] !== undefined) summary[field] = provider[field];
  summary.models = provider.models.length;
  return summary;
}

export function listProviders(catalog: Catalog): unknown {
  return { data: catalog.providerNames.map((name) => providerSummary(catalog.providers.get(name)!)) };
}

export function providerModels(catalog: Catalog, name: string): unknown {
  return { data: requireProvider(catalog, name).models };
}

/** The capabilities an entry declares. */
function entryCapabilities(entry: Record<string, unknown>): string[] {
  return strings(entry.capabilities);
}

/** The provider's row of the provider × capability matrix, with the models behind each cell. */
export function providerCapabilities(catalog: Catalog, name: string): unknown {
  const provider = requireProvider(catalog, name);
  const byCapability = new Map<string, string[]>();
  for (const entry of provider.models) {
    for (const capability of entryCapabilities(entry)) {
      const list = byCapability.get(capability);
      if (list) list.push(entry.id);
      else byCapability.set(capability, [entry.id]);
    }
  }
  const capabilities: Record<string, string[]> = {};
  for (const capability of catalog.capabilities) {
    const models = byCapability.get(capability);
    if (models) capabilities[capability] = [...new Set(models)].sort(compareText);
  }
  return { provider: provider.id, models: provider.models.length, capabilities };
}

/** Only `active` providers are routable (SPEC §2). */
export function providerStatus(catalog: Catalog, name: string): unknown {
  const provider = requireProvider(catalog, name);
  const metadata = provider.metadata as Record<string, unknown> | undefined;
  const status = typeof provider.status === "string" ? provider.status : null;
  return {
    provider: provider.id,
    status,
    routable: status === "active",
    ...(typeof metadata?.status_page_url === "string" ? { status_page_url: metadata.status_page_url } : {}),
  };
}

/** A model as `/v1/models` lists it: its canonical fields and the names of the providers serving it. */
function modelSummary(model: ModelView): Record<string, unknown> {
  const { providers, ...fields } = model;
  return { ...fields, providers: providers.map((entry) => entry.provider) };
}

export interface ModelFilter {
  provider?: string;
  capabilities?: string[];
}

/**
 * `/v1/models`: every canonical model, or those a provider serves, or those
 * some provider serves with every capability asked for.
 */
export function listModels(catalog: Catalog, filter: ModelFilter): unknown {
  if (filter.provider !== undefined) requireProvider(catalog, filter.provider);
  const wanted = filter.capabilities ?? [];
  const data: unknown[] = [];
  for (const id of catalog.modelIds) {
    const model = catalog.models.get(id)!;
    const entries = model.providers.filter(
      (entry) =>
        (filter.provider === undefined || entry.provider === filter.provider) && wanted.every((capability) => entryCapabilities(entry).includes(capability)),
    );
    if ((filter.provider !== undefined || wanted.length > 0) && entries.length === 0) continue;
    data.push(modelSummary(model));
  }
  return { data };
}

/**
 * `/v1/capabilities`: with neither parameter, the provider × capability
 * matrix; with `model`, which providers declare each capability for it; with
 * `feature`, which providers declare it and for which models; with both,
 * whether the model is served with that feature and by whom.
 */
export function capabilities(catalog: Catalog, query: { model?: string; feature?: string }): unknown {
  const feature = query.feature === undefined ? undefined : requireCapability(catalog, query.feature, "feature");
  if (query.model !== undefined) {
    const model = requireModel(catalog, query.model);
    if (feature !== undefined) {
      const providers = model.providers.filter((entry) => entryCapabilities(entry).includes(feature)).map((entry) => entry.provider);
      return { model: model.id, feature, supported: providers.length > 0, providers };
    }
    const byCapability: Record<string, string[]> = {};
    for (const capability of catalog.capabilities) {
      const providers = model.providers.filter((entry) => entryCapabilities(entry).includes(capability)).map((entry) => entry.provider);
      if (providers.length > 0) byCapability[capability] = providers;
    }
    return { model: model.id, capabilities: byCapability };
  }
  if (feature !== undefined) {
    const providers: Array<{ provider: string; models: string[] }> = [];
    for (const name of catalog.providerNames) {
      const models = catalog.providers
        .get(name)!
        .models.filter((entry) => entryCapabilities(entry).includes(feature))
        .map((entry) => entry.id);
      if (models.length > 0) providers.push({ provider: name, models });
    }
    return { feature, providers };
  }
  return { capabilities: catalog.capabilities, providers: catalog.providerNames.map((name) => matrixRow(catalog.providers.get(name)!, catalog.capabilities)) };
}

/** How many of a provider's entries declare each capability. */
export function matrixRow(
  provider: ProviderView,
  capabilities: readonly string[],
): { provider: string; status: unknown; models: number; capabilities: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const capability of capabilities) counts[capability] = 0;
  for (const entry of provider.models as ProviderEntryView[])
    for (const capability of entryCapabilities(entry)) if (capability in counts) counts[capability]!++;
  return { provider: provider.id, status: provider.status ?? null, models: provider.models.length, capabilities: counts };
}

export { ApiError };
