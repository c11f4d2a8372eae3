/**
 * Parsing registry files.
 *
 * Two parsers, each where it is strongest:
 * - the fast path (js-yaml, core schema) reads every file once; it rejects
 *   duplicate keys, multiple documents and unknown tags by itself;
 * - the `yaml` package re-reads only a file that has a problem, to explain
 *   syntax errors with positions and to turn data paths into line:column.
 */
import jsyaml from "js-yaml";
import type { DataPath, Finding } from "./problems.ts";

type YamlModule = typeof import("yaml");
type YamlDocument = import("yaml").Document.Parsed;
type YamlNode = import("yaml").Node;

let yamlModule: YamlModule | undefined;
/** The `yaml` package is loaded on first need: a valid registry never pays for it. */
export async function loadYamlModule(): Promise<YamlModule> {
  yamlModule ??= await import("yaml");
  return yamlModule;
}

/** `finding`: a reason to refuse the file that is already known, without the precise parse. */
export type FastParse = { ok: true; data: unknown } | { ok: false; finding?: Finding };

/**
 * Where an anchor could start: `&name` at a line start or after whitespace or
 * a flow indicator. `Q&A`, `?a=1&b=2` and `R & D` cannot be anchors, so
 * their files skip the listener pass.
 */
const POSSIBLE_ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/m;

function hasAnchor(text: string): boolean {
  if (!POSSIBLE_ANCHOR.test(text)) return false;
  let found = false;
  try {
    jsyaml.load(text, {
      schema: jsyaml.CORE_SCHEMA,
      listener(event, state) {
        // js-yaml records an anchor on the state it reports; its typings omit the field.
        if (event === "close" && (state as { anchor?: string | null }).anchor) found = true;
      },
    });
  } catch {
    return true;
  }
  return found;
}

/**
 * The happy path: one js-yaml pass. Anything it cannot vouch for (a parse
 * error, an anchor, a possible merge key, invalid UTF-8) is handed to the
 * precise path instead; hostile nesting is refused here, where it is cheap
 * to detect (js-yaml stops at MAX_DEPTH).
 */
export function parseFast(text: string): FastParse {
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions);
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    if (error instanceof jsyaml.YAMLException && error.reason.startsWith("nesting exceeded maxDepth") && mark) {
      return { ok: false, finding: tooDeepFinding(mark.line + 1, mark.column + 1) };
    }
    return { ok: false };
  }
  // U+FFFD is what invalid UTF-8 decodes to; js-yaml accepts it as text.
  if (text.includes("<<") || text.includes("\ufffd")) return { ok: false };
  if (data === null || data === undefined || typeof data !== "object" || Array.isArray(data)) return { ok: false };
  // An anchor without a use is harmless to js-yaml but still not allowed; only
  // files with something that could be an anchor pay for the listener pass.
  if (hasAnchor(text)) return { ok: false };
  return { ok: true, data };
}

export interface PreciseParse {
  /** Parsed data, when the file is usable despite its findings. */
  data: unknown;
  findings: Finding[];
  document?: YamlDocument;
  lineCounter?: import("yaml").LineCounter;
}

const CORE_TAGS = new Set([
  "tag:yaml.org,2002:str",
  "tag:yaml.org,2002:int",
  "tag:yaml.org,2002:float",
  "tag:yaml.org,2002:bool",
  "tag:yaml.org,2002:null",
  "tag:yaml.org,2002:map",
  "tag:yaml.org,2002:seq",
]);

function syntax(message: string, line: number, column: number): Finding {
  return { rule: "yaml-syntax", severity: "error", path: [], message, line, column };
}

/** Deepest nesting accepted (js-yaml's default); registry data needs about six levels. */
export const MAX_DEPTH = 100;

function tooDeepFinding(line: number, column: number): Finding {
  return syntax(`the file nests more than ${MAX_DEPTH} levels deep; registry data is only a few levels deep`, line, column);
}

/** Past this many YAML problems in one file (an alias bomb has thousands), the rest are counted, not listed. */
const MAX_SYNTAX_FINDINGS = 50;

function capFindings(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_SYNTAX_FINDINGS) return findings;
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const next = findings[MAX_SYNTAX_FINDINGS]!;
  const hidden = findings.length - MAX_SYNTAX_FINDINGS;
  return [
    ...findings.slice(0, MAX_SYNTAX_FINDINGS),
    syntax(`${hidden} more YAML problems from here on are not listed; fix the ones above first`, next.line ?? 1, next.column ?? 1),
  ];
}

/** Characters that mean the file is not text: reporting them must not echo them. */
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/;

/**
 * The precise path: parses with positions, and reports every reason the file
 * cannot be used as registry data.
 */
export async function parsePrecise(text: string): Promise<PreciseParse> {
  const binary = BINARY.exec(text);
  if (binary) {
    const before = text.slice(0, binary.index);
    const line = before.split("\n").length;
    const column = binary.index - before.lastIndexOf("\n");
    return { data: undefined, findings: [syntax("the file is not UTF-8 text (it contains control or invalid bytes); registry files are plain YAML", line, column)] };
  }
  const YAML = await loadYamlModule();
  const lineCounter = new YAML.LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const tooDeep = (offset: number): PreciseParse => {
    const at = position(offset);
    return { data: undefined, findings: [tooDeepFinding(at.line, at.column)] };
  };
  let documents: YamlDocument[];
  try {
    documents = YAML.parseAllDocuments(text, {
      lineCounter,
      // Its duplicate check compares every key with every other (quadratic in
      // the size of a mapping); checkStructure finds duplicates in one pass.
      uniqueKeys: false,
      prettyErrors: false,
      version: "1.2",
      schema: "core",
      merge: false,
    }) as YamlDocument[];
  } catch (error) {
    if (error instanceof RangeError) return tooDeep(0);
    throw error;
  }
  if (!Array.isArray(documents)) documents = [];
  const findings: Finding[] = [];
  if (documents.length === 0) {
    const what = text.trim() === "" ? "the file is empty" : "the file holds only comments";
    return { data: undefined, findings: [syntax(`${what}; a registry file is a YAML mapping of keys such as \`name:\` and \`models:\``, 1, 1)] };
  }
  for (const extra of documents.slice(1)) {
    const at = position(extra.range[0]);
    findings.push(syntax("a second YAML document starts here; a registry file holds exactly one document (remove the `---` separator)", at.line, at.column));
  }
  const document = documents[0]!;
  // The `yaml` package reports its own stack overflow as a parse error at the
  // point it gave up; one finding says what happened.
  const overflow = document.errors.find((error) => error.message.includes("Maximum call stack"));
  if (overflow) return tooDeep(overflow.pos[0]);
  for (const error of document.errors) {
    const at = position(errorOffset(YAML, document, error, text));
    findings.push(syntax(describeYamlError(error.code, error.message), at.line, at.column));
  }
  if (findings.length > 0) return { data: undefined, findings: capFindings(findings), document, lineCounter };

  // Checked before anything recursive walks the tree (YAML.visit's cost grows
  // with the square of the depth).
  const structure = checkStructure(YAML, document.contents as YamlNode | null);
  if (structure.tooDeep) return { ...tooDeep(structure.tooDeep.range?.[0] ?? 0), document, lineCounter };
  for (const { key, first } of structure.duplicates) {
    const at = position(key.range?.[0] ?? 0);
    const firstLine = position(first.range?.[0] ?? 0).line;
    findings.push(syntax(`duplicate key ${showKey(String(key.value))}: it already appears at line ${firstLine} of the same mapping; keep one`, at.line, at.column));
  }

  // An alias bomb names a handful of anchors thousands of times: each anchor
  // and each aliased name is reported once, at its first use.
  let unsafe = false;
  const seenAliases = new Map<string, Finding>();
  const aliasUses = new Map<string, number>();
  YAML.visit(document, {
    Alias(_key, node) {
      unsafe = true;
      const name = node.source;
      aliasUses.set(name, (aliasUses.get(name) ?? 0) + 1);
      if (seenAliases.has(name)) return;
      const at = position(node.range?.[0] ?? 0);
      const finding = syntax(`alias \`*${name}\` is not allowed: write the value out in full (aliases make reviews harder and allow alias bombs)`, at.line, at.column);
      seenAliases.set(name, finding);
      findings.push(finding);
    },
    Node(_key, node) {
      const start = node.range?.[0] ?? 0;
      if (node.anchor) {
        const at = position(propertyOffset(text, start, `&${node.anchor}`));
        findings.push(syntax(`anchor \`&${node.anchor}\` is not allowed: registry files are plain YAML without anchors or aliases`, at.line, at.column));
      }
      if (node.tag && !CORE_TAGS.has(node.tag)) {
        unsafe = true;
        const at = position(propertyOffset(text, start, "!"));
        findings.push(syntax(`tag \`${node.tag}\` is not allowed: registry files use plain YAML values without tags`, at.line, at.column));
      }
    },
    Pair(_key, pair) {
      const key = pair.key as YamlNode | null;
      if (key && YAML.isScalar(key) && key.value === "<<") {
        const at = position(key.range?.[0] ?? 0);
        findings.push(syntax("merge key `<<` is not allowed: write the keys out in full", at.line, at.column));
      }
    },
  });
  for (const [name, finding] of seenAliases) {
    const uses = aliasUses.get(name) ?? 1;
    if (uses > 1) finding.message = finding.message.replace(" is not allowed", ` (used ${uses} times) is not allowed`);
  }
  if (findings.length > 0 || unsafe) return { data: undefined, findings: capFindings(findings), document, lineCounter };

  const contents = document.contents as YamlNode | null;
  if (!contents || !YAML.isMap(contents)) {
    const at = position(contents?.range?.[0] ?? 0);
    const what = contents === null ? "the file has no content" : "the top level is not a mapping";
    return { data: undefined, findings: [syntax(`${what}; a registry file is a YAML mapping of keys such as \`name:\` and \`models:\``, at.line, at.column)], document, lineCounter };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 0 });
  } catch (error) {
    if (error instanceof RangeError) return tooDeep(0);
    throw error;
  }
  return { data, findings: [], document, lineCounter };
}


interface Structure {
  /** The first collection nested deeper than MAX_DEPTH. */
  tooDeep?: YamlNode;
  /** Scalar keys repeated within one mapping, with the first occurrence. */
  duplicates: Array<{ key: import("yaml").Scalar; first: import("yaml").Scalar }>;
}

/** One pass over the tree, without recursion: nesting depth and duplicate keys. */
function checkStructure(YAML: YamlModule, root: YamlNode | null): Structure {
  const duplicates: Structure["duplicates"] = [];
  const stack: Array<[YamlNode, number]> = root ? [[root, 1]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!YAML.isCollection(node)) continue;
    if (depth > MAX_DEPTH) return { tooDeep: node, duplicates };
    const keys = YAML.isMap(node) ? new Map<string, import("yaml").Scalar>() : undefined;
    for (const item of node.items as unknown[]) {
      if (YAML.isPair(item)) {
        if (keys && YAML.isScalar(item.key)) {
          const name = String(item.key.value);
          const first = keys.get(name);
          if (first) duplicates.push({ key: item.key, first });
          else keys.set(name, item.key);
        }
        if (YAML.isNode(item.key)) stack.push([item.key, depth + 1]);
        if (YAML.isNode(item.value)) stack.push([item.value, depth + 1]);
      } else if (YAML.isNode(item)) {
        stack.push([item, depth + 1]);
      }
    }
  }
  duplicates.sort((a, b) => (a.key.range?.[0] ?? 0) - (b.key.range?.[0] ?? 0));
  return { duplicates };
}

/** A key as messages show it: quoted, and cut short when long. */
function showKey(key: string): string {
  return `\`${key.length > 60 ? `${key.slice(0, 57)}...` : key}\``;
}

/**
 * Where a node property (`&anchor`, `!tag`) starts: the nodes' ranges begin
 * at the value, so look back for it on the same line.
 */
function propertyOffset(text: string, valueStart: number, prefix: string): number {
  const lineStart = text.lastIndexOf("\n", valueStart - 1) + 1;
  const found = text.lastIndexOf(prefix, valueStart);
  if (found < lineStart) return valueStart;
  // `!!str` and `!<...>`: step back to the first `!` of the tag.
  let start = found;
  while (prefix === "!" && start > lineStart && text[start - 1] === "!") start--;
  return start;
}

/** The most useful offset for a parse error: an unclosed quote is reported where it opens. */
function errorOffset(YAML: YamlModule, document: YamlDocument, error: import("yaml").YAMLError, text: string): number {
  if (error.code === "MISSING_CHAR" && error.message.includes("quote")) {
    let opening: number | undefined;
    YAML.visit(document, {
      Scalar(_key, node) {
        const start = node.range?.[0];
        if (start !== undefined && (text[start] === '"' || text[start] === "'") && (node.range?.[1] ?? 0) >= error.pos[0]) opening ??= start;
      },
    });
    if (opening !== undefined) return opening;
  }
  return error.pos[0];
}

function describeYamlError(code: string, message: string): string {
  // The `yaml` package's first line says what; drop its source excerpt (we print our own).
  const first = message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  switch (code) {
    case "MISSING_CHAR":
      if (first.includes("quote")) return "this quoted string is never closed: add the closing quote";
      return first.endsWith(".") ? first.slice(0, -1) : first;
    case "TAB_AS_INDENT":
      return "tab used for indentation; YAML indents with spaces";
    default:
      return first.endsWith(".") ? first.slice(0, -1) : first;
  }
}

export interface Located {
  line: number;
  column: number;
}

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
      // The first of duplicate keys wins, as js-yaml would have refused the rest.
      if (YAML.isScalar(key) && !index.has(String(key.value))) index.set(String(key.value), item);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

/**
 * Turn a data path into a position: the key or value it names, or the
 * nearest existing node above it when it names something missing.
 */
export function locate(document: YamlDocument, lineCounter: import("yaml").LineCounter, path: DataPath, at: "key" | "value" = "value"): Located {
  const YAML = yamlModule!;
  const toPosition = (offset: number): Located => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let node = document.contents as YamlNode | null;
  let keyOffset: number | undefined;
  let fallback = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (node && YAML.isMap(node)) {
      const pair = pairsByKey(YAML, node).get(String(segment));
      if (!pair) return toPosition(fallback);
      const key = pair.key as YamlNode;
      keyOffset = key.range?.[0];
      node = pair.value as YamlNode | null;
      if (last && at === "key") return toPosition(keyOffset ?? fallback);
      fallback = node?.range?.[0] ?? keyOffset ?? fallback;
    } else if (node && YAML.isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as YamlNode | undefined;
      if (!item) return toPosition(fallback);
      keyOffset = undefined;
      node = item;
      fallback = item.range?.[0] ?? fallback;
    } else {
      return toPosition(fallback);
    }
  }
  // A key with an empty value (`pricing:`) has no value node: point at the key.
  return toPosition(node?.range?.[0] ?? keyOffset ?? fallback);
}
