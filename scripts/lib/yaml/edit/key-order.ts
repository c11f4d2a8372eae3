/**
 * Where new keys go: the file's own order (the nearest sibling playing the
 * same part), with keys it lacks slotted in by schema order.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { DataPath } from "../../problems.ts";
import { isPlainObject, type Plain } from "./parse.ts";

/** The keys allowed at a data path, in schema order (for placing new keys). */
export type KeyOrder = (path: DataPath) => readonly string[];

/**
 * An order for the keys of a new mapping: the sibling's order first (the
 * file's own convention), with keys the sibling lacks slotted in after their
 * predecessor in schema order.
 */
export function combinedOrder(siblingKeys: readonly string[], schemaKeys: readonly string[]): string[] {
  const order = [...siblingKeys];
  for (let i = 0; i < schemaKeys.length; i++) {
    const key = schemaKeys[i]!;
    if (order.includes(key)) continue;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const before = order.indexOf(schemaKeys[j]!);
      if (before !== -1) {
        at = before + 1;
        break;
      }
    }
    order.splice(at, 0, key);
  }
  return order;
}

export function keyName(pair: Pair<unknown, unknown>): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

export function mapKeys(node: unknown): string[] {
  return isMap(node) ? node.items.map(keyName) : [];
}

export function findPair(map: YAMLMap<unknown, unknown>, key: string | number): Pair<unknown, unknown> | undefined {
  return map.items.find((pair) => keyName(pair) === String(key));
}

/**
 * The nearest existing node playing the same part as `path`: the same
 * path in the previous (else next) item of the closest enclosing list.
 */
export function templateFor(document: Document, path: DataPath): Node | undefined {
  const nodeAt = (at: DataPath) => (at.length === 0 ? document.contents : document.getIn(at, true));
  for (let k = path.length - 1; k >= 0; k--) {
    const index = path[k];
    if (typeof index !== "number") continue;
    const seq = nodeAt(path.slice(0, k));
    if (!isSeq(seq)) continue;
    for (let step = 1; step <= seq.items.length; step++) {
      for (const j of [index - step, index + step]) {
        if (j < 0 || j >= seq.items.length) continue;
        const found = nodeAt([...path.slice(0, k), j, ...path.slice(k + 1)]);
        if (found !== undefined && found !== null) return found as Node;
      }
    }
  }
  return undefined;
}

/** Order a new value's keys like its template (and the schema), recursively. */
export function orderLike(value: Plain, template: unknown, path: DataPath, schemaKeys: KeyOrder): Plain {
  if (Array.isArray(value)) {
    const itemTemplate = isSeq(template) ? template.items[0] : undefined;
    return value.map((item, i) => orderLike(item, itemTemplate, [...path, i], schemaKeys));
  }
  if (!isPlainObject(value)) return value;
  const order = combinedOrder(mapKeys(template), schemaKeys(path));
  const rank = (key: string) => {
    const at = order.indexOf(key);
    return at === -1 ? Number.POSITIVE_INFINITY : at;
  };
  const out: { [key: string]: Plain } = {};
  for (const key of Object.keys(value).sort((a, b) => rank(a) - rank(b))) {
    out[key] = orderLike(value[key]!, isMap(template) ? template.get(key, true) : undefined, [...path, key], schemaKeys);
  }
  return out;
}
