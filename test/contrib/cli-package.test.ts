/**
 * The toolchain from another repository: `npm pack` this repository, install
 * the tarball into an empty project (offline, its dependencies from npm's
 * cache, pinned by this repository's lockfile), and run the installed
 * `provider-registry` under plain Node — and under Bun — against copies of
 * the shared corpora. It must say exactly what the source says.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUN, copyRegistry, CORPORA, gitIn, plainEnv, repositoryCopy, runScript, tempDir, type CliResult } from "../helpers.ts";

let project: string;
let bin: string;

function run(command: string, args: string[], cwd: string): CliResult {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: plainEnv(), timeout: 300_000 });
  return { code: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** An empty project with the packed tarball installed, offline: the dependencies come pinned from this repository's lockfile. */
function installInto(tarball: string): string {
  const dir = tempDir("consumer-");
  const name = "provider-registry.tgz";
  writeFileSync(join(dir, name), readFileSync(tarball));
  const repoLock = JSON.parse(readFileSync(join(repositoryRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as Record<string, unknown>;
  const integrity = `sha512-${createHash("sha512")
    .update(readFileSync(join(dir, name)))
    .digest("base64")}`;
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: { "provider-registry": `file:${name}` } },
    "node_modules/provider-registry": {
      version: manifest.version,
      resolved: `file:${name}`,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  // The runtime dependencies only, placed where this repository's install places them.
  for (const [path, entry] of Object.entries(repoLock.packages)) if (path !== "" && !entry.dev) packages[path] = entry;
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "consumer", private: true, dependencies: { "provider-registry": `file:${name}` } }, null, 2)}\n`,
  );
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify({ name: "consumer", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  const installed = run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], dir);
  expect(installed.code, installed.stderr).toBe(0);
  return dir;
}

let repositoryRoot: string;

beforeAll(() => {
  repositoryRoot = repositoryCopy();
  const out = tempDir("pack-");
  const packed = run("npm", ["pack", "--pack-destination", out], repositoryRoot);
  expect(packed.code, packed.stderr).toBe(0);
  const [tarball] = readdirSync(out).filter((name) => name.endsWith(".tgz"));
  expect(tarball).toBeDefined();
  project = installInto(join(out, tarball!));
  bin = join(project, "node_modules/.bin/provider-registry");
}, 600_000);

describe("the installed provider-registry command", () => {
  it("ships compiled JavaScript and no TypeScript, and needs no Bun", () => {
    const root = join(project, "node_modules/provider-registry");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" });
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
    expect(files).toContain("cli/scripts/validate.js");
    expect(existsSync(join(project, "node_modules/bun"))).toBe(false);
  });

  it("lists its commands", () => {
    const result = run("node", [bin, "--help"], project);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: provider-registry <command>/);
    for (const command of ["validate", "build", "diff", "manage", "release"]) expect(result.stdout).toContain(`  ${command} `);
    const unknown = run("node", [bin, "valdiate"], project);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^provider-registry: unknown command `valdiate`/);
  });

  it("validates the upstream corpus under plain Node exactly as the source does under Bun", () => {
    const registry = copyRegistry("upstream");
    const installed = run("node", [bin, "validate", "--root", registry, "--format", "json"], project);
    const source = runScript("validate", ["--root", registry, "--format", "json"]);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toBe(source.stdout);
    expect(JSON.parse(installed.stdout)).toMatchObject({ ok: true, summary: { providers: 31, errors: 0 } });
  });

  it("runs under Bun too", () => {
    const registry = copyRegistry("upstream");
    const result = run(BUN, [bin, "validate", "--root", registry, "--format", "json"], project);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true });
  });

  it("builds the upstream corpus byte for byte as its own dist/", () => {
    const registry = copyRegistry("upstream");
    const result = run("node", [bin, "build", "--root", registry], project);
    expect(result.code, result.stderr).toBe(0);
    for (const view of ["providers.json", "models.json"]) {
      expect(readFileSync(join(registry, "dist", view), "utf8")).toBe(readFileSync(join(CORPORA, "upstream/dist", view), "utf8"));
    }
    expect(JSON.parse(readFileSync(join(registry, "dist/npm/package.json"), "utf8")).name).toBe("provider-registry-snapshot");
    const check = run("node", [bin, "build", "--root", registry, "--check"], project);
    expect(check.code, check.stderr).toBe(0);
  });

  it("diffs and manages a registry under git", () => {
    const registry = copyRegistry("upstream");
    gitIn(registry, "init", "-q", "-b", "main");
    gitIn(registry, "add", "-A");
    gitIn(registry, "commit", "-q", "-m", "base");
    const edited = run("node", [bin, "manage", "--root", registry, "update-model", "deepseek", "deepseek/deepseek-v4-pro", "--output", "3.5"], project);
    expect(edited.code, edited.stderr).toBe(0);
    const diff = run("node", [bin, "diff", "--root", registry, "--format", "json"], project);
    expect(diff.code, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout).changes).toEqual([
      expect.objectContaining({ kind: "model-changed", provider: "deepseek", field: "pricing.output_tokens.text", before: 3.48, after: 3.5 }),
    ]);
  });

  it("says the same as the source about the router's registry (bitrouter), and builds its views once the source does", () => {
    const registry = copyRegistry(join(CORPORA, "bitrouter/registry"));
    // Its canonical list is a default catalogue, not a routing gate (its SOURCE.md).
    const flags = ["--root", registry, "--format", "json", "--rule", "unknown-canonical=warning"];
    const installed = run("node", [bin, "validate", ...flags], project);
    const source = runScript("validate", flags);
    expect(installed.code).toBe(source.code);
    expect(installed.stdout).toBe(source.stdout);
    expect(installed.stderr).toBe(source.stderr);
    if (source.code !== 0) return;
    expect(JSON.parse(installed.stdout)).toMatchObject({ ok: true, summary: { providers: 47, errors: 0 } });
    const buildFlags = (out: string) => ["--root", registry, "--out", out, "--views", "router", "--rule", "unknown-canonical=warning"];
    const sourceOut = tempDir("bitrouter-source-");
    const sourceBuild = runScript("build", buildFlags(sourceOut));
    const installedOut = tempDir("bitrouter-installed-");
    const installedBuild = run("node", [bin, "build", ...buildFlags(installedOut)], project);
    expect(installedBuild.code).toBe(sourceBuild.code);
    if (sourceBuild.code !== 0) return;
    for (const view of ["providers.json", "models.json"]) {
      expect(readFileSync(join(installedOut, "registry", view), "utf8")).toBe(readFileSync(join(CORPORA, "bitrouter/dist/registry", view), "utf8"));
    }
  });
});
