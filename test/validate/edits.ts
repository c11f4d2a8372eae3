/** Seeded edits of a registry copy, of the kinds a pull request makes (shared by the cache and thread tests). */
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function providerFiles(root: string): string[] {
  return readdirSync(join(root, "providers"))
    .sort()
    .map((name) => `providers/${name}`);
}

/** One seeded edit: the kinds of change a pull request makes, good and bad. */
export function edit(root: string, next: () => number): string {
  const files = providerFiles(root);
  const file = files[Math.floor(next() * files.length)]!;
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  const kinds = [
    () => writeFileSync(path, text.replace(/no_cache: [0-9.]+/, "no_cache: 0x1F")),
    () => writeFileSync(path, text.replace(/provider_model_id: /, "provider_modle_id: ")),
    () => writeFileSync(path, text.replace(/- id: ([a-z0-9.-]+)\//, "- id: $1x/")),
    () => writeFileSync(path, `${text}\n# a comment changes the bytes, not the result\n`),
    () => writeFileSync(path, text.replace(/^name: .*$/m, "name: someone-else")),
    () => writeFileSync(join(root, "providers", `copy-${Math.floor(next() * 1e6)}.yaml`), text),
    () => rmSync(path),
    () => renameSync(path, path.replace(/\.yaml$/, ".yml")),
    () => writeFileSync(path, text.replace(/status: \w+/, "status: active\nstatus: active")),
    // A canonical edit changes other files' results: the ids a provider may reference.
    () => {
      const canonical = readdirSync(root).includes("canonical.yaml") ? ["canonical.yaml"] : readdirSync(join(root, "models")).map((name) => `models/${name}`);
      const target = join(root, canonical[Math.floor(next() * canonical.length)]!);
      const ids = [...readFileSync(target, "utf8").matchAll(/- id: (\S+)/g)].map((match) => match[1]!);
      const id = ids[Math.floor(next() * ids.length)]!;
      writeFileSync(target, readFileSync(target, "utf8").replace(`- id: ${id}\n`, `- id: ${id}-renamed\n`));
    },
  ];
  const kind = Math.floor(next() * kinds.length);
  kinds[kind]!();
  return `${file} (edit ${kind})`;
}
