/** Hot reload (SPEC §10): a good change is swapped in whole, a bad one refused while the last good one keeps serving. */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyRegistry } from "../helpers.ts";
import { BITROUTER_DIST, get, HAS_CORPORA, serveInProcess } from "./helpers.ts";

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await probe();
  }
  return value;
}

/** Replaces a file the way build does: a temporary file, then a rename. */
function replace(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

describe.skipIf(!HAS_CORPORA)("reloading a snapshot directory", () => {
  for (const mode of [
    { name: "fs.watch", fsWatch: true, pollMs: 0 },
    { name: "the poll alone", fsWatch: false, pollMs: 100 },
  ]) {
    it(`swaps a good snapshot in and refuses a bad one (${mode.name})`, async () => {
      const dir = copyRegistry(BITROUTER_DIST);
      const server = await serveInProcess({ kind: "snapshot", dir }, { watch: true, fsWatch: mode.fsWatch, pollMs: mode.pollMs });
      const health = async () => (await get(server.url, "/healthz")).json();
      const first = (await health()).snapshot.hash;
      expect((await get(server.url, "/v1/providers/alibaba")).json().display_name).toBe("Alibaba Cloud Model Studio (International)");

      const providersPath = join(dir, "registry/providers.json");
      const original = readFileSync(providersPath, "utf8");
      replace(providersPath, original.replace('"display_name": "Alibaba Cloud Model Studio (International)"', '"display_name": "Alibaba renamed"'));
      const second = await until(health, (h) => h.snapshot.hash !== first);
      expect(second.snapshot.hash).not.toBe(first);
      expect(second.status).toBe("ok");
      expect((await get(server.url, "/v1/providers/alibaba")).json().display_name).toBe("Alibaba renamed");
      // The old ETag no longer matches: a cached copy is fetched again.
      expect((await get(server.url, "/registry/providers.json", { "If-None-Match": `"${first}"` })).status).toBe(200);

      replace(providersPath, "{ not json");
      const refused = await until(health, (h) => h.status === "degraded");
      expect(refused.status).toBe("degraded");
      expect(refused.snapshot.hash).toBe(second.snapshot.hash);
      expect(refused.reload.refused.reason).toMatch(/registry\/providers\.json is not JSON/);
      expect(refused.reload.refused.still_serving).toBe(second.snapshot.hash);
      const served = await get(server.url, "/registry/providers.json");
      expect(served.status).toBe(200);
      expect(served.text).toContain("Alibaba renamed");

      // A models view naming a provider the providers view lacks is refused too (a half-written snapshot).
      replace(providersPath, JSON.stringify({ data: [] }));
      const inconsistent = await until(health, (h) => h.status === "degraded" && /is not in registry\/providers\.json/.test(h.reload.refused?.reason ?? ""));
      expect(inconsistent.reload.refused.reason).toMatch(/provider `\S+` is not in registry\/providers\.json/);

      replace(providersPath, original);
      const back = await until(health, (h) => h.status === "ok");
      expect(back.snapshot.hash).toBe(first);
      expect(back.reload.refused).toBeUndefined();
    });
  }
});

describe.skipIf(!HAS_CORPORA)("reloading a registry root", () => {
  it("validates the edited registry; an invalid edit is refused with file:line:column", async () => {
    const root = copyRegistry("upstream");
    const server = await serveInProcess({ kind: "registry", root }, { watch: true, pollMs: 200 });
    const health = async () => (await get(server.url, "/healthz")).json();
    const first = (await health()).snapshot.hash;
    const file = join(root, "providers/anthropic.yaml");
    const original = readFileSync(file, "utf8");
    expect(original).toMatch(/^status: active$/m);

    writeFileSync(file, original.replace(/^status: active$/m, "status: activ"));
    const refused = await until(health, (h) => h.status === "degraded");
    expect(refused.reload.refused.reason).toMatch(/providers\/anthropic\.yaml:\d+:\d+ .*\(schema\)/);
    expect(refused.snapshot.hash).toBe(first);
    expect((await get(server.url, "/v1/providers/anthropic/status")).json().status).toBe("active");

    writeFileSync(file, original.replace(/^status: active$/m, "status: suspended"));
    const swapped = await until(health, (h) => h.status === "ok" && h.snapshot.hash !== first);
    expect(swapped.snapshot.hash).not.toBe(first);
    expect((await get(server.url, "/v1/providers/anthropic/status")).json()).toMatchObject({ status: "suspended", routable: false });
  });
});
