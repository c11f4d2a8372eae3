/** The manage adapter: a provider's edits land together or not at all, and the working tree is only written by writeStaged. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stageEdits, writeStaged } from "../../scripts/lib/sync/manage-adapter.ts";
import { copyRegistry } from "../helpers.ts";

describe("stageEdits", () => {
  it("keeps a provider's file whole when manage refuses one of its edits, and stages the others", async () => {
    const root = copyRegistry("upstream");
    const deepseek = readFileSync(join(root, "providers/deepseek.yaml"), "utf8");
    const staged = await stageEdits(
      root,
      new Map([
        [
          "deepseek",
          [
            { kind: "update", canonicalId: "deepseek/deepseek-v4-flash", prices: { "input_tokens.cache_read": 0.0028 } },
            // Not in canonical.yaml: manage refuses, so the valid edit before it is dropped too.
            { kind: "add", canonicalId: "deepseek/deepseek-v9", providerModelId: "deepseek-v9" },
          ],
        ],
        ["chutes", [{ kind: "update", canonicalId: "z-ai/glm-5.1", prices: { "output_tokens.text": 3.08 } }]],
      ]),
    );
    expect([...staged.refused.keys()]).toEqual(["deepseek"]);
    expect(staged.refused.get("deepseek")).toMatch(/^refused, nothing was changed: providers\/deepseek\.yaml:\d+:\d+ .*deepseek\/deepseek-v9/);
    expect([...staged.files.keys()]).toEqual(["providers/chutes.yaml"]);
    // Staging never writes the working tree.
    expect(readFileSync(join(root, "providers/deepseek.yaml"), "utf8")).toBe(deepseek);
    expect(readFileSync(join(root, "providers/chutes.yaml"), "utf8")).toBe(staged.files.get("providers/chutes.yaml")!.before);

    writeStaged(root, staged.files.values());
    const written = readFileSync(join(root, "providers/chutes.yaml"), "utf8");
    expect(written).toBe(staged.files.get("providers/chutes.yaml")!.after);
    expect(written).toContain("        text: 3.08\n");
  });

  it("refuses to write a file that changed after it was staged", async () => {
    const root = copyRegistry("upstream");
    const staged = await stageEdits(root, new Map([["chutes", [{ kind: "update", canonicalId: "z-ai/glm-5.1", prices: { "output_tokens.text": 3.08 } }]]]));
    writeFileSync(join(root, "providers/chutes.yaml"), `${staged.files.get("providers/chutes.yaml")!.before}# edited meanwhile\n`);
    expect(() => writeStaged(root, staged.files.values())).toThrow("providers/chutes.yaml changed while the sync ran; nothing was written — run it again");
    expect(readFileSync(join(root, "providers/chutes.yaml"), "utf8")).toMatch(/# edited meanwhile\n$/);
  });
});
