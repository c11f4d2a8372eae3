/**
 * Concurrent `manage` processes never lose each other's change, and no lock
 * or temporary file outlives a process: not after success, not after a
 * refusal, not after Ctrl-C, and a lock left by a killed process is taken
 * over.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCK_FILE } from "../../scripts/lib/manage/lock.ts";
import { CORPORA } from "../helpers.ts";
import { commitAll, manage, manageAsync, numstat, registryRepo, sleep, status, unservedIds, validate } from "./helpers.ts";

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(10);
  }
}

/** Nothing on stderr, or only the notice of a long wait for the lock. */
const WAITED = /^(manage: waiting for another manage process \(pid \d+\) to finish…\n)?$/;

/** The pid of a process that has already exited. */
function deadPid(): number {
  const result = spawnSync("true");
  return result.pid!;
}

describe("concurrent manage processes", () => {
  it("14 add-model runs at once on one provider all land", async () => {
    const root = registryRepo();
    const ids = unservedIds(root, "redpill", 14);
    expect(ids).toHaveLength(14);
    const runs = ids.map((id) => manageAsync(root, "add-model", "redpill", id, id.slice(id.indexOf("/") + 1), "--no-cache", "1", "--output", "2"));
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stderr: expect.stringMatching(WAITED) });
    const served = (JSON.parse(manage(root, "show", "redpill", "--json").stdout) as { models: Array<{ id: string }> }).models.map((m) => m.id);
    expect(served.slice(0, 2)).toEqual(["deepseek/deepseek-v3.2", "anthropic/claude-sonnet-4.6"]);
    expect([...served.slice(2)].sort()).toEqual([...ids].sort());
    // Seven added lines per entry, nothing deleted, nothing else touched or left behind.
    expect(numstat(root)).toEqual({ "providers/redpill.yaml": [7 * 14, 0] });
    expect(status(root)).toEqual([" M providers/redpill.yaml"]);
    expect(validate(root)).toEqual({ ok: true, errors: [] });
  });

  it("different commands on the same files at once all land", async () => {
    const root = registryRepo();
    const ids = unservedIds(root, "redpill", 4);
    const runs = [
      ...ids.map((id) => manageAsync(root, "add-model", "redpill", id, id.slice(id.indexOf("/") + 1), "--output", "2")),
      manageAsync(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.41"),
      manageAsync(root, "add", "redpill", "--contact", "ops@example.com"),
      manageAsync(root, "canonical", "add", "acme/widget-1", "--name", "Widget 1"),
      manageAsync(root, "canonical", "add", "acme/widget-2", "--name", "Widget 2"),
    ];
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stderr: expect.stringMatching(WAITED) });
    const redpill = JSON.parse(manage(root, "show", "redpill", "--json").stdout) as {
      contact: string;
      models: Array<{ id: string; pricing?: { output_tokens?: { text: number } } }>;
    };
    expect(redpill.contact).toBe("ops@example.com");
    expect(redpill.models.find((m) => m.id === "deepseek/deepseek-v3.2")?.pricing?.output_tokens?.text).toBe(0.41);
    for (const id of ids) expect(redpill.models.some((m) => m.id === id)).toBe(true);
    const canonical = (JSON.parse(manage(root, "canonical", "list", "--json").stdout) as Array<{ id: string }>).map((m) => m.id);
    expect(canonical).toEqual(expect.arrayContaining(["acme/widget-1", "acme/widget-2"]));
    expect(status(root).sort()).toEqual([" M canonical.yaml", " M providers/redpill.yaml"]);
    expect(validate(root).ok).toBe(true);
  });
});

describe("the registry lock", () => {
  it("a lock left by a process that no longer exists is taken over", () => {
    const root = registryRepo();
    writeFileSync(join(root, LOCK_FILE), `${deadPid()}\n`);
    const result = manage(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.41");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
    expect(status(root)).toEqual([" M providers/redpill.yaml"]);
  });

  it("a live holder is waited for; Ctrl-C while waiting leaves its lock and the files alone", async () => {
    const root = registryRepo();
    const lock = join(root, LOCK_FILE);
    // This test process plays the other manage, mid-edit.
    writeFileSync(lock, `${process.pid}\n`);
    const waiting = manageAsync(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.41");
    const interrupted = manageAsync(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.5");
    const notice = `manage: waiting for another manage process (pid ${process.pid}) to finish…\n`;
    await waitFor(() => interrupted.stderr() === notice && waiting.stderr() === notice);
    expect(status(root)).toEqual(["?? .manage.lock"]);
    interrupted.child.kill("SIGINT");
    const cancelled = await interrupted.done;
    expect(cancelled).toMatchObject({ code: 130, stderr: `${notice}manage: interrupted; nothing was changed\n` });
    expect(readFileSync(lock, "utf8")).toBe(`${process.pid}\n`);
    expect(status(root)).toEqual(["?? .manage.lock"]);
    // The holder finishes: the waiting process goes ahead.
    rmSync(lock);
    const result = await waiting.done;
    expect(result).toMatchObject({ code: 0, stderr: notice });
    expect(numstat(root)).toEqual({ "providers/redpill.yaml": [2, 0] });
    expect(status(root)).toEqual([" M providers/redpill.yaml"]);
  });

  describe("on a canonical.yaml large enough to interrupt an edit midway", () => {
    /** models-dev's canonical list, four times over under other ids: about 3 MB, slow to edit. */
    function largeRegistry(): string {
      const root = registryRepo("upstream");
      const source = readFileSync(join(CORPORA, "models-dev/canonical.yaml"), "utf8");
      const body = source.slice(source.indexOf("\n  - ") + 1);
      const copies = [0, 1, 2, 3].map((copy) => body.replace(/^( {2}- id: .*)$/gm, `$1-copy${copy}`));
      const upstream = readFileSync(join(root, "canonical.yaml"), "utf8");
      writeFileSync(join(root, "canonical.yaml"), `${upstream}${copies.join("")}`);
      commitAll(root);
      return root;
    }

    it("Ctrl-C during an edit cancels it: no lock, no temporary file, the file untouched", async () => {
      const root = largeRegistry();
      const run = manageAsync(root, "canonical", "add", "acme/widget-1", "--name", "Widget 1");
      await waitFor(() => existsSync(join(root, LOCK_FILE)));
      // Parsing and checking 3 MB takes seconds: this lands mid-edit.
      await sleep(200);
      run.child.kill("SIGINT");
      const result = await run.done;
      expect(result).toMatchObject({ code: 130, stdout: "", stderr: "manage: interrupted; nothing was changed\n" });
      expect(status(root)).toEqual([]);
    });

    it("after a kill -9 mid-edit, the next run takes the stale lock over", async () => {
      const root = largeRegistry();
      const run = manageAsync(root, "canonical", "add", "acme/widget-1", "--name", "Widget 1");
      await waitFor(() => existsSync(join(root, LOCK_FILE)));
      run.child.kill("SIGKILL");
      await run.done;
      // The lock records its holder: pid, host and the process's identity.
      // (A kill between creating the lock and writing its record leaves it empty: taken over after a few seconds.)
      const left = existsSync(join(root, LOCK_FILE)) ? readFileSync(join(root, LOCK_FILE), "utf8") : "";
      if (left !== "") expect(JSON.parse(left)).toMatchObject({ pid: run.child.pid });
      const next = manage(root, "canonical", "add", "acme/widget-2", "--name", "Widget 2");
      expect(next).toMatchObject({ code: 0, stderr: "" });
      expect(existsSync(join(root, LOCK_FILE))).toBe(false);
      expect(status(root)).toEqual([" M canonical.yaml"]);
    });
  });
});
