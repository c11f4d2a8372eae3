/**
 * How `manage` reads a registry and checks a change before writing it.
 *
 * Reads go through DirectorySource (never follows a symlink), and a registry
 * whose structure `validate` would refuse to read (a symlinked `providers/`,
 * `models/` or canonical file) is refused before anything is read. Both
 * layouts (SPEC §2) are understood: `canonical.yaml`, or `models/<org>.yaml`.
 * A change is checked by `validate`'s own per-file pipeline (parse, schema,
 * rules, positions) run on the edited file's new text, with the canonical ids
 * when the change adds a model id: an edit reads only the files it needs, so
 * it costs the same however many providers the registry holds.
 */
import { lstatSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RefusedError, UsageError } from "../errors.ts";
import { formatPath, type DataPath, type Problem } from "../problems.ts";
import {
  CANONICAL_FILE,
  canonicalFileFor,
  CONFIG_FILE,
  detectLayout,
  isRegistryRoot,
  MODELS_DIR,
  modelsFileOrg,
  providerFileFor,
  providerNameOf,
  PROVIDERS_DIR,
  type Layout,
} from "../registry-layout.ts";
import { RULES } from "../rules/index.ts";
import type { Rule } from "../rules/types.ts";
import { DEFAULT_MAX_FILE_SIZE, unsafeEntry } from "../rules/unsafe-file.ts";
import { PROVIDER_NAME_PATTERN } from "../schema.ts";
import { DirectorySource, type EntryType } from "../source.ts";
import { didYouMean } from "../suggest.ts";
import { analyseCanonical, analyseCanonicalModels, analyseProvider, checkText, registrySeverities, rulesWith, type Analyse } from "../validate.ts";
import { EditError, type KeyOrder, type YamlText } from "../yaml/edit/index.ts";
import { openYaml, stripBom, type TopLevel } from "../yaml/index.ts";
import { scanCanonicalIds } from "../yaml/canonical-ids.ts";
import { yamlData } from "../yaml/read-data.ts";

/** How the user started manage, for commands printed back to them: `npm run manage -- …` through npm, `bun run manage …` otherwise. */
export function invocation(): string {
  const agent = process.env.npm_config_user_agent ?? "";
  if (agent.startsWith("npm/")) return "npm run manage --";
  if (agent.startsWith("pnpm/")) return "pnpm run manage";
  if (agent.startsWith("yarn/")) return "yarn manage";
  return "bun run manage";
}

export type CanonicalEntry = Record<string, unknown> & { id: string };

/** Where a canonical model sits: its file, its list (`["models"]` in canonical.yaml, `[]` in a sequence file) and index. */
export interface CanonicalPlace {
  file: string;
  list: DataPath;
  index: number;
}

export class Registry {
  readonly source: DirectorySource;
  readonly layout: Layout | undefined;

  private constructor(
    /** Absolute path. */
    readonly root: string,
    /** The root as the user wrote it, for commands printed back to them. */
    readonly rootOption: string,
  ) {
    this.source = new DirectorySource(root);
    const detected = detectLayout(root);
    if (detected.problem === "both")
      throw new RefusedError(`${rootOption} has both ${CANONICAL_FILE} and ${MODELS_DIR}/; keep one layout (run validate) — nothing was changed`);
    this.layout = detected.layout;
  }

  static open(rootOption: string): Registry {
    const root = resolve(rootOption);
    let isDirectory = false;
    try {
      isDirectory = statSync(root).isDirectory();
    } catch {
      // reported below
    }
    if (!isDirectory) throw new UsageError(`registry root ${rootOption} is not a directory`);
    if (!isRegistryRoot(root)) throw new UsageError(`${rootOption} is not a registry: it has neither ${CANONICAL_FILE}, ${MODELS_DIR}/ nor ${PROVIDERS_DIR}/`);
    const registry = new Registry(root, rootOption);
    registry.refuseUnsafeStructure();
    return registry;
  }

  /**
   * The registry's own structure must be what validate reads: no link to
   * follow out of it. Only the structural paths are looked at (lstat, and
   * the listing of `models/`), so the check costs the same for any number
   * of providers.
   */
  private refuseUnsafeStructure(): void {
    const structural = [PROVIDERS_DIR, MODELS_DIR, CANONICAL_FILE].map((path) => ({ path, type: entryTypeAt(this.path(path)) }));
    const models = structural[1]!.type === "directory" ? this.modelsEntries() : [];
    for (const entry of [...structural, ...models]) {
      const finding = entry.type === undefined ? undefined : unsafeEntry(entry.path, entry.type);
      if (finding) throw new RefusedError(`refused: ${finding.message} (${finding.rule}); nothing was read or changed`);
    }
  }

  /** The entries of `models/` (a plain directory), typed without following links. */
  private modelsEntries(): Array<{ path: string; type: EntryType }> {
    try {
      return readdirSync(this.path(MODELS_DIR), { withFileTypes: true }).map((dirent) => ({ path: `${MODELS_DIR}/${dirent.name}`, type: direntType(dirent) }));
    } catch {
      return [];
    }
  }

  path(file: string): string {
    return join(this.root, file);
  }

  /** `bun run manage [--root DIR] <args>` (or the npm form), ready to copy. */
  command(args: string): string {
    const root = this.rootOption === "." ? "" : ` --root ${/^[\w./@:-]+$/.test(this.rootOption) ? this.rootOption : JSON.stringify(this.rootOption)}`;
    return `${invocation()}${root} ${args}`;
  }

  /** A file's text; undefined when it does not exist. Refuses symlinks and oversized files. */
  readText(file: string): string | undefined {
    const read = this.source.read(file, DEFAULT_MAX_FILE_SIZE);
    if (read.ok) return read.bytes.toString("utf8");
    if (read.reason === "too-large") throw new RefusedError(`${file} is ${read.size} bytes, over the ${DEFAULT_MAX_FILE_SIZE}-byte limit; nothing was changed`);
    if (!this.exists(file)) return undefined;
    throw new RefusedError(`${file} is not a regular file (symlinks are never followed); nothing was changed`);
  }

  /** Whether anything (even a dangling symlink) is at `file`. */
  exists(file: string): boolean {
    return entryTypeAt(this.path(file)) !== undefined;
  }

  /** Provider names, from file names (`providers/<name>.yaml`), sorted. */
  providerNames(): string[] {
    return this.source
      .list()
      .flatMap((entry) => (entry.type === "file" ? (providerNameOf(entry.path) ?? []) : []))
      .sort();
  }

  /** Parsed data of a provider file (a mapping), or undefined when it is absent or not readable registry data. */
  readData(file: string): Record<string, unknown> | undefined {
    const text = this.readText(file);
    const data = text === undefined ? undefined : yamlData(text);
    return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  }

  /** The files holding canonical models, in either layout. */
  canonicalFiles(): string[] {
    if (this.layout === "canonical-file") return [CANONICAL_FILE];
    if (this.layout === "models-directory") {
      return this.modelsEntries()
        .filter((entry) => entry.type === "file" && modelsFileOrg(entry.path) !== undefined)
        .map((entry) => entry.path)
        .sort();
    }
    return [];
  }

  /** The file a canonical id belongs in (`canonical.yaml`, or `models/<org>.yaml`). */
  canonicalFileFor(id: string): string {
    if (!this.layout) throw new RefusedError(`${this.rootOption} has no canonical models (neither ${CANONICAL_FILE} nor ${MODELS_DIR}/); nothing was changed`);
    return canonicalFileFor(id, this.layout);
  }

  /** The list of canonical models inside a canonical file's data. */
  static canonicalList(file: string, data: unknown): unknown[] {
    if (file === CANONICAL_FILE) return Array.isArray((data as { models?: unknown } | null)?.models) ? (data as { models: unknown[] }).models : [];
    return Array.isArray(data) ? data : [];
  }

  private ruleSet: Promise<readonly Rule[]> | undefined;

  /** The rules at the severities the registry's registry.config.yaml gives them (as validate runs them). */
  rules(): Promise<readonly Rule[]> {
    // Without the file there is nothing to read (and no read is attempted).
    this.ruleSet ??= this.exists(CONFIG_FILE) ? registrySeverities(this.source).then((severities) => rulesWith(severities)) : Promise.resolve(RULES);
    return this.ruleSet;
  }

  /** The canonical models as written, from every canonical file (entries without an id are skipped). */
  canonicalModels(): CanonicalEntry[] {
    return this.canonicalFiles().flatMap((file) => {
      const text = this.readText(file);
      return text === undefined ? [] : modelsWithIds(Registry.canonicalList(file, yamlData(text, topLevelOf(file))));
    });
  }
}

function direntType(stats: { isFile(): boolean; isSymbolicLink(): boolean; isDirectory(): boolean }): EntryType {
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "directory";
  return "other";
}

/** What is at `path` without following a link; undefined when nothing is. */
function entryTypeAt(path: string): EntryType | undefined {
  try {
    return direntType(lstatSync(path));
  } catch {
    return undefined;
  }
}

function modelsWithIds(models: unknown[]): CanonicalEntry[] {
  return models.filter((model): model is CanonicalEntry => typeof (model as { id?: unknown } | null)?.id === "string");
}

/** How a registry file's top level is written: a sequence for `models/<org>.yaml`, a mapping otherwise. */
export function topLevelOf(file: string): TopLevel {
  return modelsFileOrg(file) === undefined ? "mapping" : "sequence";
}

export function providerFile(name: string): string {
  return providerFileFor(name);
}

/** Refuses a name that cannot be a provider (and so never a path outside providers/). */
export function checkProviderName(name: string): void {
  if (!PROVIDER_NAME_PATTERN.test(name)) {
    throw new UsageError(`\`${name}\` is not a provider name: a lowercase letter, then lowercase letters, digits, \`_\` or \`-\``);
  }
}

/** The provider's file text, or a refusal naming the likely intended provider. */
export function requireProvider(registry: Registry, name: string): { file: string; text: string } {
  const file = providerFile(name);
  const text = PROVIDER_NAME_PATTERN.test(name) ? registry.readText(file) : undefined;
  if (text === undefined) {
    const hint = didYouMean(name, registry.providerNames());
    throw new RefusedError(
      `provider \`${name}\` not found (no ${file})${hint || ` — create it with \`${registry.command(`add ${name} --status … --api-base …`)}\``}`,
    );
  }
  return { file, text };
}

/** Open a file for editing; a file that is not valid YAML is refused with its first problem. */
export async function editable(file: string, text: string, keyOrder: KeyOrder, topLevel: TopLevel = "mapping"): Promise<YamlText> {
  try {
    return await editorFor(text, keyOrder, topLevel);
  } catch (error) {
    if (!(error instanceof EditError)) throw error;
    const problems = await checkText(file, stripBom(text), () => [], { topLevel });
    const first = problems[0];
    throw new RefusedError(first ? `${formatProblem(first)} — fix the file first; nothing was changed` : `${file}: ${error.message}; nothing was changed`);
  }
}

/** The comment-preserving editor of `text`, from the one owner of YAML text. */
export async function editorFor(text: string, keyOrder: KeyOrder, topLevel: TopLevel = "mapping"): Promise<YamlText> {
  return (await openYaml(text, { topLevel })).edit(keyOrder);
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.message} (${problem.rule})`;
}

/** A problem of a file that does not exist yet: no line to point at, so the field. */
function formatUnwrittenProblem(problem: Problem): string {
  return `${problem.file} (not created): ${problem.path.length > 0 ? `\`${formatPath(problem.path)}\` ` : ""}${problem.message} (${problem.rule})`;
}

/** The index the rules consult: the canonical ids, when the check needs them. */
function indexWith(canonicalIds: ReadonlySet<string> | undefined) {
  return { canonicalIds: canonicalIds ? new Set(canonicalIds) : undefined, providerFiles: new Map<string, string>() };
}

/**
 * Problems of a provider file's would-be text: the same parse, schema and
 * rules `validate` runs on it. With `canonicalIds`, model ids are checked
 * against them; without, `unknown-canonical` has nothing to say (edits that
 * add no model id need not read the canonical models).
 */
export async function checkProviderText(file: string, yaml: YamlText, rules: readonly Rule[], canonicalIds?: ReadonlySet<string>): Promise<Problem[]> {
  return checkEdited(file, yaml, analyserFor(file, rules, canonicalIds));
}

/** Problems of a canonical file's would-be text, in either layout. */
export async function checkCanonicalText(file: string, yaml: YamlText, rules: readonly Rule[]): Promise<Problem[]> {
  return checkEdited(file, yaml, analyserFor(file, rules, undefined));
}

type Analyser = { analyse: Analyse; topLevel: TopLevel };

/** How validate analyses `file`: a provider, canonical.yaml, or a `models/<org>.yaml` sequence. */
function analyserFor(file: string, rules: readonly Rule[], canonicalIds: ReadonlySet<string> | undefined): Analyser {
  const index = indexWith(canonicalIds);
  const org = modelsFileOrg(file);
  if (file.startsWith(`${PROVIDERS_DIR}/`)) return { analyse: (raw, text) => analyseProvider(file, raw, index, rules, undefined, text), topLevel: "mapping" };
  if (org === undefined) return { analyse: (raw, text) => analyseCanonical(raw, index, rules, undefined, { text }), topLevel: "mapping" };
  return { analyse: (raw, text) => analyseCanonicalModels(file, org, raw as unknown as unknown[], index, rules, undefined, text), topLevel: "sequence" };
}

/** One parse of the edited text serves both the edit's own check and validation. */
async function checkEdited(file: string, yaml: YamlText, { analyse, topLevel }: Analyser): Promise<Problem[]> {
  const problems = await checkText(
    file,
    stripBom(yaml.text),
    (raw, text) => {
      yaml.confirm(raw);
      return analyse(raw, text);
    },
    { topLevel },
  );
  yaml.verify();
  return problems;
}

/** The problems a file has before an edit (to tell the errors an edit causes from those it found). */
export async function problemsBefore(file: string, text: string, rules: readonly Rule[], canonicalIds?: ReadonlySet<string>): Promise<Problem[]> {
  const { analyse, topLevel } = analyserFor(file, rules, canonicalIds);
  return checkText(file, stripBom(text), analyse, { topLevel });
}

/** Tolerates the errors `before` already had (by rule and message): an edit is refused only for what it causes. */
export function alreadyThere(before: readonly Problem[]): (problem: Problem) => boolean {
  const counts = new Map<string, number>();
  const key = (problem: Problem) => `${problem.rule}\u0000${problem.message}`;
  for (const problem of before) if (problem.severity === "error") counts.set(key(problem), (counts.get(key(problem)) ?? 0) + 1);
  return (problem) => {
    const left = counts.get(key(problem)) ?? 0;
    if (left === 0) return false;
    counts.set(key(problem), left - 1);
    return true;
  };
}

/** The ids of one canonical file, read as cheaply as its layout allows; undefined when it is not readable. */
function idsOf(registry: Registry, file: string): string[] | undefined {
  const text = registry.readText(file);
  if (text === undefined) return undefined;
  if (file === CANONICAL_FILE) {
    const scanned = scanCanonicalIds(text);
    if (scanned) return [...scanned];
  }
  const data = yamlData(text, topLevelOf(file));
  if (data === undefined) return undefined;
  return modelsWithIds(Registry.canonicalList(file, data)).map((model) => model.id);
}

/**
 * Every canonical id, in either layout. A canonical file that cannot be read
 * at all is refused: every id in it would be unknown.
 */
export function canonicalIds(registry: Registry): Set<string> {
  const files = registry.canonicalFiles();
  if (files.length === 0)
    throw new RefusedError(
      `${registry.rootOption} has no canonical models (neither ${CANONICAL_FILE} nor ${MODELS_DIR}/<org>.yaml), so no model id can be checked; add one first — nothing was changed`,
    );
  const ids = new Set<string>();
  for (const file of files) {
    const found = idsOf(registry, file);
    if (found === undefined)
      throw new RefusedError(`${file} is not readable YAML, so no model id can be checked; run validate and fix it first — nothing was changed`);
    for (const id of found) ids.add(id);
  }
  return ids;
}

/** Refuse (one line per problem, the first says why) when any error is left. `created`: the file does not exist yet. */
export function refuseErrors(problems: readonly Problem[], tolerate: (problem: Problem) => boolean = () => false, created = false): void {
  const errors = problems.filter((problem) => problem.severity === "error" && !tolerate(problem));
  if (errors.length === 0) return;
  const shown = errors.slice(0, 5).map(created ? formatUnwrittenProblem : formatProblem);
  const more = errors.length > shown.length ? `\n  … and ${errors.length - shown.length} more (run validate)` : "";
  throw new RefusedError(
    `refused, nothing was changed: ${shown[0]}${shown
      .slice(1)
      .map((line) => `\n  ${line}`)
      .join("")}${more}`,
  );
}

/** Warnings about the parts of the file the change wrote. */
export function warningsAt(problems: readonly Problem[], paths: readonly DataPath[]): Problem[] {
  return problems.filter((problem) => problem.severity === "warning" && paths.some((prefix) => prefix.every((segment, i) => problem.path[i] === segment)));
}
