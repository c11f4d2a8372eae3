/** `bun run serve` as a real process: flags, exit codes, and answers over HTTP. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.ts";
import { BITROUTER_DIST, get, HAS_CORPORA, serveExit, serveProcess, UPSTREAM_ROOT } from "./helpers.ts";

describe("serve usage", () => {
  it("exits 2 on a usage error, naming it", async () => {
    const both = await serveExit(["--root", ".", "--snapshot", "dist"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--root or --snapshot, not both/);
    const port = await serveExit(["--port", "http"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a whole number/);
    const missing = await serveExit(["--snapshot", join(tempDir(), "absent")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/is not a directory/);
  });

  it("exits 1 when there is nothing to serve, saying why, without a stack trace", async () => {
    const empty = tempDir();
    const none = await serveExit(["--snapshot", empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/nothing to serve: snapshot .* has no view/);
    const half = tempDir();
    mkdirSync(join(half, "registry"));
    writeFileSync(join(half, "registry/providers.json"), '{ "data": [] }\n');
    const halfAnswer = await serveExit(["--snapshot", half]);
    expect(halfAnswer.code).toBe(1);
    expect(halfAnswer.stderr).toMatch(/registry\/providers\.json is there but .*registry\/models\.json is missing/);
    expect(halfAnswer.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!HAS_CORPORA)("serve under Bun", () => {
  it("serves a snapshot directory and a registry root", async () => {
    const snapshot = await serveProcess(["--snapshot", BITROUTER_DIST, "--no-watch"]);
    expect((await get(snapshot.url, "/v1/providers/anthropic/status")).json()).toMatchObject({ provider: "anthropic", routable: true });
    expect((await get(snapshot.url, "/registry/models.json")).status).toBe(200);
    const root = await serveProcess(["--root", UPSTREAM_ROOT, "--no-watch"]);
    const health = (await get(root.url, "/healthz")).json();
    expect(health.snapshot.origin).toBe(`registry ${UPSTREAM_ROOT}`);
    expect((await get(root.url, "/v1/providers")).json().data).toHaveLength(31);
  });

  it("exits 1 when the port is taken", async () => {
    const first = await serveProcess(["--snapshot", BITROUTER_DIST, "--no-watch"]);
    const taken = await serveExit(["--snapshot", BITROUTER_DIST, "--no-watch", "--port", new URL(first.url).port]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
  });

  it("refuses an invalid registry at start with file:line:column", async () => {
    const root = tempDir();
    mkdirSync(join(root, "providers"));
    writeFileSync(join(root, "canonical.yaml"), "models:\n  - id: acme/widget\n");
    writeFileSync(join(root, "providers/acme.yaml"), "name: acme\nstatus: activ\napi_base: https://api.acme.example/v1\nmodels: []\n");
    const answer = await serveExit(["--root", root]);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toMatch(/does not validate: 1 error: providers\/acme\.yaml:2:9 .*\(schema\)/);
  });
});
