/**
 * A js-yaml schema that reads plain scalars exactly as YAML 1.2's core
 * schema does (the `yaml` package's `core`, the reference for every path).
 *
 * js-yaml's own CORE_SCHEMA is YAML 1.1-flavoured where it matters here:
 * it reads `0b101`, `-0x1F`, `+0x1F`, `-0o17` as integers and `+.5`, `-.5`,
 * `1e400` as strings, the opposite of YAML 1.2. The resolvers below reject
 * on the first character that cannot start a number, so the many string
 * scalars of a registry file cost one comparison each.
 */
import jsyaml from "js-yaml";

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** Whether text[from…] is one or more characters of one class; a loop per class, so no call per character. */
function allDigits(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < DIGIT_0 || code > DIGIT_9) return false;
  }
  return true;
}

function allOctal(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < DIGIT_0 || code > 55) return false;
  }
  return true;
}

function allHex(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= DIGIT_0 && code <= DIGIT_9) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

/** `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+` (YAML 1.2 core: no sign on octal or hex). */
function resolveInt(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first === DIGIT_0 && text.length > 2) {
    const second = text.charCodeAt(1);
    if (second === 120) return allHex(text, 2);
    if (second === 111) return allOctal(text, 2);
  }
  if (first === PLUS || first === MINUS) return allDigits(text, 1);
  return allDigits(text, 0);
}

function constructInt(text: string): number {
  if (text.length > 2 && text.charCodeAt(0) === DIGIT_0) {
    const second = text.charCodeAt(1);
    if (second === 120) return parseInt(text.slice(2), 16);
    if (second === 111) return parseInt(text.slice(2), 8);
  }
  return Number(text);
}

const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function resolveFloat(text: string): boolean {
  const first = text.charCodeAt(0);
  if (!isDigit(first) && first !== PLUS && first !== MINUS && first !== DOT) return false;
  return FLOAT.test(text);
}

function constructFloat(text: string): number {
  const last = text.charCodeAt(text.length - 1);
  // `.inf`, `.Inf`, `.INF` end in f/F; `.nan` spellings in n/N.
  if (last === 102 || last === 70) return text.charCodeAt(0) === MINUS ? -Infinity : Infinity;
  if (last === 110 || last === 78) return NaN;
  return Number(text);
}

const isNumber = (value: unknown): value is number => typeof value === "number";

const int = new jsyaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: resolveInt,
  construct: constructInt,
  predicate: (value) => isNumber(value) && Number.isInteger(value),
});
const float = new jsyaml.Type("tag:yaml.org,2002:float", { kind: "scalar", resolve: resolveFloat, construct: constructFloat, predicate: isNumber });

// js-yaml's null and bool already read exactly YAML 1.2's spellings; its typings omit `types`.
const { null: nullType, bool } = (jsyaml as unknown as { types: Record<"null" | "bool", jsyaml.Type> }).types;

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["true", "True", "TRUE"]);
const FALSES = new Set(["false", "False", "FALSE"]);

/**
 * What a plain scalar is, decided once: js-yaml asks every implicit type in
 * turn, so four types meant four calls for each of a registry's million
 * scalars (keys included), most of them strings that the first character
 * already rules out.
 */
function plainKind(text: string): "null" | "bool" | "int" | "float" | undefined {
  const first = text.charCodeAt(0);
  // n N ~ t T f F, or the empty scalar
  if (text.length === 0 || first === 110 || first === 78 || first === 126) return NULLS.has(text) ? "null" : undefined;
  if (first === 116 || first === 84 || first === 102 || first === 70) return TRUES.has(text) || FALSES.has(text) ? "bool" : undefined;
  if (!isDigit(first) && first !== PLUS && first !== MINUS && first !== DOT) return undefined;
  if (resolveInt(text)) return "int";
  return resolveFloat(text) ? "float" : undefined;
}

const plain = new jsyaml.Type("tag:yaml.org,2002:plain-core", {
  kind: "scalar",
  resolve: (text: string) => plainKind(text) !== undefined,
  construct(text: string) {
    const kind = plainKind(text);
    if (kind === "null") return null;
    if (kind === "bool") return TRUES.has(text);
    return kind === "int" ? constructInt(text) : constructFloat(text);
  },
});

/**
 * YAML 1.2 core: failsafe (str, seq, map) plus null, bool, int and float as
 * the specification spells them — resolved together for untagged scalars, and
 * each under its own tag for an explicit `!!int` and the like.
 */
export const YAML_12_CORE = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [plain], explicit: [nullType, bool, int, float] });
