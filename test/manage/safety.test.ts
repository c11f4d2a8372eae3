/**
 * What a careless user or an attacker found (issue findings), each on the
 * real CLI: a symlinked registry structure is refused as validate refuses
 * it; a dead writer's temporary is cleared; a lock whose pid was reused is
 * not waited on; `--deprecation-date none` writes null; `remove-model` takes
 * its entry's comment along and names a pattern left matching nothing; an
 * auth value without its kind is refused without citing a file never written.
 */
import { existsSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCK_FILE, PENDING_FILE } from "../../scripts/lib/manage/lock.ts";
import { commitAll, diff, manage, numstat, registryRepo, status, validate } from "./helpers.ts";

describe("a registry whose structure is a symlink is refused, as validate refuses it", () => {
  it.each([
    ["providers", "add-model", "redpill", "deepseek/deepseek-v3.2", "x"],
    ["providers", "remove-model", "redpill", "deepseek/deepseek-v3.2"],
    ["providers", "delete", "redpill", "--yes"],
    ["canonical.yaml", "canonical", "add", "acme/widget-1"],
  ])("%s linked elsewhere: %s is refused and the target untouched", (linked, ...args) => {
    const root = registryRepo();
    const elsewhere = join(root, "..", `${linked}-target-${Math.random().toString(36).slice(2)}`);
    renameSync(join(root, linked), elsewhere);
    symlinkSync(elsewhere, join(root, linked));
    const before = existsSync(join(elsewhere, "redpill.yaml")) ? readFileSync(join(elsewhere, "redpill.yaml"), "utf8") : readFileSync(elsewhere, "utf8");
    const result = manage(root, ...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^manage: refused: ${linked.replace(".", "\\.")} is a symbolic link; .* \\(unsafe-file\\); nothing was read or changed\\n$`),
    );
    const after = existsSync(join(elsewhere, "redpill.yaml")) ? readFileSync(join(elsewhere, "redpill.yaml"), "utf8") : readFileSync(elsewhere, "utf8");
    expect(after).toBe(before);
    expect(validate(root).errors.some((error) => error.includes("symbolic link"))).toBe(true);
  });
});

describe("a temporary left by a writer killed before its rename", () => {
  it("is removed by the next manage run, so validate passes again", () => {
    const root = registryRepo();
    // What a writer killed mid-write leaves: its half-written temporary, noted before it was created.
    const stale = join(root, "providers", ".redpill.yaml.999999.k3y8z1qa.tmp");
    writeFileSync(stale, "name: redpill\nstatus: act");
    writeFileSync(join(root, PENDING_FILE), "providers/.redpill.yaml.999999.k3y8z1qa.tmp\n");
    expect(validate(root).ok).toBe(false);
    const result = manage(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.42");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(root, PENDING_FILE))).toBe(false);
    expect(status(root)).toEqual([" M providers/redpill.yaml"]);
    expect(validate(root).ok).toBe(true);
  });

  it("a note naming anything but a temporary inside the registry removes nothing", () => {
    const root = registryRepo();
    writeFileSync(join(root, PENDING_FILE), "providers/redpill.yaml\n");
    expect(manage(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.42").code).toBe(0);
    expect(existsSync(join(root, "providers/redpill.yaml"))).toBe(true);
    expect(status(root)).toEqual([" M providers/redpill.yaml"]);
  });
});

describe("the registry lock", () => {
  it("a lock whose pid now belongs to another process is taken over at once", () => {
    const root = registryRepo();
    // A live pid (this test process), but not the process that took the lock.
    writeFileSync(
      join(root, LOCK_FILE),
      `${JSON.stringify({ pid: process.pid, host: hostname(), identity: "another-boot:1", since: "2026-01-01T00:00:00.000Z" })}\n`,
    );
    const started = Date.now();
    const result = manage(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.42");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });
});

describe("--deprecation-date none", () => {
  it("writes an explicit null, as documented", () => {
    const root = registryRepo();
    const result = manage(root, "update-model", "redpill", "deepseek/deepseek-v3.2", "--deprecation-date", "none");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(diff(root)).toMatch(/^\+ {4}deprecation_date: null$/m);
    expect(numstat(root)).toEqual({ "providers/redpill.yaml": [1, 0] });
    expect(validate(root).ok).toBe(true);
  });
});

describe("remove-model", () => {
  it("takes the entry's leading comment with it, and names a provider pattern left matching nothing", () => {
    const root = registryRepo();
    const file = join(root, "providers/deepseek.yaml");
    const text = readFileSync(file, "utf8");
    // A comment over the second entry, and a pattern only that entry matches.
    const second = text.indexOf("\n  - id: ", text.indexOf("\n  - id: ") + 1) + 1;
    const edited = `${text.slice(0, second)}  # Priced from the provider's launch post.\n${text.slice(second)}`.replace(
      /^api_protocol:\n/m,
      'api_protocol:\n  - "deepseek-v4-flash": openai\n',
    );
    writeFileSync(file, edited);
    commitAll(root);
    const removedId = /^ {2}- id: (\S+)$/m.exec(edited.slice(second))![1]!;
    const result = manage(root, "remove-model", "deepseek", removedId);
    expect(result.code).toBe(0);
    expect(diff(root)).toContain("-  # Priced from the provider's launch post.\n");
    expect(readFileSync(file, "utf8")).not.toContain("launch post");
    expect(result.stdout).toContain('api_protocol "deepseek-v4-flash"');
    expect(result.stdout).toMatch(/now match(es)? no model/);
  });
});

describe("an auth value without its kind", () => {
  it("is refused naming the missing flag, not a line of a file that was never written", () => {
    const root = registryRepo();
    const result = manage(root, "add", "acme", "--status", "staging", "--api-base", "https://api.acme.example/v1", "--auth-env", "ACME_API_KEY");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("manage: --auth-env needs --auth-kind (bearer, header, oauth, native) too: the file has no auth.kind yet\n");
    expect(result.stderr).not.toMatch(/acme\.yaml:\d+/);
    expect(status(root)).toEqual([]);
    // With its kind it goes through.
    expect(
      manage(root, "add", "acme", "--status", "staging", "--api-base", "https://api.acme.example/v1", "--auth-kind", "bearer", "--auth-env", "ACME_API_KEY")
        .code,
    ).toBe(0);
    expect(readFileSync(join(root, "providers/acme.yaml"), "utf8")).toContain("auth:\n  kind: bearer\n  env: ACME_API_KEY\n");
  });
});
