/**
 * js-yaml with its own core schema and nothing else: the floor the benchmark
 * measures commands against (SPEC §7) and how it reads its corpora. Registry
 * files are never read this way — `openYaml` holds their YAML 1.2 reading and
 * budgets. A module of its own so the floor loads no more than js-yaml.
 */
import jsyaml from "js-yaml";

export function loadWithCoreSchema(text: string): unknown {
  return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
}
