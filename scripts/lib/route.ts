/**
 * How the current router resolves a model name (SPEC §4 `route`), as a pure
 * function over providers in the shape of the provider view: each model with
 * its `api_protocol` and `rate_limits` already resolved. `manage route` builds
 * that shape from the YAML; a server can pass the snapshot's providers as
 * they are (either view generation: `billing: token` or `usage_token`,
 * `protocol_endpoints` keyed by source or wire names).
 *
 * The router's behaviour, followed here:
 * - `provider:model` (split at the first `:`) pins one provider when that
 *   provider is routable; the model is looked up by canonical id or
 *   provider_model_id, and an undeclared model is sent upstream as written.
 *   A pinned provider that is not routable makes the router read the whole
 *   name as a model id, which no provider declares.
 * - A bare canonical id cascades over the routable providers declaring it,
 *   ordered by class rank, then by name. Subscription classes
 *   (`first_party_subscription`, `gateway_subscription`) are explicit-route
 *   only: a bare request never bills someone's personal plan.
 * - Routable means: `status: active`, `access` not `private`, and — when an
 *   environment is given — its key variable set and non-empty (`auth.env`,
 *   else `{NAME}_API_KEY`), every `${VAR}` of `api_base` resolvable, and an
 *   `api_base` present. Without an environment every provider counts as
 *   configured. The router's own cloud gateway (`bitrouter`) also signs in
 *   with a local login, so a missing key does not drop it.
 * - The class comes from `kind` (absent: `third_party` for a community
 *   provider, else `first_party`): `cloud` → `bitrouter_cloud`, `gateway` →
 *   `gateway_subscription` (whatever its billing), `third_party` →
 *   `third_party_api`, `first_party` → `first_party_subscription` when billed
 *   by subscription, else `first_party_api`.
 * - A canonical alias (SPEC §9), bare or pinned, resolves as the model it
 *   names; the resolution says which alias was asked for.
 * - The protocol used is the head of the model's protocol list (the router
 *   prefers the caller's own protocol when it is in the list); its endpoint
 *   is `protocol_endpoints[protocol]`, else `api_base`.
 */

export const PROVIDER_CLASSES = ["first_party_subscription", "gateway_subscription", "first_party_api", "bitrouter_cloud", "third_party_api"] as const;
export type ProviderClass = (typeof PROVIDER_CLASSES)[number];

/** Classes a bare canonical id never cascades to. */
const EXPLICIT_ONLY: ReadonlySet<ProviderClass> = new Set(["first_party_subscription", "gateway_subscription"]);

/** The router's compiled-in cloud gateway: it may sign in with a local login instead of a key. */
const CLOUD_GATEWAY = "bitrouter";

/** Source protocol names and the router's wire names for them. */
const WIRE_NAMES: Readonly<Record<string, string>> = {
  openai: "chat_completions",
  anthropic: "messages",
  google: "generate_content",
  responses: "responses",
  antigravity: "antigravity",
};

/** A model as the provider view carries it (unknown fields are ignored). */
export interface RouteModelInput {
  id: string;
  provider_model_id?: string;
  api_protocol?: string | readonly string[];
  rate_limits?: { requests_per_minute?: number; tokens_per_minute?: number } | null;
  pricing?: Record<string, unknown> | null;
  capabilities?: readonly string[];
}

/** A provider as the provider view carries it (unknown fields are ignored). */
export interface RouteProviderInput {
  name?: string;
  /** The views write `id` (= name). */
  id?: string;
  status?: string;
  kind?: string;
  billing?: string;
  community?: boolean;
  access?: string;
  auth?: { kind?: string; env?: string } | null;
  api_base?: string;
  protocol_endpoints?: Record<string, string> | null;
  /** Provider-level patterns, for a pinned model the provider does not declare. */
  api_protocol?: ReadonlyArray<Record<string, string | readonly string[]>>;
  models?: readonly RouteModelInput[];
}

export interface RouteOptions {
  /** Which variables are set (e.g. `process.env`). Absent: every provider counts as configured. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Canonical alias → canonical id (`aliasIndex`). */
  aliases?: ReadonlyMap<string, string>;
}

/** Alias → canonical id, from the canonical models; an id always wins over an alias. */
export function aliasIndex(models: ReadonlyArray<{ id?: unknown; aliases?: unknown }>): Map<string, string> {
  const ids = new Set(models.map((model) => model.id));
  const aliases = new Map<string, string>();
  for (const model of models) {
    if (typeof model.id !== "string" || !Array.isArray(model.aliases)) continue;
    for (const alias of model.aliases) if (typeof alias === "string" && !ids.has(alias) && !aliases.has(alias)) aliases.set(alias, model.id);
  }
  return aliases;
}

export interface RouteRow {
  provider: string;
  class: ProviderClass;
  /** The canonical id (for a pinned undeclared model: the name as given). */
  model: string;
  provider_model_id: string;
  /** The protocol a request uses, and the ordered list it comes from. */
  protocol: string;
  protocols: string[];
  /** `protocol_endpoints` for that protocol, else `api_base` (placeholders as written); null when the deployment supplies it. */
  endpoint: string | null;
  /** The variable the router reads the key from; null for a local login. */
  key_variable: string | null;
  pricing: Record<string, unknown> | null;
  rate_limits: { requests_per_minute?: number; tokens_per_minute?: number } | null;
  capabilities: string[];
  /** False for a pinned model the provider does not list: the router sends it upstream as written. */
  declared: boolean;
}

export interface ExcludedProvider {
  provider: string;
  class: ProviderClass;
  reasons: string[];
}

export interface RouteResolution {
  query: string;
  /** `pinned` for `provider:model` naming a provider, `cascade` otherwise. */
  mode: "pinned" | "cascade";
  /** The provider named by a pin. */
  pinned?: string;
  /** The model part of the query (an alias replaced by the canonical id it names). */
  model: string;
  /** The alias the query named the model by. */
  alias?: string;
  /** In the order the router tries them. */
  routes: RouteRow[];
  /** Providers that declare the model (or the pinned provider) but are left out, with why. */
  excluded: ExcludedProvider[];
}

// ── Classification ───────────────────────────────────────────────────────

export function providerName(provider: RouteProviderInput): string {
  return provider.name ?? provider.id ?? "";
}

export function providerClass(provider: RouteProviderInput): ProviderClass {
  const kind = provider.kind ?? (provider.community === true ? "third_party" : "first_party");
  switch (kind) {
    case "cloud":
      return "bitrouter_cloud";
    case "gateway":
      return "gateway_subscription";
    case "third_party":
      return "third_party_api";
    default:
      return provider.billing === "subscription" ? "first_party_subscription" : "first_party_api";
  }
}

/** `auth.env`, else `{NAME}_API_KEY` (upper-cased, `-` as `_`); null for a provider that signs in with a local login. */
export function keyVariable(provider: RouteProviderInput): string | null {
  const kind = provider.auth?.kind;
  if (kind === "oauth" || kind === "native") return null;
  return provider.auth?.env ?? `${providerName(provider).toUpperCase().replaceAll("-", "_")}_API_KEY`;
}

const PLACEHOLDER = /\$\{([^}:]*)(:-[^}]*)?\}/g;

/** Variables of `api_base` that are unset and have no default. */
function missingBaseVariables(apiBase: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const missing: string[] = [];
  for (const match of apiBase.matchAll(PLACEHOLDER)) {
    if (match[2] === undefined && env[match[1]!] === undefined) missing.push(match[1]!);
  }
  return missing;
}

function whyNotConfigured(provider: RouteProviderInput, env: Readonly<Record<string, string | undefined>>): string[] {
  const reasons: string[] = [];
  const variable = keyVariable(provider);
  const name = providerName(provider);
  if (variable === null) {
    reasons.push(`signs in with a local login (auth.kind ${provider.auth?.kind}), not a key variable: the router adds it only once it is logged in`);
  } else if (!env[variable] && name !== CLOUD_GATEWAY) {
    reasons.push(`its key variable ${variable} is not set`);
  }
  if (provider.api_base === undefined) reasons.push("it has no api_base: the deployment must configure its base URL (required_config base_url)");
  else for (const missing of missingBaseVariables(provider.api_base, env)) reasons.push(`its api_base needs \${${missing}}, which is not set`);
  return reasons;
}

/** Why a provider cannot be routed to at all (empty: it can). */
function whyNotRoutable(provider: RouteProviderInput, options: RouteOptions): string[] {
  const reasons: string[] = [];
  if (provider.status !== "active") reasons.push(`status is ${provider.status ?? "missing"}: only active providers are routed`);
  if (provider.access === "private") reasons.push("access is private: the router never merges private providers");
  if (options.env) reasons.push(...whyNotConfigured(provider, options.env));
  return reasons;
}

// ── Rows ─────────────────────────────────────────────────────────────────

function protocolList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}

/** The router's guess for a model nothing describes: from the host of its base. */
function inferredProtocol(apiBase: string | undefined): string {
  const host = (apiBase ?? "").toLowerCase();
  if (host.includes("anthropic.com")) return "anthropic";
  if (host.includes("googleapis.com") || host.includes("generativelanguage")) return "google";
  return "openai";
}

function endpointFor(provider: RouteProviderInput, protocol: string): string | null {
  const endpoints = provider.protocol_endpoints ?? {};
  const wire = WIRE_NAMES[protocol];
  const own = (key: string | undefined) => (key !== undefined && Object.hasOwn(endpoints, key) ? endpoints[key] : undefined);
  return own(protocol) ?? own(wire) ?? provider.api_base ?? null;
}

/** The most specific provider-level pattern for an undeclared model (exact beats glob, longer prefix beats shorter). */
function patternProtocols(provider: RouteProviderInput, model: string): string[] {
  let best: string[] = [];
  let bestScore = -1;
  for (const entry of provider.api_protocol ?? []) {
    for (const pattern of Object.keys(entry)) {
      const glob = pattern.endsWith("*");
      const matches = glob ? model.startsWith(pattern.slice(0, -1)) : model === pattern;
      const score = glob ? pattern.length - 1 : Number.POSITIVE_INFINITY;
      if (matches && score > bestScore) {
        best = protocolList(entry[pattern]);
        bestScore = score;
      }
    }
  }
  return best;
}

function row(provider: RouteProviderInput, model: RouteModelInput | undefined, asked: string): RouteRow {
  const declared = model !== undefined;
  let protocols = declared ? protocolList(model.api_protocol) : patternProtocols(provider, asked);
  if (protocols.length === 0) protocols = [declared ? "openai" : inferredProtocol(provider.api_base)];
  const protocol = protocols[0]!;
  return {
    provider: providerName(provider),
    class: providerClass(provider),
    model: model?.id ?? asked,
    provider_model_id: model?.provider_model_id ?? model?.id ?? asked,
    protocol,
    protocols,
    endpoint: endpointFor(provider, protocol),
    key_variable: keyVariable(provider),
    pricing: model?.pricing ?? null,
    rate_limits: model?.rate_limits ?? null,
    capabilities: [...(model?.capabilities ?? [])],
    declared,
  };
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ── Resolution ───────────────────────────────────────────────────────────

/** Resolve `query` (`provider:model`, or a bare canonical id) over `providers`. */
export function resolveRoute(providers: readonly RouteProviderInput[], query: string, options: RouteOptions = {}): RouteResolution {
  const colon = query.indexOf(":");
  if (colon > 0) {
    const name = query.slice(0, colon);
    const provider = providers.find((candidate) => providerName(candidate) === name);
    if (provider) return resolvePinned(provider, query, query.slice(colon + 1), options);
  }
  const id = options.aliases?.get(query);
  if (id === undefined) return resolveCascade(providers, query, options);
  return { ...resolveCascade(providers, id, options), query, alias: query };
}

function resolvePinned(provider: RouteProviderInput, query: string, model: string, options: RouteOptions): RouteResolution {
  const name = providerName(provider);
  const resolution: RouteResolution = { query, mode: "pinned", pinned: name, model, routes: [], excluded: [] };
  const reasons = whyNotRoutable(provider, options);
  if (reasons.length > 0) {
    resolution.excluded.push({ provider: name, class: providerClass(provider), reasons });
    return resolution;
  }
  const models = provider.models ?? [];
  let entry = models.find((candidate) => candidate.id === model) ?? models.find((candidate) => candidate.provider_model_id === model);
  const id = entry ? undefined : options.aliases?.get(model);
  if (id !== undefined) {
    entry = models.find((candidate) => candidate.id === id);
    Object.assign(resolution, { model: id, alias: model });
  }
  resolution.routes.push(row(provider, entry, id ?? model));
  return resolution;
}

function resolveCascade(providers: readonly RouteProviderInput[], query: string, options: RouteOptions): RouteResolution {
  const resolution: RouteResolution = { query, mode: "cascade", model: query, routes: [], excluded: [] };
  const joined: Array<{ rank: number; row: RouteRow }> = [];
  for (const provider of providers) {
    const entry = (provider.models ?? []).find((candidate) => candidate.id === query);
    if (!entry) continue;
    const klass = providerClass(provider);
    const reasons = whyNotRoutable(provider, options);
    if (EXPLICIT_ONLY.has(klass)) {
      reasons.push(`class ${klass} is explicit-route only: a bare model id never cascades to it (ask for \`${providerName(provider)}:${entry.id}\`)`);
    }
    if (reasons.length > 0) resolution.excluded.push({ provider: providerName(provider), class: klass, reasons });
    else joined.push({ rank: PROVIDER_CLASSES.indexOf(klass), row: row(provider, entry, query) });
  }
  joined.sort((a, b) => a.rank - b.rank || compareNames(a.row.provider, b.row.provider));
  resolution.routes = joined.map((item) => item.row);
  resolution.excluded.sort((a, b) => compareNames(a.provider, b.provider));
  return resolution;
}
