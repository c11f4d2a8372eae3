/**
 * /openapi.json describes exactly the routes served: the SPEC §10 list, each
 * answering 200 over HTTP with a body its schema accepts, and nothing else.
 */
import Ajv2020 from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { BITROUTER_DIST, get, HAS_CORPORA, serveInProcess } from "./helpers.ts";

/** SPEC §10, with `{id}` written as the two path segments of a canonical id. */
const SPEC_ROUTES = [
  "/v1/providers",
  "/v1/providers/{name}",
  "/v1/providers/{name}/models",
  "/v1/providers/{name}/capabilities",
  "/v1/providers/{name}/status",
  "/v1/models",
  "/v1/models/{org}/{model}",
  "/v1/capabilities",
  "/v1/route",
  "/registry/providers.json",
  "/registry/models.json",
  "/openapi.json",
  "/healthz",
];

describe.skipIf(!HAS_CORPORA)("/openapi.json", () => {
  let base: string;
  let document: any;
  beforeAll(async () => {
    base = (await serveInProcess({ kind: "snapshot", dir: BITROUTER_DIST })).url;
    const answer = await get(base, "/openapi.json");
    expect(answer.status).toBe(200);
    document = answer.json();
  });

  it("is OpenAPI 3.1 with exactly the SPEC routes, GET only", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual([...SPEC_ROUTES].sort());
    for (const [path, item] of Object.entries<any>(document.paths)) {
      expect(Object.keys(item), path).toEqual(["get"]);
      const declared = (item.get.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => p.name);
      expect(declared.sort(), path).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      expect(item.get.responses["405"], path).toBeDefined();
    }
  });

  it("every documented route answers 200 with a body its schema accepts", async () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: "doc", components: document.components }, "doc");
    const values: Record<string, string> = { name: "anthropic", org: "anthropic", model: "claude-fable-5" };
    const queries: Record<string, string> = {
      "/v1/route": "?model=anthropic/claude-fable-5",
      "/v1/models": "?provider=anthropic",
      "/v1/capabilities": "?model=anthropic/claude-fable-5",
    };
    for (const [template, item] of Object.entries<any>(document.paths)) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!) + (queries[template] ?? "");
      const answer = await get(base, path);
      expect(answer.status, path).toBe(200);
      const schema = item.get.responses["200"].content["application/json"].schema;
      const validate = ajv.compile(schema);
      expect(validate(answer.json()), `${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      if (item.get.responses["404"]) expect(item.get.responses["404"].$ref).toBe("#/components/responses/E404");
    }
  });

  it("documents the error shape the server answers with", async () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(document.components.schemas.Error);
    for (const path of ["/v1/nope", "/v1/providers/nope", "/v1/route", "/v1/models/a/b/c"]) {
      const answer = await get(base, path);
      expect([400, 404], path).toContain(answer.status);
      expect(validate(answer.json()), path).toBe(true);
    }
  });

  it("a path outside the document is a 404", async () => {
    for (const path of ["/", "/v1", "/v1/providers/anthropic/models/x", "/v1/models/anthropic", "/registry/other.json", "/providers.json"]) {
      expect((await get(base, path)).status, path).toBe(404);
    }
  });
});
