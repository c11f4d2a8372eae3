/**
 * The precise path: the `yaml` package (YAML 1.2, core schema) parses with
 * positions and reports every reason the file cannot be used as registry
 * data. It is the reference reading: the fast path defers to it wherever the
 * two could differ. Loaded on first need, so a valid registry never pays for it.
 */
import type { Finding } from "../problems.ts";
import { ALIAS_BUDGET, MAX_DEPTH, syntaxFinding as syntax, unshare, type TopLevel } from "./shared.ts";
import { closingQuote, lineEnd } from "./text-checks.ts";

export type YamlModule = typeof import("yaml");
export type YamlDocument = import("yaml").Document.Parsed;
type YamlNode = import("yaml").Node;
type YamlScalar = import("yaml").Scalar;

let yamlModule: YamlModule | undefined;
export async function loadYamlModule(): Promise<YamlModule> {
  yamlModule ??= await import("yaml");
  return yamlModule;
}

export interface PreciseParse {
  /** Parsed data, when the file is usable (no findings). */
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
const BINARY = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/;

const SHAPE: Record<TopLevel, string> = {
  mapping: "a registry file is a YAML mapping of keys such as `name:` and `models:`",
  sequence: "a `models/<org>.yaml` file is a YAML sequence of canonical models (`- id: <org>/<model>`)",
};

export async function parsePrecise(text: string, topLevel: TopLevel = "mapping"): Promise<PreciseParse> {
  const binary = BINARY.exec(text);
  if (binary) {
    const before = text.slice(0, binary.index);
    const line = before.split("\n").length;
    const column = binary.index - before.lastIndexOf("\n");
    return {
      data: undefined,
      findings: [syntax("the file is not UTF-8 text (it contains control or invalid bytes); registry files are plain YAML", line, column)],
    };
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
    return { data: undefined, findings: [syntax(`${what}; ${SHAPE[topLevel]}`, 1, 1)] };
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
  findings.push(...parseErrorFindings(YAML, document, text, position));
  if (findings.length > 0) return { data: undefined, findings: capFindings(findings), document, lineCounter };

  // Checked before anything recursive walks the tree (YAML.visit's cost grows
  // with the square of the depth).
  const structure = checkStructure(YAML, document.contents as YamlNode | null);
  if (structure.tooDeep) return { ...tooDeep(structure.tooDeep.range?.[0] ?? 0), document, lineCounter };
  for (const { key, first } of structure.duplicates) {
    const at = position(key.range?.[0] ?? 0);
    const firstLine = position(first.range?.[0] ?? 0).line;
    findings.push(
      syntax(`duplicate key ${showKey(String(key.value))}: it already appears at line ${firstLine} of the same mapping; keep one`, at.line, at.column),
    );
  }
  for (const key of structure.badKeys) {
    const at = position(key.range?.[0] ?? 0);
    const message = YAML.isScalar(key)
      ? 'this key is null (`~`, `null` or nothing before the colon); registry keys are names — quote it (`"null":`) if the word is meant'
      : "this key is a list or a mapping; registry keys are plain names";
    findings.push(syntax(message, at.line, at.column));
  }

  // Anchors in document order: an alias refers to the latest anchor of its
  // name before it (resolving each alias by search would be quadratic).
  const anchors = new Map<string, YamlNode>();
  let aliases = 0;
  const targets = new Map<YamlNode, YamlNode>();
  let firstAlias: YamlNode | undefined;
  YAML.visit(document, {
    Alias(_key, node) {
      firstAlias ??= node;
      const target = anchors.get(node.source);
      if (target) {
        targets.set(node, target);
      } else if (targets.size + findings.length <= ALIAS_BUDGET.aliases) {
        const at = position(node.range?.[0] ?? 0);
        findings.push(
          syntax(`alias \`*${node.source}\` has no anchor \`&${node.source}\` before it: define the anchor first, or write the value out`, at.line, at.column),
        );
      }
      aliases++;
    },
    Node(_key, node) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (node.tag && !CORE_TAGS.has(node.tag)) {
        const at = position(propertyOffset(text, node.range?.[0] ?? 0, "!"));
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
  if (aliases > ALIAS_BUDGET.aliases) {
    const at = position(firstAlias!.range?.[0] ?? 0);
    findings.splice(
      0,
      findings.length,
      syntax(`the file uses ${aliases} aliases, more than the ${ALIAS_BUDGET.aliases} allowed: write the shared values out in full`, at.line, at.column),
    );
  } else if (aliases > 0 && findings.length === 0) {
    const over = aliasBudgetFinding(YAML, document, targets, firstAlias!, position);
    if (over) findings.push(over);
  }
  if (findings.length > 0) return { data: undefined, findings: capFindings(findings), document, lineCounter };

  const contents = document.contents as YamlNode | null;
  if (!contents || (topLevel === "mapping" ? !YAML.isMap(contents) : !YAML.isSeq(contents))) {
    const at = position(contents?.range?.[0] ?? 0);
    const what = contents === null ? "the file has no content" : `the top level is not a ${topLevel}`;
    return { data: undefined, findings: [syntax(`${what}; ${SHAPE[topLevel]}`, at.line, at.column)], document, lineCounter };
  }
  let data: unknown;
  try {
    // The budget above bounds what aliases expand to; the copy gives every
    // alias its own value, so no consumer sees two entries share one object.
    data = document.toJS({ maxAliasCount: -1 });
    if (aliases > 0) data = unshare(data);
  } catch (error) {
    if (error instanceof RangeError) return tooDeep(0);
    throw error;
  }
  return { data, findings: [], document, lineCounter };
}

type Position = (offset: number) => { line: number; column: number };

/** The parser's own errors, as findings a provider can act on; tabs are reported once per file. */
function parseErrorFindings(YAML: YamlModule, document: YamlDocument, text: string, position: Position): Finding[] {
  const findings: Finding[] = [];
  let tabs = 0;
  // Where a quoted scalar or flow collection that ran on was cut: the parser's next error, a key it then finds without a value, is its echo.
  let runOnAt = -1;
  for (const error of document.errors) {
    if (error.code === "TAB_AS_INDENT" && tabs++ > 0) continue;
    if (runOnAt >= 0 && error.message.startsWith("Implicit map keys") && error.pos[0] <= lineEnd(text, lineEnd(text, runOnAt) + 1)) continue;
    runOnAt = isUnclosedQuote(error) || UNCLOSED_FLOW.test(error.message) ? error.pos[0] : -1;
    const star = bareStarOffset(text, error.pos[0]);
    const offset = star ?? errorOffset(YAML, document, error, text);
    const at = position(offset);
    findings.push(syntax(star !== undefined ? BARE_STAR_MESSAGE : describeYamlError(error, text, offset), at.line, at.column));
  }
  if (tabs > 1) {
    const first = findings.find((finding) => finding.message.startsWith("tab used"))!;
    first.message = `tab used for indentation on ${tabs} lines (the first is here); YAML indents with spaces`;
  }
  return findings;
}

function isUnclosedQuote(error: import("yaml").YAMLError): boolean {
  return error.code === "MISSING_CHAR" && error.message.includes("quote");
}

/** The parser's words for a flow collection cut short by a line not indented past its key (or by the file's end). */
const UNCLOSED_FLOW = /^Flow (sequence|map) in block collection/;

/** A bare `*` where a pattern was meant: YAML reads it as the start of an alias. */
const BARE_STAR = /(?:^|[\s[{,-])(\*)(?:[\s:]|$)/d;
const BARE_STAR_MESSAGE = 'a bare `*` starts a YAML alias: quote the pattern, as in `- "*": openai`';

/** Where a bare `*` stands on the line of a parse error, if one does. */
function bareStarOffset(text: string, offset: number): number | undefined {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  const match = BARE_STAR.exec(text.slice(start, end === -1 ? text.length : end));
  return match ? start + match.indices![1]![0] : undefined;
}

/**
 * SPEC §2's budget: at most 100 aliases, and the data they expand to at most
 * 4× the nodes written. Sizes are summed bottom-up in one pass: an anchor is
 * always complete before an alias to it, unless the alias sits inside its own
 * anchor (a cycle), which no budget can hold.
 */
function aliasBudgetFinding(
  YAML: YamlModule,
  document: YamlDocument,
  targets: ReadonlyMap<YamlNode, YamlNode>,
  firstAlias: YamlNode,
  position: Position,
): Finding | undefined {
  const at = position(firstAlias.range?.[0] ?? 0);
  const sizes = new Map<YamlNode, number>();
  let written = 0;
  const root = document.contents as YamlNode | null;
  const stack: Array<{ node: YamlNode; open: boolean }> = root ? [{ node: root, open: false }] : [];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (YAML.isAlias(node)) {
      written++;
      const target = targets.get(node);
      const size = target === undefined ? 1 : sizes.get(target);
      if (size === undefined) {
        const here = position(node.range?.[0] ?? 0);
        return syntax(`alias \`*${node.source}\` refers to the value that contains it, which never ends: write the value out`, here.line, here.column);
      }
      sizes.set(node, size);
      continue;
    }
    const children = childNodes(YAML, node);
    if (!frame.open) {
      written++;
      stack.push({ node, open: true });
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, open: false });
      continue;
    }
    let size = 1;
    for (const child of children) size += sizes.get(child) ?? 1;
    sizes.set(node, size);
  }
  const expanded = root ? (sizes.get(root) ?? written) : 0;
  if (expanded > ALIAS_BUDGET.expansion * written) {
    return syntax(
      `the aliases expand this file to ${expanded} values, more than ${ALIAS_BUDGET.expansion}× the ${written} it writes (an alias bomb?): write the shared values out in full`,
      at.line,
      at.column,
    );
  }
  return undefined;
}

function childNodes(YAML: YamlModule, node: YamlNode): YamlNode[] {
  if (!YAML.isCollection(node)) return [];
  const children: YamlNode[] = [];
  for (const item of node.items as unknown[]) {
    if (YAML.isPair(item)) {
      if (YAML.isNode(item.key)) children.push(item.key);
      if (YAML.isNode(item.value)) children.push(item.value);
    } else if (YAML.isNode(item)) {
      children.push(item);
    }
  }
  return children;
}

interface Structure {
  /** The first collection nested deeper than MAX_DEPTH. */
  tooDeep?: YamlNode;
  /** Scalar keys repeated within one mapping, with the first occurrence. */
  duplicates: Array<{ key: YamlScalar; first: YamlScalar }>;
  /** Null keys and collection keys: no registry field is named so. */
  badKeys: YamlNode[];
}

/** One pass over the tree, without recursion: nesting depth, duplicate keys, keys that are no name. */
function checkStructure(YAML: YamlModule, root: YamlNode | null): Structure {
  const duplicates: Structure["duplicates"] = [];
  const badKeys: YamlNode[] = [];
  const stack: Array<[YamlNode, number]> = root ? [[root, 1]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!YAML.isCollection(node)) continue;
    if (depth > MAX_DEPTH) return { tooDeep: node, duplicates, badKeys };
    const keys = YAML.isMap(node) ? new Map<string, YamlScalar>() : undefined;
    for (const item of node.items as unknown[]) {
      if (YAML.isPair(item)) {
        if (keys && YAML.isScalar(item.key) && item.key.value !== null) {
          const name = String(item.key.value);
          const first = keys.get(name);
          if (first) duplicates.push({ key: item.key, first });
          else keys.set(name, item.key);
        } else if (keys && !YAML.isAlias(item.key)) {
          badKeys.push((item.key as YamlNode | null) ?? (YAML.isNode(item.value) ? item.value : node));
        }
        if (YAML.isNode(item.key)) stack.push([item.key, depth + 1]);
        if (YAML.isNode(item.value)) stack.push([item.value, depth + 1]);
      } else if (YAML.isNode(item)) {
        stack.push([item, depth + 1]);
      }
    }
  }
  duplicates.sort((a, b) => (a.key.range?.[0] ?? 0) - (b.key.range?.[0] ?? 0));
  return { duplicates, badKeys };
}

/** A key as messages show it: quoted, and cut short when long. */
function showKey(key: string): string {
  return `\`${key.length > 60 ? `${key.slice(0, 57)}...` : key}\``;
}

/**
 * Where a node property (`!tag`) starts: the nodes' ranges begin at the
 * value, so look back for it on the same line.
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
  if (isUnclosedQuote(error)) {
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

/** What a parse error means for a provider; `offset` is where it is reported (an unclosed quote: where it opens). */
function describeYamlError(error: import("yaml").YAMLError, text: string, offset: number): string {
  // The `yaml` package's first line says what; drop its source excerpt (we print our own).
  const first = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  if (isUnclosedQuote(error)) {
    // Not closed on its line, and its quote on the next: cut short by that line's indentation, not forgotten.
    const cut = (text[offset] === '"' || text[offset] === "'") && closingQuote(text, offset) === -1;
    const end = lineEnd(text, offset);
    if (cut && text.slice(end + 1, lineEnd(text, end + 1)).includes(text[offset]!)) {
      return "this quoted string runs on to the next line, which is not indented past its key: indent the lines it runs on to, or keep it on one line";
    }
    return "this quoted string is never closed: add the closing quote";
  }
  if (error.code === "TAB_AS_INDENT") return "tab used for indentation; YAML indents with spaces";
  const flow = UNCLOSED_FLOW.exec(first);
  if (flow) {
    const [open, close, what] = flow[1] === "sequence" ? ["[", "]", "list"] : ["{", "}", "mapping"];
    return `the \`${open}…${close}\` ${what} above is still open here, on a line not indented past its key: close it with \`${close}\` where it ends, and indent the lines it runs on to past its key`;
  }
  return first.endsWith(".") ? first.slice(0, -1) : first;
}
