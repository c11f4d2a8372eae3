/**
 * A file's data, synchronously, for a command that reads a few whole files
 * and needs neither positions nor findings (manage): the fast path when it
 * vouches for the text, else the `yaml` package's Document (anchors and
 * aliases, a sequence file). Undefined when the text is not readable YAML.
 * A module apart from index.ts because it loads `yaml` up front, which
 * validate must not.
 */
import { dataOf, parseText } from "./edit/parse.ts";
import { parseFast } from "./fast.ts";
import { stripBom, type TopLevel } from "./shared.ts";

export function yamlData(text: string, topLevel: TopLevel = "mapping"): unknown {
  const plain = stripBom(text);
  const fast = parseFast(plain, topLevel);
  if (fast.ok) return fast.data;
  const document = parseText(plain);
  if (document.errors.length > 0) return undefined;
  try {
    return dataOf(document);
  } catch {
    return undefined; // an alias bomb
  }
}
