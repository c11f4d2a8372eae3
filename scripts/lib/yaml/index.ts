/**
 * The one owner of YAML text. `openYaml` reads a registry file's text and
 * returns what every caller needs of it — its data, its syntax findings, and
 * positions for data paths — without the caller choosing a parser:
 *
 * - the fast path (js-yaml with a YAML 1.2 core schema) reads a plain file
 *   once and vouches for it;
 * - the precise path (the `yaml` package, loaded on first need) decides every
 *   file the fast path cannot vouch for, reports syntax problems with
 *   positions, and holds the alias budget.
 *
 * Either way a file means the same data and gets the same problems.
 */
import type { DataPath, Finding } from "../problems.ts";
import type { KeyOrder, YamlText } from "./edit/index.ts";
import { parseFast } from "./fast.ts";
import { createLocator, type Locator, type Position } from "./fast-positions.ts";
import { stripBom, type TopLevel } from "./shared.ts";

export type { Locator, Position } from "./fast-positions.ts";
export { ALIAS_BUDGET, MAX_DEPTH, stripBom, type TopLevel } from "./shared.ts";
export { parseFast, type FastParse } from "./fast.ts";

export interface OpenOptions {
  /** What the top level must be: a mapping (default), or a sequence (`models/<org>.yaml`). */
  topLevel?: TopLevel;
}

export interface YamlFile {
  /** The text as parsed: without a byte-order mark, which positions ignore too. */
  readonly text: string;
  /** The data; `undefined` when the file cannot be used (its findings say why). */
  readonly data: unknown;
  /** `yaml-syntax` findings, each with its position. */
  readonly findings: readonly Finding[];
  /** Where a data path sits in the text: its key or value, or the nearest node above it. */
  locate(path: DataPath, at?: "key" | "value"): Position;
  /**
   * The comment-preserving editor for this text (a byte-order mark is kept
   * as it was); `keyOrder` says where new keys go. Rejects with NotYamlError
   * a text that is not valid YAML. The editor, and `yaml`, load on first use.
   */
  edit(keyOrder?: KeyOrder): Promise<YamlText>;
}

const TOP: Position = { line: 1, column: 1 };

/** Decode a file's bytes as registry text (UTF-8; invalid bytes become U+FFFD, which the parser refuses). */
export function decodeYaml(bytes: Uint8Array): string {
  return stripBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
}

export async function openYaml(source: string, options: OpenOptions = {}): Promise<YamlFile> {
  const file = await readYamlFile(source, options);
  // Assigned rather than spread: the file's other members may be lazy.
  return Object.assign(file, { edit: async (keyOrder?: KeyOrder) => new (await import("./edit/index.ts")).YamlText(source, keyOrder) });
}

async function readYamlFile(source: string, options: OpenOptions): Promise<Omit<YamlFile, "edit">> {
  const text = stripBom(source);
  const topLevel = options.topLevel ?? "mapping";
  const fast = parseFast(text, topLevel);
  if (fast.ok) {
    let locator: Locator | undefined;
    return { text, data: fast.data, findings: [], locate: (path, at) => (locator ??= createLocator(text, fast.data))(path, at) };
  }
  if (fast.finding) return { text, data: undefined, findings: [fast.finding], locate: () => TOP };
  // The precise path's modules load with it: a registry of plain files never needs them.
  const [{ loadYamlModule, parsePrecise }, { documentLocator }] = await Promise.all([import("./precise.ts"), import("./document-positions.ts")]);
  const precise = await parsePrecise(text, topLevel);
  const { document, lineCounter } = precise;
  const locate = document && lineCounter ? documentLocator(await loadYamlModule(), document, lineCounter) : () => TOP;
  return { text, data: precise.findings.length === 0 ? precise.data : undefined, findings: precise.findings, locate };
}
