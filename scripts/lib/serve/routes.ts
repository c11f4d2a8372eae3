/**
 * Every route `serve` answers (SPEC §10), as data: the path template, its
 * parameters and the shape of its answer. The server matches requests
 * against this table and `/openapi.json` is generated from it, so the two
 * cannot drift apart.
 */
import {
  capabilities,
  listModels,
  listProviders,
  providerCapabilities,
  providerModels,
  providerStatus,
  requireCapability,
  requireModel,
  requireProvider,
  type Catalog,
} from "./catalog.ts";
import { ApiError, badQuery } from "./errors.ts";
import type { RouteAnswer } from "./route-answer.ts";
import type { ViewName } from "./snapshot.ts";

export type JsonSchema = Record<string, unknown>;

export interface QueryParameter {
  name: string;
  description: string;
  required?: boolean;
  /** A comma-separated list of values. */
  list?: boolean;
}

export interface RouteContext {
  catalog: Catalog;
  /** Decoded path parameters, by name. */
  params: Record<string, string>;
  /** Query parameters that the route declares, each given at most once. */
  query: Record<string, string>;
  route: RouteAnswer;
  /** Current health, for `/healthz`. */
  health(): unknown;
}

/** A JSON value to serialise, or bytes to send as they are. */
export type RouteBody = { json: unknown } | { bytes: Buffer };

export interface RouteSpec {
  /** OpenAPI path template: `/v1/providers/{name}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  parameters?: Record<string, string>;
  query?: QueryParameter[];
  /** The answer depends only on the snapshot (ETag and caching apply) or not (`/healthz`). */
  snapshotBound: boolean;
  response: JsonSchema;
  errors: number[];
  handle(context: RouteContext): RouteBody;
}

const string = { type: "string" } as const;
const stringList = { type: "array", items: string } as const;
const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)): JsonSchema => ({
  type: "object",
  required,
  properties,
});

const providerEntry = object(
  {
    id: { ...string, description: "Canonical model id." },
    provider_model_id: { ...string, description: "The id the provider's API calls the model." },
    api_protocol: { description: "Resolved protocol, or an ordered list of them.", oneOf: [string, stringList] },
    capabilities: stringList,
    pricing: { type: "object", description: "USD per 1M tokens." },
    rate_limits: { type: "object" },
  },
  ["id", "provider_model_id"],
);

const provider = object(
  {
    id: string,
    name: string,
    status: { ...string, description: "Only `active` is routable." },
    models: { type: "array", items: providerEntry },
  },
  ["id", "models"],
);

const modelProvider = object({ provider: string, provider_model_id: string, api_protocol: { oneOf: [string, stringList] } }, ["provider", "provider_model_id"]);
const model = object({ id: string, name: string, providers: { type: "array", items: modelProvider } }, ["id", "providers"]);
const modelSummary = object({ id: string, name: string, providers: { ...stringList, description: "Names of the providers serving it." } }, ["id", "providers"]);
const view = (item: JsonSchema): JsonSchema => object({ data: { type: "array", items: item } });

function bytesOf(catalog: Catalog, name: ViewName, file: "providers" | "models"): RouteBody {
  const files = catalog.snapshot.views[name];
  if (!files) {
    const built = Object.keys(catalog.snapshot.views).join(", ");
    throw new ApiError(
      404,
      "view_not_built",
      `this snapshot has no router view (it has: ${built}): serve a snapshot directory whose build wrote registry/${file}.json`,
    );
  }
  return { bytes: files[file] };
}

const modelId = (params: Record<string, string>) => `${params.org}/${params.model}`;
const modelPathParameters = {
  org: "The part of the canonical id before the slash (`anthropic` in `anthropic/claude-sonnet-4.6`).",
  model: "The part after it.",
};

export const ROUTES: readonly RouteSpec[] = [
  {
    path: "/v1/providers",
    operationId: "listProviders",
    summary: "Every provider, by name, with its status and the number of models it serves.",
    snapshotBound: true,
    response: view(object({ id: string, status: string, models: { type: "integer", minimum: 0 } }, ["id", "models"])),
    errors: [],
    handle: ({ catalog }) => ({ json: listProviders(catalog) }),
  },
  {
    path: "/v1/providers/{name}",
    operationId: "getProvider",
    summary: "One provider as the snapshot carries it: defaults filled in, patterns resolved per model.",
    parameters: { name: "Provider name (the file name without `.yaml`)." },
    snapshotBound: true,
    response: provider,
    errors: [404],
    handle: ({ catalog, params }) => ({ json: requireProvider(catalog, params.name!) }),
  },
  {
    path: "/v1/providers/{name}/models",
    operationId: "listProviderModels",
    summary: "The models a provider serves, in file order, with protocol, price, limits and capabilities.",
    parameters: { name: "Provider name." },
    snapshotBound: true,
    response: view(providerEntry),
    errors: [404],
    handle: ({ catalog, params }) => ({ json: providerModels(catalog, params.name!) }),
  },
  {
    path: "/v1/providers/{name}/capabilities",
    operationId: "getProviderCapabilities",
    summary: "The provider's row of the provider × capability matrix: for each capability, the models declaring it.",
    parameters: { name: "Provider name." },
    snapshotBound: true,
    response: object({ provider: string, models: { type: "integer" }, capabilities: { type: "object", additionalProperties: stringList } }),
    errors: [404],
    handle: ({ catalog, params }) => ({ json: providerCapabilities(catalog, params.name!) }),
  },
  {
    path: "/v1/providers/{name}/status",
    operationId: "getProviderStatus",
    summary: "The provider's status and whether a router may route to it (only `active` is routable).",
    parameters: { name: "Provider name." },
    snapshotBound: true,
    response: object({ provider: string, status: { type: ["string", "null"] }, routable: { type: "boolean" }, status_page_url: string }, [
      "provider",
      "status",
      "routable",
    ]),
    errors: [404],
    handle: ({ catalog, params }) => ({ json: providerStatus(catalog, params.name!) }),
  },
  {
    path: "/v1/models",
    operationId: "listModels",
    summary: "Every canonical model with the names of the providers serving it; `provider` and `capability` narrow the list.",
    query: [
      { name: "provider", description: "Only the models this provider serves." },
      { name: "capability", description: "Only models some provider serves with every one of these capabilities (comma-separated).", list: true },
    ],
    snapshotBound: true,
    response: view(modelSummary),
    errors: [400, 404],
    handle: ({ catalog, query }) => ({
      json: listModels(catalog, {
        ...(query.provider !== undefined ? { provider: query.provider } : {}),
        ...(query.capability !== undefined ? { capabilities: listValues(query.capability).map((c) => requireCapability(catalog, c, "capability")) } : {}),
      }),
    }),
  },
  {
    path: "/v1/models/{org}/{model}",
    operationId: "getModel",
    summary: "One canonical model (by id or alias) with every provider serving it.",
    parameters: modelPathParameters,
    snapshotBound: true,
    response: model,
    errors: [404],
    handle: ({ catalog, params }) => ({ json: requireModel(catalog, modelId(params)) }),
  },
  {
    path: "/v1/capabilities",
    operationId: "getCapabilities",
    summary:
      "The provider × capability matrix; with `model`, who declares what for that model; with `feature`, who declares it; with both, whether the model is served with it.",
    query: [
      { name: "model", description: "A canonical id or alias." },
      { name: "feature", description: "One capability (`tools`, `reasoning`, …)." },
    ],
    snapshotBound: true,
    response: { type: "object" },
    errors: [400, 404],
    handle: ({ catalog, query }) => ({
      json: capabilities(catalog, {
        ...(query.model !== undefined ? { model: query.model } : {}),
        ...(query.feature !== undefined ? { feature: query.feature } : {}),
      }),
    }),
  },
  {
    path: "/v1/route",
    operationId: "route",
    summary:
      "How a model name resolves, as the router resolves it: `provider:model` pins one entry, a bare canonical id cascades over the active providers; every provider left out is listed with the reason.",
    description: "Every provider counts as configured: the server has no keys, so none is left out for a missing key variable.",
    query: [{ name: "model", description: "`provider:model`, or a bare canonical id or alias.", required: true }],
    snapshotBound: true,
    response: object(
      {
        query: string,
        mode: { enum: ["pinned", "cascade"] },
        pinned: string,
        model: string,
        alias: { ...string, description: "When the query named the model by a canonical alias: that alias (`model` is the canonical id it names)." },
        routes: {
          type: "array",
          description: "In the order the router tries them.",
          items: object(
            {
              provider: string,
              class: string,
              model: string,
              provider_model_id: string,
              protocol: string,
              endpoint: { type: ["string", "null"] },
              declared: { type: "boolean" },
            },
            ["provider", "class", "model", "provider_model_id", "protocol"],
          ),
        },
        excluded: { type: "array", items: object({ provider: string, class: string, reasons: stringList }) },
      },
      ["query", "mode", "model", "routes", "excluded"],
    ),
    errors: [400, 404],
    handle: ({ catalog, query, route }) => ({ json: route(catalog, query.model!) }),
  },
  {
    path: "/registry/providers.json",
    operationId: "routerProvidersView",
    summary: "The router view's providers.json, byte for byte: a router's registry URL can point here.",
    snapshotBound: true,
    response: view(provider),
    errors: [404],
    handle: ({ catalog }) => bytesOf(catalog, "router", "providers"),
  },
  {
    path: "/registry/models.json",
    operationId: "routerModelsView",
    summary: "The router view's models.json, byte for byte.",
    snapshotBound: true,
    response: view(model),
    errors: [404],
    handle: ({ catalog }) => bytesOf(catalog, "router", "models"),
  },
  {
    path: "/openapi.json",
    operationId: "openapi",
    summary: "This document.",
    snapshotBound: true,
    response: object({ openapi: string, paths: { type: "object" } }),
    errors: [],
    // Filled in by the server (the document is generated from this table).
    handle: () => {
      throw new ApiError(500, "internal", "the OpenAPI document is served by the server itself");
    },
  },
  {
    path: "/healthz",
    operationId: "health",
    summary: "Which snapshot is live (its hash and origin) and, when the last reload was refused, why.",
    snapshotBound: false,
    response: object({ status: { enum: ["ok", "degraded"] }, snapshot: object({ hash: string, origin: string }, ["hash", "origin"]) }, ["status", "snapshot"]),
    errors: [],
    handle: ({ health }) => ({ json: health() }),
  },
];

export function listValues(value: string): string[] {
  const values = value.split(",").map((item) => item.trim());
  if (values.some((item) => item === "")) throw badQuery(`empty value in the list \`${value}\``);
  return values;
}

interface CompiledRoute {
  spec: RouteSpec;
  segments: Array<{ literal: string } | { parameter: string }>;
}

const compiled: CompiledRoute[] = ROUTES.map((spec) => ({
  spec,
  segments: spec.path
    .slice(1)
    .split("/")
    .map((segment) => (segment.startsWith("{") ? { parameter: segment.slice(1, -1) } : { literal: segment })),
}));

const STATIC = new Map(compiled.filter((route) => route.segments.every((s) => "literal" in s)).map((route) => [route.spec.path, route.spec]));

/** The route for decoded path segments, with its parameters; undefined when none matches. */
export function matchRoute(path: string, segments: readonly string[]): { spec: RouteSpec; params: Record<string, string> } | undefined {
  const exact = STATIC.get(path);
  if (exact) return { spec: exact, params: {} };
  for (const route of compiled) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < segments.length && matched; i++) {
      const pattern = route.segments[i]!;
      if ("literal" in pattern) matched = pattern.literal === segments[i];
      else params[pattern.parameter] = segments[i]!;
    }
    if (matched) return { spec: route.spec, params };
  }
  return undefined;
}

export const ROUTE_PATHS = ROUTES.map((route) => route.path);
