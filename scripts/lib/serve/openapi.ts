/** The OpenAPI 3.1 document of exactly the routes in ROUTES. */
import { ROUTES, type RouteSpec } from "./routes.ts";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "A bad query: unknown or repeated parameter, missing required one, unknown capability.",
  404: "Unknown provider or model (the message suggests the closest name), or a view this snapshot does not have.",
};

function parameters(route: RouteSpec): unknown[] {
  const path = Object.entries(route.parameters ?? {}).map(([name, description]) => ({
    name,
    in: "path",
    required: true,
    description,
    schema: { type: "string" },
  }));
  const query = (route.query ?? []).map((parameter) => ({
    name: parameter.name,
    in: "query",
    required: parameter.required ?? false,
    description: parameter.description,
    schema: { type: "string" },
    ...(parameter.list ? { explode: false, style: "form" } : {}),
  }));
  return [...path, ...query];
}

function operation(route: RouteSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    "200": {
      description: route.summary,
      ...(route.snapshotBound
        ? { headers: { ETag: { $ref: "#/components/headers/ETag" }, "Cache-Control": { $ref: "#/components/headers/CacheControl" } } }
        : {}),
      content: { "application/json": { schema: route.response } },
    },
  };
  if (route.snapshotBound) responses["304"] = { description: "Not modified: `If-None-Match` names the live snapshot." };
  for (const status of route.errors) responses[String(status)] = { $ref: `#/components/responses/E${status}` };
  responses["405"] = { $ref: "#/components/responses/E405" };
  const parameterList = parameters(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
    responses,
  };
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const route of ROUTES) paths[route.path] = { get: operation(route) };
  return {
    openapi: "3.1.0",
    info: {
      title: "provider-registry",
      version,
      description:
        "Read-only HTTP over the registry snapshot: which providers a router can reach, which canonical models each serves, at what price. Every answer about the snapshot carries its hash as a strong ETag; only GET and HEAD are allowed.",
    },
    paths,
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
        },
      },
      headers: {
        ETag: { description: "The snapshot hash (sha256), with `.br` or `.gz` for a compressed answer.", schema: { type: "string" } },
        CacheControl: { description: "How long a cache may keep the answer.", schema: { type: "string" } },
      },
      responses: {
        E400: errorResponse(ERROR_DESCRIPTIONS[400]!),
        E404: errorResponse(ERROR_DESCRIPTIONS[404]!),
        E405: errorResponse("Only GET and HEAD: the registry changes through pull requests."),
      },
    },
  };
}
