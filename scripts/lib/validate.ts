/**
 * `validate`: read → parse → schema → rules → positions, one file at a time.
 *
 * Each file is read and parsed once (js-yaml) and its shape checked by the
 * generated validators; Zod is loaded only to explain a file they reject,
 * and a file with a problem is parsed again only to put line and column on
 * it. Nothing but small indexes (canonical ids, provider names) outlives a
 * file, so memory stays flat however large the registry grows.
 */
import { compareProblems, printable, type Finding, type Problem, type ValidationReport } from "./problems.ts";
import { RULES } from "./rules/index.ts";
import { collect, asArray, asRecord, asString, type RegistryIndex, type Rule } from "./rules/types.ts";
import { DEFAULT_MAX_FILE_SIZE, notRegular, notYaml, tooLarge, unsafeEntry } from "./rules/unsafe-file.ts";
import type { CanonicalFile, Provider } from "./schema.ts";
import { conformsFast } from "./shape/check.ts";
import type { RegistrySource, SourceEntry } from "./source.ts";
import { decodeYaml, openYaml, type TopLevel } from "./yaml/index.ts";

export const CANONICAL_FILE = "canonical.yaml";

export interface ValidateOptions {
  maxFileSize?: number;
  rules?: readonly Rule[];
  /** Receives canonical.yaml when it passed the schema: its data as written (keys in file order). */
  onCanonical?(canonical: CanonicalFile): void;
  /** Receives each provider file that passed the schema, in path order, as written. */
  onProvider?(file: string, provider: Provider): void;
  /** Told of every file as it is read, once (for tests and benchmarks). */
  onRead?(file: string): void;
  /** Receives the text of each file that has a problem, so a formatter can quote it without reading it again. */
  onProblemText?(file: string, text: string): void;
}

interface MutableIndex extends RegistryIndex {
  canonicalIds: Set<string> | undefined;
  providerFiles: Map<string, string>;
}

/** Checks a file's data; `raw` is the top-level mapping (or, for a sequence file, the array). */
type Analyse = (raw: Record<string, unknown>) => Finding[] | Promise<Finding[]>;

export interface CheckTextOptions {
  /** The file's top level: a mapping (default), or a sequence (`models/<org>.yaml`). */
  topLevel?: TopLevel;
}

/**
 * The `schema` rule: the generated validators vouch for a conforming file;
 * Zod, the source of truth, is loaded only to explain (or overrule) a rejection.
 */
async function checkShape(kind: "canonical" | "provider", raw: Record<string, unknown>): Promise<{ findings: Finding[]; data: unknown }> {
  if (conformsFast(kind, raw)) return { findings: [], data: raw };
  const [{ schemaFindings }, { canonicalFileSchema, providerSchema }] = await Promise.all([import("./rules/schema.ts"), import("./schema.ts")]);
  const { findings } = schemaFindings(kind === "canonical" ? canonicalFileSchema : providerSchema, raw);
  // Either way a conforming file is handed on as written (its own key order).
  return { findings, data: findings.length === 0 ? raw : undefined };
}

function toProblem(file: string, finding: Finding, line: number, column: number): Problem {
  return { severity: finding.severity, rule: finding.rule, file, line, column, path: finding.path, message: printable(finding.message) };
}

/** Read, parse and analyse one file; returns its problems with positions. */
async function checkFile(source: RegistrySource, entry: SourceEntry, maxBytes: number, analyse: Analyse, options: ValidateOptions): Promise<Problem[]> {
  const refused = unsafeEntry(entry.path, entry.type);
  if (refused) return [placed(entry.path, refused)];
  const read = source.read(entry.path, maxBytes);
  if (!read.ok) {
    const finding = read.reason === "too-large" ? tooLarge(entry.path, read.size, maxBytes) : notRegular(entry.path);
    return [placed(entry.path, finding)];
  }
  options.onRead?.(entry.path);
  const text = decodeYaml(read.bytes);
  const problems = await checkText(entry.path, text, analyse);
  if (problems.length > 0) options.onProblemText?.(entry.path, text);
  return problems;
}

/** A finding whose stage already knew its position (or the top of the file). */
function placed(file: string, finding: Finding): Problem {
  return toProblem(file, finding, finding.line ?? 1, finding.column ?? 1);
}

/** Parse and analyse text already in memory (also used by `manage` before it writes). */
export async function checkText(file: string, text: string, analyse: Analyse, options: CheckTextOptions = {}): Promise<Problem[]> {
  const yaml = await openYaml(text, options);
  if (yaml.data === undefined) return yaml.findings.map((finding) => placed(file, finding));
  const findings = await analyse(yaml.data as Record<string, unknown>);
  return capPerRule(
    findings.map((finding) => {
      if (finding.line !== undefined) return placed(file, finding);
      const at = yaml.locate(finding.path, finding.at);
      return toProblem(file, finding, at.line, at.column);
    }),
  );
}

/** Past this many problems of one rule in one file (a generated or hostile file), the rest are counted, not listed. */
const MAX_PROBLEMS_PER_RULE = 100;

function capPerRule(problems: Problem[]): Problem[] {
  const counts = new Map<string, number>();
  for (const problem of problems) counts.set(problem.rule, (counts.get(problem.rule) ?? 0) + 1);
  if ([...counts.values()].every((count) => count <= MAX_PROBLEMS_PER_RULE)) return problems;
  const kept: Problem[] = [];
  const shown = new Map<string, number>();
  const firstHidden = new Map<string, Problem>();
  for (const problem of [...problems].sort(compareProblems)) {
    const n = shown.get(problem.rule) ?? 0;
    if (n < MAX_PROBLEMS_PER_RULE) {
      kept.push(problem);
      shown.set(problem.rule, n + 1);
    } else if (!firstHidden.has(problem.rule)) {
      firstHidden.set(problem.rule, problem);
    }
  }
  for (const [rule, first] of firstHidden) {
    const hidden = counts.get(rule)! - MAX_PROBLEMS_PER_RULE;
    kept.push({ ...first, path: [], message: `${hidden} more \`${rule}\` problems in this file from here on are not listed; fix the ones above first` });
  }
  return kept;
}

export async function analyseCanonical(raw: Record<string, unknown>, index: MutableIndex, rules: readonly Rule[], onValid?: (canonical: CanonicalFile) => void): Promise<Finding[]> {
  const { findings, data } = await checkShape("canonical", raw);
  const canonical = data as CanonicalFile | undefined;
  for (const rule of rules) if (rule.canonical) findings.push(...collect(rule, (report) => rule.canonical!({ file: CANONICAL_FILE, raw, canonical }, report)));
  // Ids count even from a file that failed its schema: one bad entry must not
  // turn every provider's reference into an "unknown canonical id".
  const ids = new Set<string>();
  for (const entry of asArray(raw.models)) {
    const id = asString(asRecord(entry)?.id);
    if (id !== undefined) ids.add(id);
  }
  index.canonicalIds = ids;
  if (canonical && onValid) onValid(canonical);
  return findings;
}

export async function analyseProvider(file: string, raw: Record<string, unknown>, index: MutableIndex, rules: readonly Rule[], onValid?: (file: string, provider: Provider) => void): Promise<Finding[]> {
  const { findings, data } = await checkShape("provider", raw);
  const provider = data as Provider | undefined;
  const base = file.slice(file.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  const input = { file, stem: base.slice(0, dot), extension: base.slice(dot), raw, provider };
  for (const rule of rules) if (rule.provider) findings.push(...collect(rule, (report) => rule.provider!(input, index, report)));
  const name = asString(raw.name);
  if (name !== undefined && !index.providerFiles.has(name)) index.providerFiles.set(name, file);
  if (provider && onValid) onValid(file, provider);
  return findings;
}

/** `.yml` and upper-case spellings are YAML with the wrong extension (`filename-mismatch`), not foreign files. */
function isYamlName(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export async function validateRegistry(source: RegistrySource, options: ValidateOptions = {}): Promise<ValidationReport> {
  const maxBytes = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const rules = options.rules ?? RULES;
  const entries = source.list();
  const index: MutableIndex = {
    canonicalIds: undefined,
    providerFiles: new Map(),
    providerPaths: new Set(entries.filter((entry) => entry.path.startsWith("providers/")).map((entry) => entry.path)),
  };
  const problems: Problem[] = [];

  let canonicalModels = 0;
  const canonicalEntry = entries.find((entry) => entry.path === CANONICAL_FILE);
  if (!canonicalEntry) {
    problems.push({
      severity: "error",
      rule: "schema",
      file: CANONICAL_FILE,
      line: 1,
      column: 1,
      path: [],
      message: "canonical.yaml is missing: every registry needs its canonical model list (`models:` with at least one entry)",
    });
  } else {
    problems.push(
      ...(await checkFile(
        source,
        canonicalEntry,
        maxBytes,
        (raw) => {
          canonicalModels = asArray(raw.models).length;
          return analyseCanonical(raw, index, rules, options.onCanonical);
        },
        options,
      )),
    );
  }

  const providersEntry = entries.find((entry) => entry.path === "providers");
  const refusedProviders = providersEntry && unsafeEntry(providersEntry.path, providersEntry.type);
  if (refusedProviders) problems.push(placed("providers", refusedProviders));

  let providers = 0;
  const providerEntries = entries.filter((entry) => entry.path.startsWith("providers/")).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of providerEntries) {
    if (entry.type === "file" && !isYamlName(entry.path)) {
      const finding = notYaml(entry.path);
      problems.push(placed(entry.path, finding));
      continue;
    }
    if (entry.type === "file") providers++;
    problems.push(...(await checkFile(source, entry, maxBytes, (raw) => analyseProvider(entry.path, raw, index, rules, options.onProvider), options)));
  }

  problems.sort(compareProblems);
  const errors = problems.filter((problem) => problem.severity === "error").length;
  return {
    ok: errors === 0,
    summary: { canonical_models: canonicalModels, providers, errors, warnings: problems.length - errors },
    problems,
  };
}
