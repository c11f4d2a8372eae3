/**
 * How `manage` reads a registry and checks a change before writing it.
 *
 * Reads go through DirectorySource (never follows a symlink). A change is
 * checked by `validate`'s own per-file pipeline (parse, schema, rules,
 * positions) run on the edited file's new text, with canonical.yaml's ids
 * when the change adds a model id: an edit reads only the files it needs, so
 * it costs the same however many providers the registry holds.
 */
import { lstatSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RefusedError, UsageError } from "../cli.ts";
import { parseFast } from "../yaml/index.ts";
import type { DataPath, Finding, Problem } from "../problems.ts";
import { DEFAULT_MAX_FILE_SIZE } from "../rules/unsafe-file.ts";
import { PROVIDER_NAME_PATTERN } from "../schema.ts";
import { RULES } from "../rules/index.ts";
import { DirectorySource } from "../source.ts";
import { didYouMean } from "../suggest.ts";
import { analyseCanonical, analyseProvider, CANONICAL_FILE, checkText } from "../validate.ts";
import { scanCanonicalIds } from "./canonical-ids.ts";
import { parseDocument } from "yaml";
import { EditError, YAML_OPTIONS, YamlText, type KeyOrder } from "./yaml-edit.ts";

export { CANONICAL_FILE };

export class Registry {
  readonly source: DirectorySource;

  private constructor(
    /** Absolute path. */
    readonly root: string,
    /** The root as the user wrote it, for commands printed back to them. */
    readonly rootOption: string,
  ) {
    this.source = new DirectorySource(root);
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
    const registry = new Registry(root, rootOption);
    if (!registry.exists(CANONICAL_FILE) && !registry.source.hasProvidersDirectory()) {
      throw new UsageError(`${rootOption} is not a registry: it has neither canonical.yaml nor providers/`);
    }
    return registry;
  }

  path(file: string): string {
    return join(this.root, file);
  }

  /** `bun run manage [--root DIR] <args>`, ready to copy. */
  command(args: string): string {
    const root = this.rootOption === "." ? "" : ` --root ${/^[\w./@:-]+$/.test(this.rootOption) ? this.rootOption : JSON.stringify(this.rootOption)}`;
    return `bun run manage${root} ${args}`;
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
    try {
      lstatSync(this.path(file));
      return true;
    } catch {
      return false;
    }
  }

  /** Provider names, from file names (`providers/<name>.yaml`), sorted. */
  providerNames(): string[] {
    return this.source
      .list()
      .filter((entry) => entry.path.startsWith("providers/") && entry.path.endsWith(".yaml") && entry.type === "file")
      .map((entry) => entry.path.slice("providers/".length, -".yaml".length))
      .sort();
  }

  /** Parsed data of a file, or undefined when it is absent or not readable registry data. */
  readData(file: string): Record<string, unknown> | undefined {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    const data = parseData(text);
    return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  }

  /** The canonical models as written (entries without an id are skipped). */
  canonicalModels(): CanonicalEntry[] {
    return modelsWithIds(this.readData(CANONICAL_FILE));
  }
}

type CanonicalEntry = Record<string, unknown> & { id: string };

function modelsWithIds(data: Record<string, unknown> | undefined): CanonicalEntry[] {
  const models = Array.isArray(data?.models) ? (data.models as unknown[]) : [];
  return models.filter((model): model is CanonicalEntry => typeof (model as { id?: unknown } | null)?.id === "string");
}

/**
 * A file's data: the fast path when it vouches for the text, else the `yaml`
 * package (anchors and aliases within the SPEC §2 budget, a sequence file).
 * Undefined when the text is not readable YAML.
 */
export function parseData(text: string): unknown {
  const plain = stripBom(text);
  const fast = parseFast(plain);
  if (fast.ok) return fast.data;
  const document = parseDocument(plain, YAML_OPTIONS);
  if (document.errors.length > 0) return undefined;
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined; // an alias bomb
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function providerFile(name: string): string {
  return `providers/${name}.yaml`;
}

/** Refuses a name that cannot be a provider (and so never a path outside providers/). */
export function checkProviderName(name: string): void {
  if (!PROVIDER_NAME_PATTERN.test(name)) {
    throw new UsageError(`\`${name}\` is not a provider name: a lowercase letter, then lowercase letters, digits or \`-\``);
  }
}

/** The provider's file text, or a refusal naming the likely intended provider. */
export function requireProvider(registry: Registry, name: string): { file: string; text: string } {
  const file = providerFile(name);
  const text = PROVIDER_NAME_PATTERN.test(name) ? registry.readText(file) : undefined;
  if (text === undefined) {
    const hint = didYouMean(name, registry.providerNames());
    throw new RefusedError(`provider \`${name}\` not found (no ${file})${hint || ` — create it with \`manage add ${name} --status … --api-base …\``}`);
  }
  return { file, text };
}

/** Open a file for editing; a file that is not valid YAML is refused with its first problem. */
export async function editable(file: string, text: string, keyOrder: KeyOrder): Promise<YamlText> {
  try {
    return new YamlText(text, keyOrder);
  } catch (error) {
    if (!(error instanceof EditError)) throw error;
    const problems = await checkText(file, stripBom(text), () => []);
    const first = problems[0];
    throw new RefusedError(first ? `${formatProblem(first)} — fix the file first; nothing was changed` : `${file}: ${error.message}; nothing was changed`);
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.message} (${problem.rule})`;
}

/** The index the provider rules consult: the canonical ids, when the check needs them. */
function indexWith(canonicalIds: ReadonlySet<string> | undefined) {
  return { canonicalIds: canonicalIds ? new Set(canonicalIds) : undefined, providerFiles: new Map<string, string>() };
}

/**
 * Problems of a provider file's would-be text: the same parse, schema and
 * rules `validate` runs on it. With `canonicalIds`, model ids are checked
 * against them; without, `unknown-canonical` has nothing to say (edits that
 * add no model id need not read canonical.yaml).
 */
export async function checkProviderText(file: string, yaml: YamlText, canonicalIds?: ReadonlySet<string>): Promise<Problem[]> {
  const index = indexWith(canonicalIds);
  return checkEdited(file, yaml, (raw) => analyseProvider(file, raw, index, RULES));
}

export async function checkCanonicalText(yaml: YamlText): Promise<Problem[]> {
  return checkEdited(CANONICAL_FILE, yaml, (raw) => analyseCanonical(raw, indexWith(undefined), RULES));
}

/** One parse of the edited text serves both the edit's own check and validation. */
async function checkEdited(file: string, yaml: YamlText, analyse: (raw: Record<string, unknown>) => Finding[] | Promise<Finding[]>): Promise<Problem[]> {
  const problems = await checkText(file, stripBom(yaml.text), (raw) => {
    yaml.confirm(raw);
    return analyse(raw);
  });
  yaml.verify();
  return problems;
}

/**
 * The ids declared in canonical.yaml, read as cheaply as its layout allows.
 * A canonical.yaml that cannot be read at all is refused: every id would be unknown.
 */
export function canonicalIds(registry: Registry): Set<string> {
  const text = registry.readText(CANONICAL_FILE);
  if (text === undefined) throw new RefusedError(`${CANONICAL_FILE} is missing, so no model id can be checked; add it first — nothing was changed`);
  const scanned = scanCanonicalIds(text);
  if (scanned) return scanned;
  const parsed = parseFast(stripBom(text));
  if (!parsed.ok) throw new RefusedError(`${CANONICAL_FILE} is not readable YAML, so no model id can be checked; run validate and fix it first — nothing was changed`);
  return new Set(modelsWithIds(parsed.data as Record<string, unknown>).map((model) => model.id));
}

/** Refuse (one line per problem, the first says why) when any error is left. */
export function refuseErrors(problems: readonly Problem[], tolerate: (problem: Problem) => boolean = () => false): void {
  const errors = problems.filter((problem) => problem.severity === "error" && !tolerate(problem));
  if (errors.length === 0) return;
  const shown = errors.slice(0, 5).map(formatProblem);
  const more = errors.length > shown.length ? `\n  … and ${errors.length - shown.length} more (run validate)` : "";
  throw new RefusedError(`refused, nothing was changed: ${shown[0]}${shown.slice(1).map((line) => `\n  ${line}`).join("")}${more}`);
}

/** Warnings about the parts of the file the change wrote. */
export function warningsAt(problems: readonly Problem[], paths: readonly DataPath[]): Problem[] {
  return problems.filter((problem) => problem.severity === "warning" && paths.some((prefix) => prefix.every((segment, i) => problem.path[i] === segment)));
}
