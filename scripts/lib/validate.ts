/**
 * `validate`: read → parse → schema → rules → positions, one file at a time.
 *
 * Each file is read and parsed once (js-yaml) and its shape checked by the
 * generated validators; Zod is loaded only to explain a file they reject,
 * and a file with a problem is parsed again only to put line and column on
 * it. Nothing but small indexes (canonical ids, provider names) outlives a
 * file, so memory stays flat however large the registry grows.
 */
import { join } from "node:path";
import { compareProblems, printable, type Finding, type Problem, type ValidationReport } from "./problems.ts";
import { RULES } from "./rules/index.ts";
import { bothLayouts, emptyModelsDirectory, noCanonicalModels, notOrgFile } from "./rules/layout.ts";
import { todayUtc } from "./rules/stale-price.ts";
import { asArray, asRecord, asString } from "./data.ts";
import { collect, withSeverities, type CanonicalInput, type RegistryIndex, type Rule } from "./rules/types.ts";
import { DEFAULT_MAX_FILE_SIZE, notRegular, notYaml, tooLarge, unsafeEntry } from "./rules/unsafe-file.ts";
import { checkRuleConfig, type ConfigCheck, type Severities } from "./rule-config.ts";
import type { CanonicalFile, CanonicalModel, CanonicalModelsFile, Provider } from "./schema.ts";
import { conformsFast, type ShapeKind } from "./shape/check.ts";
import type { RegistrySource, SourceEntry } from "./source.ts";
import { CANONICAL_FILE, CONFIG_FILE, isProviderPath, layoutOf, MODELS_DIR, modelsFileOrg, PROVIDERS_DIR } from "./registry-layout.ts";
import { decodeYaml, openYaml, type TopLevel } from "./yaml/index.ts";
import type { CacheLocation, FileStamp, ResultCache } from "./cache/index.ts";
import { excerptLines, excerptOf, textLines, type Excerpt, type SourceLines } from "./format/excerpt.ts";
import { DirectorySource } from "./source.ts";
import { helperCount, startHelpers, type Helpers } from "./validate-threads.ts";

/**
 * The content cache's code (digests, stamps, the result store): loaded by the
 * first run that has a cache or a caller's store keyed by its salt, so a
 * `--no-cache` run never loads it. Everything that reads it runs only then.
 */
let caching: typeof import("./cache/index.ts") | undefined;

export interface ValidateOptions {
  maxFileSize?: number;
  rules?: readonly Rule[];
  /** Severities asked for on the command line (`--rule`); they win over the registry's registry.config.yaml. */
  severities?: Severities;
  /** Severities the command starts from, below registry.config.yaml and `severities` (build: an uncurated id is built, not refused). */
  defaultSeverities?: Severities;
  /** Report only the problems of these files (relative to the root); the cross-file rules still see every file. */
  only?: ReadonlySet<string>;
  /** Today, `YYYY-MM-DD` (UTC), for the rules that age (`stale-price`); defaults to the real date. */
  today?: string;
  /** Told of the problems of registry.config.yaml that ask to lower a protected rule (validate makes them a usage error). */
  onRefusedConfig?(problems: Problem[]): void;
  /**
   * Receives the canonical models when every canonical file passed the schema,
   * as written (keys in file order): canonical.yaml's data, or the
   * models/<org>.yaml files' entries one after the other, in path order.
   */
  onCanonical?(canonical: CanonicalFile): void;
  /** Receives each provider file that passed the schema, in path order, as written. */
  onProvider?(file: string, provider: Provider): void;
  /** Told of every file as it is read, once (for tests and benchmarks). */
  onRead?(file: string): void;
  /** Receives the text of each file that has a problem, so a formatter can quote it without reading it again. */
  onProblemText?(file: string, text: string): void;
  /**
   * For a file whose problems came from the content cache unread: the lines
   * around its problems that the text format quotes (never for a file it
   * must not quote). Each file with problems gets this or onProblemText.
   */
  onProblemLines?(file: string, lines: SourceLines): void;
  /**
   * Where to keep per-file results between runs (validate's content cache).
   * Ignored when the caller wants the data itself (onCanonical, onProvider).
   */
  cache?: CacheLocation;
  /** When the run began (ms since the epoch) as the content cache's stat memo sees it (tests); defaults to the clock. */
  cacheNow?: number;
  /** With `only`: read the files not asked about too (for their names), which a file named unlike its stem needs. */
  readEveryFile?: boolean;
  /**
   * Helper threads that check provider files alongside this one (validate-threads.ts):
   * a count, or `auto` (as many as pay on this machine and registry). Used only on a
   * large registry read from a directory, never when the caller wants the data. Default 0.
   */
  helpers?: number | "auto";
  /** Told, after the provider files, how many of them helper threads checked (for tracing and tests). */
  onHelped?(files: number): void;
  /**
   * A caller's own store of provider results (build's content cache): given
   * the salt of this run's provider results (toolchain, severities, day,
   * canonical ids), it returns a checker that answers for each provider file
   * read — its name and problems, from its store or from `check` (which
   * hands a valid file to onProvider as usual). Not used with helper threads.
   */
  reuseProviderResults?(salt: string): (file: string, bytes: Buffer, check: () => Promise<ProviderOutcome>) => Promise<ProviderOutcome>;
}

interface MutableIndex extends RegistryIndex {
  canonicalIds: Set<string> | undefined;
  canonicalOwners?: Map<string, { file: string; index: number }>;
  providerFiles: Map<string, string>;
}

/**
 * Checks a file's data; `raw` is the top-level mapping (or, for a sequence
 * file, the array), `text` the file's text as parsed (a rule may search it
 * before walking the data).
 */
export type Analyse = (raw: Record<string, unknown>, text: string) => Finding[] | Promise<Finding[]>;

export interface CheckTextOptions {
  /** The file's top level: a mapping (default), or a sequence (`models/<org>.yaml`). */
  topLevel?: TopLevel;
}

/**
 * The `schema` rule: the generated validators vouch for a conforming file;
 * Zod, the source of truth, is loaded only to explain (or overrule) a rejection.
 */
async function checkShape(kind: ShapeKind, raw: unknown): Promise<{ findings: Finding[]; data: unknown }> {
  if (conformsFast(kind, raw)) return { findings: [], data: raw };
  const [{ schemaFindings }, { canonicalFileSchema, canonicalModelsFileSchema, providerFileSchema }] = await Promise.all([
    import("./rules/schema.ts"),
    import("./schema.ts"),
  ]);
  const schema = kind === "canonical" ? canonicalFileSchema : kind === "canonical-models" ? canonicalModelsFileSchema : providerFileSchema;
  const { findings } = schemaFindings(schema, raw);
  // Either way a conforming file is handed on as written (its own key order).
  return { findings, data: findings.length === 0 ? raw : undefined };
}

function toProblem(file: string, finding: Finding, line: number, column: number): Problem {
  return { severity: finding.severity, rule: finding.rule, file, line, column, path: finding.path, message: printable(finding.message) };
}

type EntryRead = { bytes: Buffer } | { refused: Problem };

/** Reads done ahead of their file's check (the canonical files, digested for the cache); each is used once, then dropped. */
const readAhead = new WeakMap<SourceEntry, EntryRead>();

/** A file's bytes, or the problem that refuses it unread (symlink, special file, too large). */
function readEntry(source: RegistrySource, entry: SourceEntry, maxBytes: number, options: ValidateOptions): EntryRead {
  const ahead = readAhead.get(entry);
  if (ahead) {
    readAhead.delete(entry);
    return ahead;
  }
  const refused = unsafeEntry(entry.path, entry.type);
  if (refused) return { refused: placed(entry.path, refused) };
  const read = source.read(entry.path, maxBytes);
  if (!read.ok) {
    const finding = read.reason === "too-large" ? tooLarge(entry.path, read.size, maxBytes) : notRegular(entry.path);
    return { refused: placed(entry.path, finding) };
  }
  options.onRead?.(entry.path);
  return { bytes: read.bytes };
}

async function checkBytes(file: string, bytes: Buffer, analyse: Analyse, options: ValidateOptions, topLevel: TopLevel = "mapping"): Promise<Problem[]> {
  const text = decodeYaml(bytes);
  const problems = await checkText(file, text, analyse, { topLevel });
  if (problems.length > 0) options.onProblemText?.(file, text);
  return problems;
}

/** Read, parse and analyse one file; returns its problems with positions. */
async function checkFile(
  source: RegistrySource,
  entry: SourceEntry,
  maxBytes: number,
  analyse: Analyse,
  options: ValidateOptions,
  topLevel: TopLevel = "mapping",
): Promise<Problem[]> {
  const read = readEntry(source, entry, maxBytes, options);
  if ("refused" in read) return [read.refused];
  return checkBytes(entry.path, read.bytes, analyse, options, topLevel);
}

/**
 * What the cache keeps of a provider file: its problems and the lines the
 * text format quotes. Only a file that declares the name its path gives it
 * is kept, so its name (for the cross-file rules) is its stem.
 */
interface CachedProvider {
  problems: Problem[];
  /** Set when it has problems, unless its text must never be quoted. */
  excerpt?: Excerpt;
}

function isExcerpt(value: unknown): value is Excerpt {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCachedProvider(value: unknown): value is CachedProvider {
  const entry = value as Partial<CachedProvider> | null;
  return typeof entry === "object" && entry !== null && Array.isArray(entry.problems) && (entry.excerpt === undefined || isExcerpt(entry.excerpt));
}

/** A provider file's result as the cache keeps it. */
function cachedProvider(problems: Problem[], text: string | undefined): CachedProvider {
  const excerpt = text === undefined ? undefined : excerptOf(problems, textLines(text));
  return excerpt ? { problems, excerpt } : { problems };
}

/** A provider file's result from the cache: its name for the cross-file rules; its problems, and the lines to quote, when asked. */
function useCachedProvider(file: string, cached: CachedProvider, asked: boolean, index: MutableIndex, problems: Problem[], options: ValidateOptions): void {
  const name = file.slice(PROVIDERS_DIR.length + 1, -".yaml".length);
  if (!index.providerFiles.has(name)) index.providerFiles.set(name, file);
  if (!asked) return;
  problems.push(...cached.problems);
  if (cached.excerpt) options.onProblemLines?.(file, excerptLines(cached.excerpt));
}

/**
 * The stat memo's word on a file (see cache/index.ts): its stamp, taken
 * before any read, and the digest remembered under that stamp. No stamp for
 * a source that is not a directory, nor for what the listing calls no file.
 */
function stampOf<T>(cache: ResultCache<T>, root: string | undefined, entry: SourceEntry, maxBytes: number): { stamp?: FileStamp; known?: string } {
  if (root === undefined || entry.type !== "file") return {};
  const stamp = caching!.fileStamp(join(root, entry.path));
  if (!stamp) return {};
  // A file now over the size limit is refused, whatever it was.
  const known = stamp.size <= maxBytes ? cache.knownDigest(entry.path, stamp) : undefined;
  return known === undefined ? { stamp } : { stamp, known };
}

/**
 * Everything a provider file's result depends on besides its bytes and path:
 * the toolchain, the rule severities, the day (stale-price), and the
 * canonical ids (unknown-canonical and its suggestions). A file whose
 * \`name\` is not its stem also depends on other files (duplicate-provider,
 * filename-mismatch), so it is never cached.
 */
function providerSalt(rules: readonly Rule[], index: RegistryIndex): string {
  const severities = rules.map((rule) => `${rule.id}=${rule.severity}`).join(",");
  const ids = index.canonicalIds === undefined ? "unread" : caching!.contentDigest([...index.canonicalIds].sort().join("\n"));
  return caching!.contentDigest(`${caching!.toolchainDigest()}\n${severities}\n${index.today ?? ""}\n${ids}`);
}

function openProviderCache(options: ValidateOptions, rules: readonly Rule[], index: RegistryIndex): ResultCache<CachedProvider> | undefined {
  if (!options.cache || options.onProvider || options.onCanonical) return undefined;
  // The salt only when there is a cache: hashing loads node:crypto and stats the toolchain, 15–20 ms a `--no-cache` run never needs.
  return caching!.ResultCache.open(options.cache, providerSalt(rules, index), isCachedProvider, { now: options.cacheNow });
}

/** What the cache keeps of the canonical files, together: their problems, model count and ids with their owners. */
interface CachedCanonical {
  problems: Problem[];
  models: number;
  /** Unset when a canonical file could not be read as data (then no id is "unknown"). */
  owners: Array<[id: string, file: string, index: number]> | null;
  /** The lines the text format quotes, per file with problems (not for a file it must never quote). */
  excerpts: Record<string, Excerpt>;
}

function isCachedCanonical(value: unknown): value is CachedCanonical {
  const entry = value as Partial<CachedCanonical> | null;
  return (
    typeof entry === "object" &&
    entry !== null &&
    Array.isArray(entry.problems) &&
    typeof entry.models === "number" &&
    (entry.owners === null || Array.isArray(entry.owners)) &&
    isExcerpt(entry.excerpts) &&
    Object.values(entry.excerpts).every(isExcerpt)
  );
}

/** The canonical files' results are kept as one entry: duplicate-canonical reads across them. */
const CANONICAL_ENTRY = "(canonical files)";

function openCanonicalCache(options: ValidateOptions, rules: readonly Rule[]): ResultCache<CachedCanonical> | undefined {
  if (!options.cache || options.onProvider || options.onCanonical) return undefined;
  const severities = rules.map((rule) => `${rule.id}=${rule.severity}`).join(",");
  const where = { dir: options.cache.dir, file: options.cache.file.replace(/\.json$/, ".canonical.json") };
  return caching!.ResultCache.open(where, caching!.contentDigest(`${caching!.toolchainDigest()}\n${severities}`), isCachedCanonical, { now: options.cacheNow });
}

/**
 * The digest of every canonical file's path and bytes: from the stat memo for
 * an unchanged file, else read ahead for its check; undefined when one is
 * refused unread.
 */
function canonicalDigest(
  source: RegistrySource,
  files: readonly SourceEntry[],
  maxBytes: number,
  options: ValidateOptions,
  cache: ResultCache<CachedCanonical>,
): string | undefined {
  const root = source instanceof DirectorySource ? source.root : undefined;
  const parts: string[] = [];
  for (const entry of files) {
    const { stamp, known } = stampOf(cache, root, entry, maxBytes);
    if (known !== undefined) {
      parts.push(`${entry.path}\0${known}`);
      continue;
    }
    const read = readEntry(source, entry, maxBytes, options);
    readAhead.set(entry, read);
    if ("refused" in read) return undefined;
    const digest = caching!.contentDigest(read.bytes);
    if (stamp) cache.noteDigest(entry.path, stamp, digest);
    parts.push(`${entry.path}\0${digest}`);
  }
  return caching!.contentDigest(parts.join("\n"));
}

/** The excerpts of the canonical files with problems, from their texts (as the text format would quote them). */
function canonicalExcerpts(problems: readonly Problem[], texts: ReadonlyMap<string, string>): Record<string, Excerpt> {
  const excerpts: Record<string, Excerpt> = {};
  for (const [file, text] of texts) {
    const excerpt = excerptOf(
      problems.filter((problem) => problem.file === file),
      textLines(text),
    );
    if (excerpt) excerpts[file] = excerpt;
  }
  return excerpts;
}

/** A finding whose stage already knew its position (or the top of the file). */
function placed(file: string, finding: Finding): Problem {
  return toProblem(file, finding, finding.line ?? 1, finding.column ?? 1);
}

/** Parse and analyse text already in memory (also used by `manage` before it writes). */
export async function checkText(file: string, text: string, analyse: Analyse, options: CheckTextOptions = {}): Promise<Problem[]> {
  const yaml = await openYaml(text, options);
  if (yaml.data === undefined) return yaml.findings.map((finding) => placed(file, finding));
  const findings = await analyse(yaml.data as Record<string, unknown>, yaml.text);
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

/** Options of analyseCanonical beyond the raw data (both optional: `manage` checks canonical.yaml with neither). */
export interface CanonicalFileContext {
  /** `canonical.yaml` (default) or `models/<org>.yaml`. */
  file?: string;
  /** The org of a `models/<org>.yaml` file. */
  org?: string;
  /** The file's text as parsed. */
  text?: string;
}

/** Adds a canonical file's ids to the index: even from a file that failed its schema, so one bad entry does not turn every provider's reference into an "unknown canonical id". */
function indexCanonicalIds(file: string, models: unknown[], index: MutableIndex): void {
  const ids = (index.canonicalIds ??= new Set());
  const owners = (index.canonicalOwners ??= new Map());
  for (let i = 0; i < models.length; i++) {
    const id = asString(asRecord(models[i])?.id);
    if (id === undefined) continue;
    ids.add(id);
    if (!owners.has(id)) owners.set(id, { file, index: i });
  }
}

function runCanonicalRules(input: CanonicalInput, index: MutableIndex, rules: readonly Rule[], findings: Finding[]): void {
  for (const rule of rules) if (rule.canonical) findings.push(...collect(rule, (report) => rule.canonical!(input, report, index)));
}

export async function analyseCanonical(
  raw: Record<string, unknown>,
  index: MutableIndex,
  rules: readonly Rule[],
  onValid?: (canonical: CanonicalFile) => void,
  context: CanonicalFileContext = {},
): Promise<Finding[]> {
  const file = context.file ?? CANONICAL_FILE;
  const { findings, data } = await checkShape("canonical", raw);
  const canonical = data as CanonicalFile | undefined;
  runCanonicalRules({ file, org: context.org, raw, canonical, text: context.text }, index, rules, findings);
  indexCanonicalIds(file, asArray(raw.models), index);
  if (canonical && onValid) onValid(canonical);
  return findings;
}

/**
 * A `models/<org>.yaml` file: the shape checked on the sequence itself; the
 * rules see it as `{ models: [...] }` like canonical.yaml, and the leading
 * `models` of their paths is dropped again so positions land in this file.
 */
export async function analyseCanonicalModels(
  file: string,
  org: string,
  list: unknown[],
  index: MutableIndex,
  rules: readonly Rule[],
  onValid?: (models: CanonicalModelsFile) => void,
  text?: string,
): Promise<Finding[]> {
  const { findings, data } = await checkShape("canonical-models", list);
  const models = data as CanonicalModelsFile | undefined;
  const ruleFindings: Finding[] = [];
  runCanonicalRules({ file, org, raw: { models: list }, canonical: models && { models }, text }, index, rules, ruleFindings);
  for (const finding of ruleFindings) findings.push(finding.path[0] === "models" ? { ...finding, path: finding.path.slice(1) } : finding);
  indexCanonicalIds(file, list, index);
  if (models && onValid) onValid(models);
  return findings;
}

export async function analyseProvider(
  file: string,
  raw: Record<string, unknown>,
  index: MutableIndex,
  rules: readonly Rule[],
  onValid?: (file: string, provider: Provider) => void,
  text?: string,
): Promise<Finding[]> {
  const { findings, data } = await checkShape("provider", raw);
  const provider = data as Provider | undefined;
  const base = file.slice(file.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  const input = { file, stem: base.slice(0, dot), extension: base.slice(dot), raw, provider, text };
  for (const rule of rules) if (rule.provider) findings.push(...collect(rule, (report) => rule.provider!(input, index, report)));
  registerProvider(file, raw, index);
  if (provider && onValid) onValid(file, provider);
  return findings;
}

/** One provider file's own result: its problems, the name it declares, and its text when it has problems. */
export interface ProviderOutcome {
  name: unknown;
  problems: Problem[];
  text?: string;
}

export async function checkProviderBytes(
  file: string,
  bytes: Buffer,
  index: MutableIndex,
  rules: readonly Rule[],
  onValid?: (file: string, provider: Provider) => void,
): Promise<ProviderOutcome> {
  let name: unknown;
  let text: string | undefined;
  const problems = await checkBytes(
    file,
    bytes,
    (raw, text) => {
      name = raw.name;
      return analyseProvider(file, raw, index, rules, onValid, text);
    },
    {
      onProblemText(_file, problemText) {
        text = problemText;
      },
    },
  );
  return { name, problems, ...(text === undefined ? {} : { text }) };
}

/** The index a provider file's rules read, for a checker that sees no other provider file (a helper thread). */
export function providerIndex(canonicalIds: readonly string[] | null, providerPaths: readonly string[], today: string): MutableIndex {
  return { canonicalIds: canonicalIds ? new Set(canonicalIds) : undefined, providerFiles: new Map(), providerPaths: new Set(providerPaths), today };
}

/** Whether a file declares the name its path gives it: then its result depends on no other provider file. */
function isOwnFile(path: string, name: unknown): name is string {
  return typeof name === "string" && path === `${PROVIDERS_DIR}/${name}.yaml`;
}

function registerProvider(file: string, raw: Record<string, unknown>, index: MutableIndex): void {
  const name = asString(raw.name);
  if (name !== undefined && !index.providerFiles.has(name)) index.providerFiles.set(name, file);
}

/** `.yml` and upper-case spellings are YAML with the wrong extension (`filename-mismatch`), not foreign files. */
function isYamlName(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

const byPath = (a: SourceEntry, b: SourceEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** registry.config.yaml, when there is one: its severities, and its problems (positioned in it). */
async function readRuleConfig(
  source: RegistrySource,
  entries: readonly SourceEntry[],
  maxBytes: number,
  options: ValidateOptions,
): Promise<{ severities: Severities; problems: Problem[] }> {
  const entry = entries.find((candidate) => candidate.path === CONFIG_FILE);
  if (!entry) return { severities: {}, problems: [] };
  let check: ConfigCheck | undefined;
  const problems = await checkFile(source, entry, maxBytes, async (raw) => (check = await checkRuleConfig(raw)).findings, options);
  if (check && check.refused.length > 0 && options.onRefusedConfig) {
    const refused = new Set(check.refused.map((item) => JSON.stringify(item.path)));
    options.onRefusedConfig(problems.filter((problem) => refused.has(JSON.stringify(problem.path))));
  }
  return { severities: check?.severities ?? {}, problems };
}

/**
 * The rule severities a registry asks for in its registry.config.yaml (empty
 * without one, or when it is unreadable); for commands that check files one
 * at a time (`manage`) and must judge them as `validate` does.
 */
export async function registrySeverities(source: RegistrySource, maxFileSize = DEFAULT_MAX_FILE_SIZE): Promise<Severities> {
  // No listing (a registry of 10,000 providers need not be read through): the read refuses what is not a regular file.
  return (await readRuleConfig(source, [{ path: CONFIG_FILE, type: "file" }], maxFileSize, {})).severities;
}

/** The rules as a run with these severities applies them (`off` ones left out). */
export function rulesWith(severities: Severities, rules: readonly Rule[] = RULES): Rule[] {
  return withSeverities(rules, severities);
}

/**
 * Helper threads for the provider files of a large registry read from a
 * directory, when the caller asks for them (a caller that wants the data gets
 * each valid file's data from the helper that read it, in file order); each
 * file a helper may take is found by path. Undefined: this thread checks them all.
 */
function startProviderHelpers(
  source: RegistrySource,
  providerEntries: readonly SourceEntry[],
  rules: readonly Rule[],
  index: MutableIndex,
  maxBytes: number,
  options: ValidateOptions,
  cache: ResultCache<CachedProvider> | undefined,
): { helpers: Helpers; at: Map<string, number> } | undefined {
  if (!options.helpers || options.rules || options.only || options.onRead) return undefined;
  // A warm cache answers faster than any thread.
  if (!(source instanceof DirectorySource) || (cache && cache.remembered > 0)) return undefined;
  const files = providerEntries.filter((entry) => entry.type === "file" && isYamlName(entry.path)).map((entry) => entry.path);
  const count = helperCount(options.helpers, files.length);
  if (count < 1) return undefined;
  const severities = Object.fromEntries(RULES.map((rule) => [rule.id, rules.find((active) => active.id === rule.id)?.severity ?? "off"]));
  const helpers = startHelpers(
    {
      root: source.root,
      files,
      maxBytes,
      severities,
      canonicalIds: index.canonicalIds ? [...index.canonicalIds] : null,
      providerPaths: [...(index.providerPaths ?? [])],
      today: index.today ?? todayUtc(),
      digests: cache !== undefined,
      data: options.onProvider !== undefined,
    },
    count,
  );
  return helpers && { helpers, at: new Map(files.map((file, at) => [file, at])) };
}

export async function validateRegistry(source: RegistrySource, options: ValidateOptions = {}): Promise<ValidationReport> {
  // A caller's own store (build's) is keyed by the same salt.
  if (options.cache || options.reuseProviderResults) caching ??= await import("./cache/index.ts");
  const maxBytes = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const entries = source.list();
  const problems: Problem[] = [];
  const config = await readRuleConfig(source, entries, maxBytes, options);
  problems.push(...config.problems);
  // The command line wins over the registry's file.
  const rules = withSeverities(options.rules ?? RULES, { ...options.defaultSeverities, ...config.severities, ...options.severities });
  const index: MutableIndex = {
    canonicalIds: undefined,
    canonicalOwners: new Map(),
    providerFiles: new Map(),
    providerPaths: new Set(entries.filter((entry) => isProviderPath(entry.path)).map((entry) => entry.path)),
    // Computed once per run, not per provider file.
    today: options.today ?? todayUtc(),
  };

  // ── Canonical models: canonical.yaml, or models/<org>.yaml ─────────────
  const canonicalEntry = entries.find((entry) => entry.path === CANONICAL_FILE);
  const modelsEntry = entries.find((entry) => entry.path === MODELS_DIR);
  const layout = layoutOf(canonicalEntry !== undefined, modelsEntry !== undefined);
  if (layout.problem === "both") problems.push(placed(CANONICAL_FILE, bothLayouts()));
  if (layout.problem === "neither") problems.push(placed(CANONICAL_FILE, noCanonicalModels()));

  let canonicalModels = 0;
  let canonicalUnread = false;
  const validModels: CanonicalModel[] = [];
  let canonicalValid = true;
  const collectValid = options.onCanonical ? (models: readonly CanonicalModel[]) => validModels.push(...models) : undefined;
  // The canonical files are cached as one entry, keyed by all their bytes and the models/ listing.
  const canonicalCache = openCanonicalCache(options, rules);
  const canonicalListing = entries
    .filter((entry) => entry.path === CANONICAL_FILE || entry.path === MODELS_DIR || entry.path.startsWith(`${MODELS_DIR}/`))
    .sort(byPath);
  const toRead = canonicalListing.filter(
    (entry) => entry.path !== MODELS_DIR && !(entry.type === "file" && entry.path !== CANONICAL_FILE && modelsFileOrg(entry.path) === undefined),
  );
  const modelsRefused = modelsEntry !== undefined && unsafeEntry(MODELS_DIR, modelsEntry.type) !== undefined;
  const readDigest = canonicalCache && !modelsRefused ? canonicalDigest(source, toRead, maxBytes, options, canonicalCache) : undefined;
  const canonicalKey = readDigest && caching!.contentDigest(`${readDigest}\n${canonicalListing.map((entry) => `${entry.path}\0${entry.type}`).join("\n")}`);
  const canonicalHit = canonicalKey ? canonicalCache!.get(CANONICAL_ENTRY, canonicalKey) : undefined;
  const canonicalStart = problems.length;
  // The texts of the canonical files with problems, for the excerpts the cache keeps.
  const canonicalTexts = new Map<string, string>();
  const canonicalOptions: ValidateOptions = canonicalCache
    ? {
        ...options,
        onProblemText(file, text) {
          canonicalTexts.set(file, text);
          options.onProblemText?.(file, text);
        },
      }
    : options;
  if (canonicalHit) {
    problems.push(...canonicalHit.problems);
    canonicalModels = canonicalHit.models;
    if (canonicalHit.owners === null) {
      canonicalUnread = true;
    } else {
      index.canonicalIds = new Set(canonicalHit.owners.map(([id]) => id));
      for (const [id, file, at] of canonicalHit.owners) index.canonicalOwners!.set(id, { file, index: at });
    }
    for (const entry of toRead) readAhead.delete(entry);
    for (const [file, excerpt] of Object.entries(canonicalHit.excerpts)) options.onProblemLines?.(file, excerptLines(excerpt));
  } else {
    if (canonicalEntry) {
      let analysed = false;
      let valid = false;
      problems.push(
        ...(await checkFile(
          source,
          canonicalEntry,
          maxBytes,
          (raw, text) => {
            analysed = true;
            canonicalModels += asArray(raw.models).length;
            return analyseCanonical(
              raw,
              index,
              rules,
              (canonical) => {
                valid = true;
                collectValid?.(canonical.models);
              },
              { text },
            );
          },
          canonicalOptions,
        )),
      );
      canonicalUnread ||= !analysed;
      canonicalValid &&= valid;
    }
    if (modelsEntry) {
      const refused = unsafeEntry(MODELS_DIR, modelsEntry.type);
      if (refused) {
        problems.push(placed(MODELS_DIR, refused));
        canonicalUnread = true;
      } else {
        const files = entries.filter((entry) => entry.path.startsWith(`${MODELS_DIR}/`)).sort(byPath);
        let orgFiles = 0;
        for (const entry of files) {
          const org = modelsFileOrg(entry.path);
          if (entry.type === "file" && org === undefined) {
            problems.push(placed(entry.path, notOrgFile(entry.path)));
            continue;
          }
          if (entry.type === "file") orgFiles++;
          let analysed = false;
          let valid = false;
          problems.push(
            ...(await checkFile(
              source,
              entry,
              maxBytes,
              (raw, text) => {
                analysed = true;
                const list = raw as unknown as unknown[];
                canonicalModels += list.length;
                return analyseCanonicalModels(
                  entry.path,
                  org!,
                  list,
                  index,
                  rules,
                  (models) => {
                    valid = true;
                    collectValid?.(models);
                  },
                  text,
                );
              },
              canonicalOptions,
              "sequence",
            )),
          );
          canonicalUnread ||= !analysed;
          canonicalValid &&= valid;
        }
        if (orgFiles === 0 && files.length === 0) problems.push(placed(MODELS_DIR, emptyModelsDirectory()));
      }
    }
  }
  if (canonicalCache && canonicalKey && !canonicalHit) {
    const owners =
      canonicalUnread || index.canonicalIds === undefined
        ? null
        : [...index.canonicalOwners!].map(([id, owner]) => [id, owner.file, owner.index] as [string, string, number]);
    // Excerpts from every problem the text format shows in these files, the layout's too (the key covers the listing).
    const excerpts = canonicalExcerpts(problems, canonicalTexts);
    canonicalCache.set(CANONICAL_ENTRY, canonicalKey, { problems: problems.slice(canonicalStart), models: canonicalModels, owners, excerpts });
  }
  canonicalCache?.save(new Set([CANONICAL_ENTRY, ...toRead.map((entry) => entry.path)]));
  // A canonical file that could not be parsed hides ids: then no reference is called unknown.
  if (canonicalUnread) index.canonicalIds = undefined;
  if (options.onCanonical && canonicalValid && layout.layout !== undefined) options.onCanonical({ models: validModels } as CanonicalFile);

  // ── Providers ───────────────────────────────────────────────────────────
  const providersEntry = entries.find((entry) => entry.path === PROVIDERS_DIR);
  const refusedProviders = providersEntry && unsafeEntry(providersEntry.path, providersEntry.type);
  if (refusedProviders) problems.push(placed(PROVIDERS_DIR, refusedProviders));

  let providers = 0;
  const providerEntries = entries.filter((entry) => isProviderPath(entry.path)).sort(byPath);
  const only = options.only;
  const cache = openProviderCache(options, rules, index);
  const stampRoot = cache && source instanceof DirectorySource ? source.root : undefined;
  const helped = startProviderHelpers(source, providerEntries, rules, index, maxBytes, options, cache);
  const reuse = helped ? undefined : options.reuseProviderResults?.(providerSalt(rules, index));
  let helpedFiles = 0;
  try {
    for (const entry of providerEntries) {
      if (entry.type === "file" && !isYamlName(entry.path)) {
        const finding = notYaml(entry.path);
        problems.push(placed(entry.path, finding));
        continue;
      }
      if (entry.type === "file") providers++;
      const asked = !only || only.has(entry.path);
      // A file not asked about matters only for the names it declares (duplicate-provider), and only to
      // an asked file whose `name` is not its own stem: read it when that happens (see below), not before.
      if (!asked && !options.readEveryFile) continue;
      const helperAt = helped?.at.get(entry.path);
      const shared = helperAt === undefined ? undefined : helped!.helpers.take(helperAt);
      if (shared && !shared.refused && isOwnFile(entry.path, shared.name)) {
        helpedFiles++;
        if (!index.providerFiles.has(shared.name)) index.providerFiles.set(shared.name, entry.path);
        problems.push(...shared.problems);
        if (shared.text !== undefined) options.onProblemText?.(entry.path, shared.text);
        if (shared.provider !== undefined) options.onProvider?.(entry.path, shared.provider as Provider);
        if (cache && shared.digest !== undefined) {
          cache.set(entry.path, shared.digest, cachedProvider(shared.problems, shared.text));
          if (shared.stamp) cache.noteDigest(entry.path, shared.stamp, shared.digest);
        }
        continue;
      }
      // An unchanged file (its stat as remembered) is answered from the cache unread.
      const { stamp, known } = cache ? stampOf(cache, stampRoot, entry, maxBytes) : {};
      const remembered = known === undefined ? undefined : cache!.get(entry.path, known);
      if (remembered) {
        useCachedProvider(entry.path, remembered, asked, index, problems, options);
        continue;
      }
      const read = readEntry(source, entry, maxBytes, options);
      if ("refused" in read) {
        problems.push(read.refused);
        continue;
      }
      const digest = cache ? caching!.contentDigest(read.bytes) : "";
      if (stamp) cache!.noteDigest(entry.path, stamp, digest);
      const cached = cache?.get(entry.path, digest);
      if (cached) {
        useCachedProvider(entry.path, cached, asked, index, problems, options);
        continue;
      }
      if (!asked && !cache) {
        // Not asked about and nothing to remember: only its name matters, to the files that are (duplicate-provider).
        await checkBytes(
          entry.path,
          read.bytes,
          (raw) => {
            registerProvider(entry.path, raw, index);
            return [];
          },
          options,
        );
        continue;
      }
      const check = () => checkProviderBytes(entry.path, read.bytes, index, rules, options.onProvider);
      const outcome = await (reuse ? reuse(entry.path, read.bytes, check) : check());
      // An answer from the caller's store registers the name the check would have.
      if (reuse && typeof outcome.name === "string" && !index.providerFiles.has(outcome.name)) index.providerFiles.set(outcome.name, entry.path);
      if (outcome.text !== undefined) options.onProblemText?.(entry.path, outcome.text);
      const ownFile = isOwnFile(entry.path, outcome.name);
      if (cache && ownFile) cache.set(entry.path, digest, cachedProvider(outcome.problems, outcome.text));
      if (asked && only && !ownFile && !options.readEveryFile) {
        // Its duplicate-provider verdict needs every other file's name: do the run that reads them all.
        return validateRegistry(source, { ...options, readEveryFile: true });
      }
      if (asked) problems.push(...outcome.problems);
    }
  } finally {
    await helped?.helpers.stop();
  }
  options.onHelped?.(helpedFiles);
  cache?.save(new Set(providerEntries.map((entry) => entry.path)));

  const reported = only ? problems.filter((problem) => only.has(problem.file)) : problems;
  reported.sort(compareProblems);
  const errors = reported.filter((problem) => problem.severity === "error").length;
  return {
    ok: errors === 0,
    summary: { canonical_models: canonicalModels, providers, errors, warnings: reported.length - errors },
    problems: reported,
  };
}
