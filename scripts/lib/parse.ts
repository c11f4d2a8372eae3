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

export type FastParse = { ok: true; data: unknown } | { ok: false };

function hasAnchor(text: string): boolean {
  if (!text.includes("&")) return false;
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
 * error, an anchor, a possible merge key, a stack overflow from hostile
 * nesting) is handed to the precise path instead.
 */
export function parseFast(text: string): FastParse {
  if (text.includes("<<")) return { ok: false };
  try {
    const data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
    if (data === null || data === undefined || typeof data !== "object" || Array.isArray(data)) return { ok: false };
    // An anchor without a use is harmless to js-yaml but still not allowed; only
    // files that contain `&` at all pay for the listener pass.
    if (text.includes("&") && hasAnchor(text)) return { ok: false };
    return { ok: true, data };
  } catch {
    return { ok: false };
  }
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
  let documents: YamlDocument[];
  try {
    documents = YAML.parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      version: "1.2",
      schema: "core",
      merge: false,
    }) as YamlDocument[];
  } catch (error) {
    if (error instanceof RangeError) {
      return { data: undefined, findings: [syntax("the file nests too deeply to be registry data", 1, 1)] };
    }
    throw error;
  }
  if (!Array.isArray(documents)) documents = [];
  const findings: Finding[] = [];
  if (documents.length === 0) {
    return { data: undefined, findings: [syntax("the file is empty; a registry file is a YAML mapping", 1, 1)] };
  }
  for (const extra of documents.slice(1)) {
    const at = position(extra.range[0]);
    findings.push(syntax("a second YAML document starts here; a registry file holds exactly one document (remove the `---` separator)", at.line, at.column));
  }
  const document = documents[0]!;
  for (const error of document.errors) {
    const at = position(error.pos[0]);
    findings.push(syntax(describeYamlError(error.code, error.message), at.line, at.column));
  }
  if (findings.length > 0) return { data: undefined, findings, document, lineCounter };

  let unsafe = false;
  try {
    YAML.visit(document, {
      Alias(_key, node) {
        unsafe = true;
        const at = position(node.range?.[0] ?? 0);
        findings.push(syntax(`alias \`*${node.source}\` is not allowed: write the value out in full (aliases make reviews harder and allow alias bombs)`, at.line, at.column));
      },
      Node(_key, node) {
        const at = position(node.range?.[0] ?? 0);
        if (node.anchor) {
          findings.push(syntax(`anchor \`&${node.anchor}\` is not allowed: registry files are plain YAML without anchors or aliases`, at.line, at.column));
        }
        if (node.tag && !CORE_TAGS.has(node.tag)) {
          unsafe = true;
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
  } catch (error) {
    if (error instanceof RangeError) {
      return { data: undefined, findings: [syntax("the file nests too deeply to be registry data", 1, 1)] };
    }
    throw error;
  }
  if (findings.length > 0 || unsafe) return { data: undefined, findings, document, lineCounter };

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
    if (error instanceof RangeError) return { data: undefined, findings: [syntax("the file nests too deeply to be registry data", 1, 1)] };
    throw error;
  }
  return { data, findings: [], document, lineCounter };
}

function describeYamlError(code: string, message: string): string {
  // The `yaml` package's first line says what; drop its source excerpt (we print our own).
  const first = message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  switch (code) {
    case "DUPLICATE_KEY":
      return "duplicate key: this key already appears earlier in the same mapping; keep one";
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
      const pair = node.items.find((item) => {
        const key = item.key as YamlNode | null;
        return YAML.isScalar(key) ? String(key.value) === String(segment) : false;
      });
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
