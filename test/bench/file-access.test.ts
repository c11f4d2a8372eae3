/**
 * What the real commands open, seen by the kernel (strace): `validate` opens
 * each registry file once; `manage add-model` opens no provider file but its
 * own, so its cost cannot grow with the registry (SPEC §7); `build --check`
 * reads each artifact once, so it costs no more than `build`. strace sees every
 * open, whichever API a library uses; without strace these tests are skipped
 * (the in-process guard in structure.test.ts still runs).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addModelArguments, BUN, childEnvironment } from "../../scripts/lib/bench/commands.ts";
import { addModelTarget, registryFiles } from "../../scripts/lib/bench/corpora.ts";
import { copyRegistry, REPO_ROOT, tempDir } from "../helpers.ts";

const STRACE = ["/usr/bin/strace", "/bin/strace"].find((path) => existsSync(path));
const HAS_MANAGE = existsSync(join(REPO_ROOT, "scripts/manage.ts"));

interface Opened {
  /** Successful opens of regular paths under the root (directories excluded), by relative path. */
  reads: Map<string, number>;
  writes: Map<string, number>;
  code: number;
  stderr: string;
}

/** One syscall line of `strace -f`: an open, possibly split into "unfinished" and "resumed" halves. */
const OPEN = /^(\d+)\s+(?:openat\(AT_FDCWD, |open\()"((?:[^"\\]|\\.)*)", ([A-Z_|]+)(?:, 0\d+)?(?:\) += (-?\d+)| <unfinished \.\.\.>)/;
const RESUMED = /^(\d+)\s+<\.\.\. open(?:at)? resumed>.*\) += (-?\d+)/;

function traceOpens(argv: readonly string[], root: string): Opened {
  const log = join(tempDir("strace-"), "opens.log");
  const result = spawnSync(STRACE!, ["-f", "-qq", "-e", "trace=open,openat", "-o", log, ...argv], {
    cwd: REPO_ROOT,
    env: childEnvironment(),
    encoding: "utf8",
    timeout: 120_000,
  });
  const reads = new Map<string, number>();
  const writes = new Map<string, number>();
  const pending = new Map<string, { path: string; flags: string }>();
  const record = (path: string, flags: string, fd: number) => {
    if (fd < 0 || flags.includes("O_DIRECTORY") || !path.startsWith(`${root}/`)) return;
    const counts = /O_WRONLY|O_RDWR|O_CREAT/.test(flags) ? writes : reads;
    const relative = path.slice(root.length + 1);
    counts.set(relative, (counts.get(relative) ?? 0) + 1);
  };
  for (const line of readFileSync(log, "utf8").split("\n")) {
    const open = OPEN.exec(line);
    if (open) {
      const [, pid, path, flags, fd] = open;
      if (fd === undefined) pending.set(pid!, { path: path!, flags: flags! });
      else record(path!, flags!, Number(fd));
      continue;
    }
    const resumed = RESUMED.exec(line);
    const started = resumed && pending.get(resumed[1]!);
    if (resumed && started) {
      pending.delete(resumed[1]!);
      record(started.path, started.flags, Number(resumed[2]));
    }
  }
  return { reads, writes, code: result.status ?? -1, stderr: result.stderr };
}

describe.skipIf(!STRACE)("files the real commands open", () => {
  // models-dev has two files with warnings: the text format quotes them without reading them again.
  it.each(["json", "text"])("validate --format %s opens every registry file exactly once, and writes none", (format) => {
    const root = copyRegistry("models-dev");
    const opened = traceOpens([BUN, join(REPO_ROOT, "scripts/validate.ts"), "--root", root, "--format", format], root);
    expect(opened.code, opened.stderr).toBe(0);
    const files = registryFiles(root);
    expect(files.length).toBeGreaterThan(100);
    expect(opened.reads).toEqual(new Map(files.map((file) => [file, 1])));
    expect(opened.writes).toEqual(new Map());
  });

  it("build --check opens each artifact once, a hard-linked copy of one not at all, and writes nothing", () => {
    const root = copyRegistry("upstream");
    const build = join(REPO_ROOT, "scripts/build.ts");
    expect(spawnSync(BUN, [build, "--root", root], { cwd: REPO_ROOT, env: childEnvironment(), encoding: "utf8" }).status).toBe(0);
    const artifacts = ["dist", "schemas"].flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1)),
    );
    // Paths that are one file on disk (the package's hard-linked copies): compared once, through one of them.
    const pathsOfFile = new Map<bigint, string[]>();
    for (const path of artifacts) {
      const { ino } = statSync(join(root, path), { bigint: true });
      pathsOfFile.set(ino, [...(pathsOfFile.get(ino) ?? []), path]);
    }
    expect(pathsOfFile.size).toBeLessThan(artifacts.length);

    const opened = traceOpens([BUN, build, "--root", root, "--check"], root);
    expect(opened.code, opened.stderr).toBe(0);
    const compared = [...opened.reads.keys()].filter((path) => path.startsWith("dist/") || path.startsWith("schemas/"));
    expect(compared.filter((path) => !artifacts.includes(path))).toEqual([]);
    for (const paths of pathsOfFile.values()) {
      expect(
        paths.map((path) => opened.reads.get(path) ?? 0).reduce((sum, count) => sum + count),
        paths.join(", "),
      ).toBe(1);
    }
    expect(opened.writes).toEqual(new Map());
  });

  it.skipIf(!HAS_MANAGE)("manage add-model opens canonical.yaml and its own provider file, no other provider file", () => {
    const root = copyRegistry("models-dev");
    const target = addModelTarget(root);
    const own = `providers/${target.provider}.yaml`;
    const providers = readdirSync(join(root, "providers")).length;
    const opened = traceOpens(addModelArguments(root, target), root);
    expect(opened.code, opened.stderr).toBe(0);
    expect(readFileSync(join(root, own), "utf8")).toContain(target.providerModelId);

    const registry = new Set(registryFiles(root));
    const readRegistryFiles = [...opened.reads.keys()].filter((file) => registry.has(file)).sort();
    expect(readRegistryFiles).toEqual(["canonical.yaml", own].sort());
    // Writes go to a temporary file beside the target (then renamed) and to the lock: never to another provider.
    const writtenProviders = [...opened.writes.keys()].filter((file) => file.startsWith("providers/") && registry.has(file) && file !== own);
    expect(writtenProviders).toEqual([]);
    expect(readdirSync(join(root, "providers"))).toHaveLength(providers);
  });
});
