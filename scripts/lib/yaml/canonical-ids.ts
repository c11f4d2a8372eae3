/**
 * The ids of canonical.yaml, cheaply. `manage add-model` needs only the set
 * of canonical ids, and canonical.yaml can be far larger than the provider
 * file being edited (models.dev: 2,900 models, 800 KB): parsing and
 * schema-checking all of it would dominate the edit's cost. It reads YAML
 * text, so it lives with the rest of that reading.
 *
 * The scan reads lines, and answers only for the plain block layout every
 * registry writes (top-level `models:` only, one `id:` per item at the
 * item's key column, plain or simply quoted ids). For anything else it
 * returns undefined, and the caller parses the file instead.
 */

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|$)/;
const PLAIN_ID = /^[A-Za-z0-9._/-]+$/;

function idValue(raw: string): string | undefined {
  let value = raw.replace(/[ \t]+#.*$/, "").trim();
  if (value.startsWith('"') || value.startsWith("'")) {
    const quote = value[0]!;
    if (value.length < 2 || !value.endsWith(quote)) return undefined;
    value = value.slice(1, -1);
    // Escapes would need a real parser.
    if (value.includes("\\") || value.includes(quote)) return undefined;
  }
  return PLAIN_ID.test(value) ? value : undefined;
}

export function scanCanonicalIds(text: string): Set<string> | undefined {
  const ids = new Set<string>();
  let sawModels = false;
  let dash = -1;
  let itemHasId = true;
  let items = 0;
  for (let start = 0, n = 0; start < text.length; n++) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const lineStart = start;
    start = end + 1;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent++;
    // Nested content (modality lists, wrapped descriptions) never holds an item's keys.
    if (dash !== -1 && indent > dash + 2) continue;
    const line = text.slice(lineStart, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    let rest = line.slice(indent);
    if (rest === "" || rest.startsWith("#")) continue;
    if (line.includes("\t") || (n === 0 && line.charCodeAt(0) === 0xfeff)) return undefined;
    if (indent === 0 && !rest.startsWith("-")) {
      if (sawModels || !/^models:[ ]*(?:#.*)?$/.test(rest)) return undefined;
      sawModels = true;
      continue;
    }
    if (!sawModels) return undefined;
    if (dash === -1) {
      if (!rest.startsWith("-")) return undefined;
      dash = indent;
    }
    let keyLine = false;
    if (indent === dash) {
      if (!/^-(?:[ ]|$)/.test(rest)) return undefined;
      if (!itemHasId) return undefined;
      items++;
      itemHasId = false;
      rest = rest.slice(1).trimStart();
      // `- key: value` on the dash line sits at the item's key column (dash + 2).
      if (rest !== "" && line.length - rest.length !== dash + 2) return undefined;
      keyLine = rest !== "";
    } else if (indent === dash + 2) {
      // A `- x` here is a list under the key above (written without indentation).
      keyLine = !rest.startsWith("-");
    } else if (indent < dash + 2) {
      return undefined;
    }
    if (!keyLine) continue;
    const key = KEY.exec(rest);
    if (!key) return undefined;
    if (key[1] !== "id") continue;
    const id = itemHasId ? undefined : idValue(rest.slice(key[0].length));
    if (id === undefined) return undefined;
    ids.add(id);
    itemHasId = true;
  }
  if (!sawModels || !itemHasId || items === 0 || ids.size !== items) return undefined;
  return ids;
}
