/**
 * The seed README's workflow, verbatim, on a copy of the upstream corpus:
 * each step exits 0, changes only the lines it needs, and leaves a registry
 * that `validate` accepts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { commitAll, diff, manage, numstat, registryRepo, status, validate } from "./helpers.ts";

describe("the seed workflow on the upstream corpus", () => {
  let root: string;
  beforeAll(() => {
    root = registryRepo("upstream");
  });

  const step = (args: string[], expected: Record<string, [number, number]>) => {
    const result = manage(root, ...args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(numstat(root)).toEqual(expected);
    expect(validate(root)).toEqual({ ok: true, errors: [] });
    commitAll(root);
    return result;
  };

  it("add redpill --status active … updates metadata with one added line", () => {
    const result = step(["add", "redpill", "--status", "active", "--protocol", "openai", "--weight", "1.0", "--rpm", "60", "--contact", "ops@example.com"], {
      "providers/redpill.yaml": [1, 0],
    });
    expect(result.stdout).toBe("updated providers/redpill.yaml\n");
    // status, protocol, weight and rpm already had these values: only contact is new, next to weight.
    expect(readFileSync(join(root, "providers/redpill.yaml"), "utf8")).toContain("weight: 1\ncontact: ops@example.com\ncommunity: true\n");
  });

  it("remove-model deletes only that entry's lines", () => {
    step(["remove-model", "redpill", "deepseek/deepseek-v3.2"], { "providers/redpill.yaml": [0, 9] });
  });

  it("add-model on a provider not yet serving the model adds only its lines", () => {
    step(["add-model", "redpill", "deepseek/deepseek-v3.2", "deepseek/deepseek-v3.2", "--no-cache", "0.27", "--cache-read", "0.054", "--output", "0.41"], {
      "providers/redpill.yaml": [8, 0],
    });
    expect(diff(root, "providers/redpill.yaml")).toBe("");
    const text = readFileSync(join(root, "providers/redpill.yaml"), "utf8");
    expect(text).toContain(
      [
        "  - id: deepseek/deepseek-v3.2",
        "    provider_model_id: deepseek/deepseek-v3.2",
        "    pricing:",
        "      input_tokens:",
        "        no_cache: 0.27",
        "        cache_read: 0.054",
        "      output_tokens:",
        "        text: 0.41",
        "status: active",
      ].join("\n"),
    );
  });

  it("update-model --output N changes exactly one line", () => {
    step(["update-model", "redpill", "deepseek/deepseek-v3.2", "--output", "0.42"], { "providers/redpill.yaml": [1, 1] });
  });

  it("canonical add, list and remove", () => {
    step(
      [
        "canonical",
        "add",
        "acme/widget-1",
        "--name",
        "Acme: Widget 1",
        "--input-modalities",
        "text,image",
        "--output-modalities",
        "text",
        "--max-input-tokens",
        "128000",
        "--max-output-tokens",
        "8192",
      ],
      { "canonical.yaml": [9, 0] },
    );
    const text = readFileSync(join(root, "canonical.yaml"), "utf8");
    // Styled like its neighbours: the name is quoted as theirs are.
    expect(
      text.endsWith(
        '  - id: acme/widget-1\n    name: "Acme: Widget 1"\n    input_modalities:\n      - text\n      - image\n    output_modalities:\n      - text\n    max_input_tokens: 128000\n    max_output_tokens: 8192\n',
      ),
    ).toBe(true);
    const listed = manage(root, "canonical", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^acme\/widget-1 +Acme: Widget 1$/m);
    step(["canonical", "remove", "acme/widget-1"], { "canonical.yaml": [0, 9] });
  });

  it("delete removes the provider's file", () => {
    const lines = readFileSync(join(root, "providers/redpill.yaml"), "utf8").split("\n").length - 1;
    const result = step(["delete", "redpill", "--yes"], { "providers/redpill.yaml": [0, lines] });
    expect(result.stdout).toBe("deleted providers/redpill.yaml\n");
    expect(status(root)).toEqual([]);
  });
});
