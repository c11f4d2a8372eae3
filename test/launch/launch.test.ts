/**
 * The compiled toolchain (scripts/lib/launch/): a command starts from its
 * bundle only while every file it was built from is unchanged, reports
 * exactly what the sources report, and falls back to the sources whenever
 * the bundle cannot be trusted. Each test works on its own copy of the
 * toolchain, whose node_modules links the real packages but keeps its own
 * .cache, so nothing here touches this checkout's compiled bundles.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUN, CORPORA, copyRegistry, plainEnv, REPO_ROOT, tempDir } from "../helpers.ts";

/** scripts/ and package.json copied; every package linked, the caches left out. */
function toolchainCopy(): string {
  const toolchain = tempDir("toolchain-");
  cpSync(join(REPO_ROOT, "scripts"), join(toolchain, "scripts"), { recursive: true });
  cpSync(join(REPO_ROOT, "package.json"), join(toolchain, "package.json"));
  mkdirSync(join(toolchain, "node_modules"));
  for (const name of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (name !== ".cache") symlinkSync(join(REPO_ROOT, "node_modules", name), join(toolchain, "node_modules", name));
  }
  return toolchain;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The launcher's own line (PROVIDER_REGISTRY_TRACE=launch). */
  started: string;
}

function validate(toolchain: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(BUN, [join(toolchain, "scripts/validate.ts"), ...args], {
    encoding: "utf8",
    env: plainEnv({ PROVIDER_REGISTRY_TRACE: "launch", ...env }),
    timeout: 120_000,
  });
  const lines = result.stderr.split("\n");
  const started = lines.find((line) => line.startsWith("validate: started from")) ?? "";
  return { code: result.status ?? -1, stdout: result.stdout, stderr: lines.filter((line) => line !== started).join("\n"), started };
}

function fromSources(toolchain: string, args: string[]): Run {
  return validate(toolchain, args, { PROVIDER_REGISTRY_COMPILED: "0" });
}

/** The copy's one compiled command directory, once a compiler made it. */
function commandDirectory(toolchain: string): string | undefined {
  const compiled = join(toolchain, "node_modules/.cache/provider-registry/compiled");
  if (!existsSync(compiled)) return undefined;
  for (const runtime of readdirSync(compiled)) {
    for (const root of readdirSync(join(compiled, runtime))) {
      const directory = join(compiled, runtime, root, "validate");
      if (existsSync(join(directory, "manifest.json"))) return directory;
    }
  }
  return undefined;
}

/** Runs until one starts from the bundle (the compiler works in the background), then returns that run. */
async function untilCompiled(toolchain: string, args: string[]): Promise<Run> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const run = validate(toolchain, args);
    if (run.started === "validate: started from the compiled toolchain") return run;
    if (Date.now() > deadline) throw new Error(`never compiled; last run: ${run.started}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

const bitrouter = join(CORPORA, "bitrouter/registry");

describe("the compiled toolchain", () => {
  it("is built in the background after a run from the sources, and then reports what the sources report", async () => {
    const toolchain = toolchainCopy();
    const upstream = copyRegistry("upstream");
    const first = validate(toolchain, ["--root", upstream, "--format", "json"]);
    expect(first.started).toBe("validate: started from the sources (not compiled yet)");
    expect(first.code).toBe(0);

    const runs: string[][] = [
      ["--root", upstream, "--format", "json", "--no-cache"],
      ["--root", upstream, "--format", "text"],
      ["--root", bitrouter, "--rule", "unknown-canonical=warning", "--format", "json", "--no-cache"],
      ["--root", bitrouter, "--rule", "unknown-canonical=warning", "--format", "text", "--no-cache"],
      ["--root", join(CORPORA, "models-dev"), "--format", "github", "--no-cache"],
      ["--root", bitrouter, "--format", "json", "--no-cache"],
    ];
    await untilCompiled(toolchain, runs[0]!);
    for (const args of runs) {
      const compiled = validate(toolchain, args);
      expect(compiled.started, args.join(" ")).toBe("validate: started from the compiled toolchain");
      const sources = fromSources(toolchain, args);
      expect(sources.started).toBe("validate: started from the sources (compiling is off here)");
      expect({ code: compiled.code, stdout: compiled.stdout, stderr: compiled.stderr }, args.join(" ")).toEqual({
        code: sources.code,
        stdout: sources.stdout,
        stderr: sources.stderr,
      });
    }
    // The last run has errors (bitrouter's uncurated models without the rule flag): the bundle says so too.
    expect(validate(toolchain, runs[5]!).code).toBe(1);
  });

  it("goes back to the sources the first run after any file it was built from changes, then compiles again", async () => {
    const toolchain = toolchainCopy();
    const registry = copyRegistry(bitrouter);
    const args = ["--root", registry, "--format", "json", "--no-cache"];
    validate(toolchain, args);
    const before = await untilCompiled(toolchain, args);
    expect(before.stdout).toContain("unknown canonical id");
    // Both an hour old: the bundle in use (which a run may still be loading when it is replaced) and one nobody names.
    const directory = commandDirectory(toolchain)!;
    const inUse = (JSON.parse(readFileSync(join(directory, "manifest.json"), "utf8")) as { bundle: string }).bundle.split("/")[0]!;
    mkdirSync(join(directory, "unnamed"));
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of [inUse, "unnamed"]) utimesSync(join(directory, name), hourAgo, hourAgo);

    // An edit that changes what validate says: the very next run must say the new thing.
    const rule = join(toolchain, "scripts/lib/rules/unknown-canonical.ts");
    writeFileSync(rule, readFileSync(rule, "utf8").replace("unknown canonical id", "canonical id not found"));
    const after = validate(toolchain, args);
    expect(after.started).toBe(`validate: started from the sources (${rule} changed)`);
    expect(after.stdout).toContain("canonical id not found");
    expect(after.stdout).not.toContain("unknown canonical id");
    const recompiled = await untilCompiled(toolchain, args);
    expect(recompiled.stdout).toBe(after.stdout);
    expect(existsSync(join(directory, inUse)), "the bundle just replaced is kept a while").toBe(true);
    expect(existsSync(join(directory, "unnamed")), "a bundle unnamed for an hour is removed").toBe(false);
  });

  it("never trusts a damaged bundle, nor a manifest made for another toolchain", async () => {
    const toolchain = toolchainCopy();
    const upstream = copyRegistry("upstream");
    const args = ["--root", upstream, "--format", "json", "--no-cache"];
    const expected = fromSources(toolchain, args);
    validate(toolchain, args);
    await untilCompiled(toolchain, args);
    const directory = commandDirectory(toolchain)!;
    const manifestFile = join(directory, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { root: string; bundle: string };
    // A compiler at work (its lock is fresh): the runs below start none of their own.
    writeFileSync(join(directory, "compiling.lock"), "");
    const bundles = readdirSync(directory).sort();

    writeFileSync(manifestFile, JSON.stringify({ ...manifest, root: REPO_ROOT }));
    const foreign = validate(toolchain, args);
    expect(foreign.started).toBe("validate: started from the sources (compiled for another toolchain)");
    expect(foreign.stdout).toBe(expected.stdout);
    // Bytecode belongs to one build of Bun: a bundle another Bun made (after an upgrade) is not used.
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, runtime: "1.0.0+0000000000000000000000000000000000000000" }));
    const otherBun = validate(toolchain, args);
    expect(otherBun.started).toBe("validate: started from the sources (compiled for another toolchain)");
    expect(otherBun.stdout).toBe(expected.stdout);

    writeFileSync(manifestFile, JSON.stringify(manifest));
    writeFileSync(join(directory, manifest.bundle), "this is not JavaScript {");
    const damaged = validate(toolchain, args);
    expect(damaged.started).toBe("validate: started from the sources (the bundle did not load)");
    expect(damaged.code).toBe(expected.code);
    expect(damaged.stdout).toBe(expected.stdout);
    expect(readdirSync(directory).sort()).toEqual(bundles);
  });

  it("steps back while another compiler holds the command's lock, and compiles once it is gone", () => {
    const toolchain = toolchainCopy();
    const compile = () => spawnSync(BUN, [join(toolchain, "scripts/lib/launch/compile.ts"), "validate"], { encoding: "utf8", env: plainEnv() });
    expect(compile().status).toBe(0);
    const directory = commandDirectory(toolchain)!;
    const manifestFile = join(directory, "manifest.json");
    const manifest = readFileSync(manifestFile, "utf8");
    appendFileSync(join(toolchain, "scripts/lib/data.ts"), "\n// edited\n");
    writeFileSync(join(directory, "compiling.lock"), "");
    const bundles = readdirSync(directory).sort();

    const held = compile();
    expect(held.status, held.stderr).toBe(0);
    const run = validate(toolchain, ["--root", copyRegistry("upstream"), "--format", "json", "--no-cache"]);
    expect(run.started).toBe(`validate: started from the sources (${join(toolchain, "scripts/lib/data.ts")} changed)`);
    expect(readdirSync(directory).sort()).toEqual(bundles);
    expect(readFileSync(manifestFile, "utf8")).toBe(manifest);

    rmSync(join(directory, "compiling.lock"));
    expect(compile().status).toBe(0);
    expect(readFileSync(manifestFile, "utf8")).not.toBe(manifest);
    expect(existsSync(join(directory, "compiling.lock"))).toBe(false);
  });

  it("refuses to compile a module whose import.meta it cannot keep; the sources still run", () => {
    const toolchain = toolchainCopy();
    appendFileSync(join(toolchain, "scripts/lib/data.ts"), "\nexport const where = import.meta.path;\n");
    const compile = spawnSync(BUN, [join(toolchain, "scripts/lib/launch/compile.ts"), "validate"], { encoding: "utf8", env: plainEnv() });
    expect(compile.status).toBe(1);
    expect(compile.stderr).toContain("uses import.meta in a way the compiled toolchain cannot keep");
    expect(commandDirectory(toolchain)).toBeUndefined();
    const run = validate(toolchain, ["--root", copyRegistry("upstream"), "--format", "json", "--no-cache"]);
    expect(run.started).toBe("validate: started from the sources (not compiled yet)");
    expect(run.code).toBe(0);
  });

  it("removes the bundles of a toolchain root that no longer exists when it compiles", async () => {
    const toolchain = toolchainCopy();
    const args = ["--root", copyRegistry("upstream"), "--format", "json", "--no-cache"];
    validate(toolchain, args);
    await untilCompiled(toolchain, args);
    const runtimeDirectory = dirname(dirname(commandDirectory(toolchain)!));
    const gone = join(runtimeDirectory, "00000000", "validate");
    mkdirSync(gone, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(commandDirectory(toolchain)!, "manifest.json"), "utf8")) as object;
    writeFileSync(join(gone, "manifest.json"), JSON.stringify({ ...manifest, root: join(tempDir("gone-"), "toolchain") }));
    const compile = spawnSync(BUN, [join(toolchain, "scripts/lib/launch/compile.ts"), "validate"], { encoding: "utf8", env: plainEnv() });
    expect(compile.status, compile.stderr).toBe(0);
    expect(existsSync(dirname(gone))).toBe(false);
    expect(validate(toolchain, args).started).toBe("validate: started from the compiled toolchain");
  });

  it("compiles nothing under PROVIDER_REGISTRY_COMPILED=0", () => {
    const toolchain = toolchainCopy();
    const run = fromSources(toolchain, ["--root", copyRegistry("upstream"), "--format", "json", "--no-cache"]);
    expect(run.code).toBe(0);
    expect(run.started).toBe("validate: started from the sources (compiling is off here)");
    expect(existsSync(join(toolchain, "node_modules/.cache/provider-registry/compiled"))).toBe(false);
  });
});
