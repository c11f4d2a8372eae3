/**
 * Reads texts as Bun's own parser does on the fast path (native.ts), for
 * native-yaml.test.ts, which runs under Node where Bun's parser is absent.
 *
 *   bun test/validate/native-probe.ts < [{"text": …, "topLevel": "mapping"}, …]
 *   → one JSON line per text: {"vouched": false} or {"vouched": true, "data": …}
 *
 * Numbers JSON cannot hold (±Infinity, NaN, -0) are written {"$number": "…"}.
 */
import { readFileSync } from "node:fs";
import { HAS_NATIVE_YAML, parseNative } from "../../scripts/lib/yaml/native.ts";

if (!HAS_NATIVE_YAML) throw new Error("native-probe.ts runs under Bun");
const inputs = JSON.parse(readFileSync(0, "utf8")) as Array<{ text: string; topLevel: "mapping" | "sequence" }>;
const encode = (_key: string, value: unknown) =>
  typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0)) ? { $number: String(Object.is(value, -0) ? "-0" : value) } : value;
const lines: string[] = [];
for (const { text, topLevel } of inputs) {
  // parseFast returns Bun's reading whenever there is one.
  const native = parseNative(text, topLevel);
  lines.push(JSON.stringify(native === undefined ? { vouched: false } : { vouched: true, data: native }, encode));
}
process.stdout.write(`${lines.join("\n")}\n`);
