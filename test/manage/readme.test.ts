/**
 * Managing the registry: every flag of the field tables is documented (in
 * docs/manage.md, which the README's section links to), and the README
 * section's example commands run as written, in order, on a copy of this
 * repository's registry.
 */
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CANONICAL_FIELDS, MODEL_FIELDS, PROVIDER_FIELDS } from "../../scripts/lib/manage/fields.ts";
import { REPO_ROOT, runScript, tempDir } from "../helpers.ts";
import { MANAGE_ENV } from "./helpers.ts";

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Managing the registry"), README.indexOf("\n## ", README.indexOf("## Managing the registry") + 3));
const FLAGS_PAGE = readFileSync(join(REPO_ROOT, "docs/manage.md"), "utf8");

describe("README: Managing the registry", () => {
  it("links the page that documents every flag", () => {
    expect(SECTION).toContain("(docs/manage.md)");
  });

  it.each([...PROVIDER_FIELDS, ...MODEL_FIELDS, ...CANONICAL_FIELDS].map((field) => field.flag))("documents %s", (flag) => {
    expect(FLAGS_PAGE).toMatch(new RegExp(`\`${flag}[\`\\s]`));
  });

  it("its example commands run as written on this repository", () => {
    const block = /```sh\n([\s\S]*?)```/.exec(SECTION)![1]!;
    const commands = block.trim().split("\n");
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const root = tempDir("manage-readme-");
    for (const entry of ["canonical.yaml", "providers"]) cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
    for (const command of commands) {
      const args = command.replace(/^bun run manage /, "").split(" ");
      const result = runScript("manage", ["--root", root, ...args], { env: MANAGE_ENV });
      expect(result.code, `${command}\n${result.stderr}`).toBe(0);
      expect(result.stderr, command).toBe("");
    }
  });
});
