/**
 * The view format itself, on the large real corpus: what `build` writes is
 * exactly `JSON.stringify` of the sorted data with two-space indentation, the
 * entries come in the documented order, and the model view says the same as
 * the provider view.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sortKeys } from "../../scripts/lib/build/render.ts";
import { providerModelSchema } from "../../scripts/lib/schema.ts";
import { copyRegistry, runScript } from "../helpers.ts";

type Entry = Record<string, unknown> & { id?: string; provider?: string };
let providersText: string;
let modelsText: string;

beforeAll(() => {
  const root = copyRegistry("models-dev");
  expect(runScript("build", ["--root", root]).code).toBe(0);
  providersText = readFileSync(join(root, "dist/providers.json"), "utf8");
  modelsText = readFileSync(join(root, "dist/models.json"), "utf8");
});

const sorted = (names: string[]) => names.every((name, i) => i === 0 || names[i - 1]! < name);

describe("the views", () => {
  it("are their own data re-serialised with sorted keys, two-space indentation and a final newline", () => {
    for (const text of [providersText, modelsText]) {
      expect(`${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`).toBe(text);
    }
  });

  it("list providers by name, models by id, and each model's providers by name", () => {
    const providers = JSON.parse(providersText).data as Array<{ name: string }>;
    const models = JSON.parse(modelsText).data as Array<{ id: string; providers: Entry[] }>;
    expect(sorted(providers.map((provider) => provider.name))).toBe(true);
    expect(sorted(models.map((model) => model.id))).toBe(true);
    for (const model of models) expect(sorted(model.providers.map((entry) => entry.provider!)), model.id).toBe(true);
  });

  it("agree: each model-view entry is its provider-view entry, keyed by provider instead of id", () => {
    const fromProviders = new Map<string, Entry>();
    for (const provider of JSON.parse(providersText).data as Array<{ name: string; models: Entry[] }>) {
      for (const { id, ...entry } of provider.models) fromProviders.set(`${provider.name} ${id}`, entry);
    }
    let entries = 0;
    for (const model of JSON.parse(modelsText).data as Array<{ id: string; providers: Entry[] }>) {
      for (const { provider, ...entry } of model.providers) {
        expect(entry, `${provider} ${model.id}`).toEqual(fromProviders.get(`${provider} ${model.id}`));
        entries++;
      }
    }
    expect(entries).toBe(fromProviders.size);
  });

  it("have no entry field sorting between `provider` and `provider_model_id` (the model view inserts `provider` there)", () => {
    const keys = [...Object.keys(providerModelSchema.shape), "provider"];
    expect(keys.filter((key) => key > "provider" && key < "provider_model_id")).toEqual([]);
  });
});
