import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.ts";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("unsafe-file");

/** Content that must never be read or shown: it lives outside the registry. */
const CANARY = "name: canary\nsecret: CANARY-6f1c2b-DO-NOT-PRINT\n";

function outsideFile(): string {
  const path = join(tempDir("outside-"), "secret.yaml");
  writeFileSync(path, CANARY);
  return path;
}

/** Validate, recording which files were read. */
async function validateRecordingReads(dir: string, maxFileSize?: number) {
  const read: string[] = [];
  const report = await validateDirectory(dir, { onRead: (file) => read.push(file), ...(maxFileSize ? { maxFileSize } : {}) });
  return { report, read };
}

describe("unsafe-file: created at test time", () => {
  it("refuses a symlinked provider file without reading its target", async () => {
    const dir = writeRegistry({ "providers/fine.yaml": providerYaml("fine") });
    symlinkSync(outsideFile(), join(dir, "providers/linked.yaml"));
    const { report, read } = await validateRecordingReads(dir);
    expect(report.problems).toMatchObject([
      {
        rule: "unsafe-file",
        file: "providers/linked.yaml",
        line: 1,
        column: 1,
        path: [],
        message: expect.stringContaining("providers/linked.yaml is a symbolic link"),
      },
    ]);
    expect(read).toEqual(["canonical.yaml", "providers/fine.yaml"]);
    expect(JSON.stringify(report)).not.toContain("CANARY");
  });

  it("refuses a dangling symlink and a symlink loop", async () => {
    const dir = writeRegistry({});
    symlinkSync("/nonexistent/provider.yaml", join(dir, "providers/dangling.yaml"));
    symlinkSync("loop.yaml", join(dir, "providers/loop.yaml"));
    const { report } = await validateRecordingReads(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.file])).toEqual([
      ["unsafe-file", "providers/dangling.yaml"],
      ["unsafe-file", "providers/loop.yaml"],
    ]);
  });

  it("refuses a symlinked canonical.yaml", async () => {
    const dir = writeRegistry({ "providers/fine.yaml": providerYaml("fine") });
    rmSync(join(dir, "canonical.yaml"));
    symlinkSync(outsideFile(), join(dir, "canonical.yaml"));
    const { report, read } = await validateRecordingReads(dir);
    expect(report.problems).toMatchObject([
      { rule: "unsafe-file", file: "canonical.yaml", message: expect.stringContaining("canonical.yaml is a symbolic link") },
    ]);
    expect(read).toEqual(["providers/fine.yaml"]);
  });

  it("refuses a symlinked providers/ directory without listing or reading through it", async () => {
    const outside = tempDir("outside-");
    mkdirSync(join(outside, "providers"));
    writeFileSync(join(outside, "providers/canary.yaml"), CANARY);
    const dir = writeRegistry({});
    rmSync(join(dir, "providers"), { recursive: true });
    symlinkSync(join(outside, "providers"), join(dir, "providers"));
    const { report, read } = await validateRecordingReads(dir);
    expect(report.problems).toMatchObject([
      { rule: "unsafe-file", file: "providers", line: 1, column: 1, message: expect.stringContaining("providers is a symbolic link") },
    ]);
    expect(read).toEqual(["canonical.yaml"]);
    expect(report.summary.providers).toBe(0);
  });

  it("refuses a FIFO without blocking on it", async () => {
    const dir = writeRegistry({ "providers/fine.yaml": providerYaml("fine") });
    execFileSync("mkfifo", [join(dir, "providers/pipe.yaml")]);
    const started = Date.now();
    const { report } = await validateRecordingReads(dir);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.problems).toMatchObject([{ rule: "unsafe-file", file: "providers/pipe.yaml", message: expect.stringContaining("not a regular file") }]);
  });

  it("refuses a file over the size limit without reading it", async () => {
    const dir = writeRegistry({ "providers/big.yaml": `${providerYaml("big")}# ${"x".repeat(2_000)}\n` });
    const { report, read } = await validateRecordingReads(dir, 1_000);
    expect(report.problems).toMatchObject([
      {
        rule: "unsafe-file",
        file: "providers/big.yaml",
        message: expect.stringMatching(/^providers\/big\.yaml is 2\d{3} bytes, over the 1000-byte limit; it was not read/),
      },
    ]);
    expect(read).not.toContain("providers/big.yaml");
  });

  it("refuses canonical.yaml as a directory, and providers as a file", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "canonical.yaml"));
    writeFileSync(join(dir, "providers"), "not a directory\n");
    const { report } = await validateRecordingReads(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.file, problem.message])).toEqual([
      ["unsafe-file", "canonical.yaml", expect.stringContaining("canonical.yaml is a directory; it must be a regular file")],
      ["unsafe-file", "providers", expect.stringContaining("providers is a file; it must be a directory")],
    ]);
  });
});
