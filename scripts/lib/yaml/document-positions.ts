/**
 * Data path → line:column in a file the precise path parsed: walk the
 * `yaml` Document, pointing at the key or value the path names, or at the
 * nearest existing node above it when it names something missing.
 */
import type { DataPath } from "../problems.ts";
import type { Locator, Position } from "./fast-positions.ts";
import type { YamlDocument, YamlModule } from "./precise.ts";

type YamlNode = import("yaml").Node;
type YamlMap = import("yaml").YAMLMap<unknown, unknown>;
type YamlPair = import("yaml").Pair<unknown, unknown>;

const pairIndexes = new WeakMap<YamlMap, Map<string, YamlPair>>();

/** A mapping's pairs by scalar key, built once per mapping: locating N keys of a huge mapping stays linear. */
function pairsByKey(YAML: YamlModule, map: YamlMap): Map<string, YamlPair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      const key = item.key as YamlNode | null;
      // The first of duplicate keys wins, as the file was refused for the rest.
      if (YAML.isScalar(key) && !index.has(String(key.value))) index.set(String(key.value), item);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

/** An alias stands for its anchor's node: a path through it continues there. */
function resolved(YAML: YamlModule, document: YamlDocument, node: YamlNode | null): YamlNode | null {
  return node && YAML.isAlias(node) ? ((node.resolve(document) as YamlNode | undefined) ?? node) : node;
}

export function documentLocator(YAML: YamlModule, document: YamlDocument, lineCounter: import("yaml").LineCounter): Locator {
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return (path: DataPath, at: "key" | "value" = "value") => {
    let node = document.contents as YamlNode | null;
    let keyOffset: number | undefined;
    let fallback = node?.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      // Positions stay in the entry's own text: an alias is reported where it is used.
      const here = resolved(YAML, document, node);
      if (here && YAML.isMap(here)) {
        const pair = pairsByKey(YAML, here).get(String(segment));
        if (!pair) return toPosition(fallback);
        const key = pair.key as YamlNode;
        const inOwnText = here === node;
        keyOffset = inOwnText ? key.range?.[0] : fallback;
        node = pair.value as YamlNode | null;
        if (last && at === "key") return toPosition(keyOffset ?? fallback);
        if (inOwnText) fallback = node?.range?.[0] ?? keyOffset ?? fallback;
        else node = null;
      } else if (here && YAML.isSeq(here) && typeof segment === "number") {
        const item = here.items[segment] as YamlNode | undefined;
        if (!item) return toPosition(fallback);
        keyOffset = undefined;
        const inOwnText = here === node;
        node = inOwnText ? item : null;
        if (inOwnText) fallback = item.range?.[0] ?? fallback;
      } else {
        return toPosition(fallback);
      }
      if (node === null) return toPosition(fallback);
    }
    // A key with an empty value (`pricing:`) has no value node: point at the key.
    return toPosition(node?.range?.[0] ?? keyOffset ?? fallback);
  };
}
