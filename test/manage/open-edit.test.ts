/**
 * `openYaml(text).edit()`: the editor manage gets from the owner of YAML
 * text edits that text as written — comments and a byte-order mark kept,
 * anchored files too — and refuses a text that is not YAML.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EditError } from "../../scripts/lib/yaml/edit/index.ts";
import { openYaml } from "../../scripts/lib/yaml/index.ts";
import { CORPORA, REPO_ROOT } from "../helpers.ts";

describe("YamlFile.edit()", () => {
  it("edits a real provider file in place, keeping every other line", async () => {
    const text = readFileSync(join(REPO_ROOT, "providers/anthropic.yaml"), "utf8");
    const yaml = await (await openYaml(text)).edit();
    expect(yaml.text).toBe(text);
    expect(yaml.setIn(["display_name"], "Anthropic (edited)")).toBe(true);
    const before = text.split("\n");
    const after = yaml.text.split("\n");
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual([expect.stringContaining("Anthropic (edited)")]);
  });

  it("keeps a byte-order mark and comments, which the file's text and data leave out", async () => {
    const source = "\ufeff# kept\nname: acme # kept too\nmodels: []\n";
    const file = await openYaml(source);
    expect(file.text.startsWith("\ufeff")).toBe(false);
    const yaml = await file.edit();
    yaml.setIn(["name"], "acme-two");
    expect(yaml.text).toBe("\ufeff# kept\nname: acme-two # kept too\nmodels: []\n");
  });

  it("edits an anchored file of the router's registry (the precise path)", async () => {
    const text = readFileSync(join(CORPORA, "bitrouter/registry/providers/anthropic.yaml"), "utf8");
    expect(text).toMatch(/&[a-z]/);
    const file = await openYaml(text);
    expect(file.findings).toEqual([]);
    const yaml = await file.edit();
    expect(yaml.data()).toEqual(file.data);
  });

  it("refuses a text that is not YAML", async () => {
    const file = await openYaml("name: [unclosed\n");
    expect(file.findings.length).toBeGreaterThan(0);
    await expect(file.edit()).rejects.toBeInstanceOf(EditError);
  });
});
