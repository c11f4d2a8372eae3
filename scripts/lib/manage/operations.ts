/**
 * The mutations of `manage`. Each one, inside the registry lock: reads the
 * files it changes, edits them through the YAML document, validates the
 * result (the changed files plus what they depend on), and only then writes
 * — atomically. A refusal throws RefusedError and writes nothing.
 */
import { unlinkSync } from "node:fs";
import { schemaModeline } from "../build/json-schema-files.ts";
import { RefusedError } from "../cli.ts";
import { parseFast } from "../yaml/index.ts";
import type { DataPath, Problem } from "../problems.ts";
import { keysAt } from "../rules/schema.ts";
import { canonicalFileSchema, providerSchema, type ProtocolValue } from "../schema.ts";
import { didYouMean } from "../suggest.ts";
import { withRegistryLock, writeFileAtomic } from "./lock.ts";
import {
  CANONICAL_FILE,
  canonicalIds,
  checkCanonicalText,
  checkProviderName,
  checkProviderText,
  editable,
  providerFile,
  refuseErrors,
  requireProvider,
  warningsAt,
  type Registry,
} from "./registry.ts";
import { renderNewFile, YamlText, type KeyOrder, type Plain } from "./yaml-edit.ts";

/** The first line of every provider file `manage` creates (editor completion and checks). */
export const PROVIDER_FILE_HEADER = `${schemaModeline("providers/new.yaml")}\n`;

const providerKeys: KeyOrder = (path) => keysAt(providerSchema, path, undefined);
const canonicalKeys: KeyOrder = (path) => keysAt(canonicalFileSchema, path, undefined);

export interface Outcome {
  /** One line saying what happened. */
  summary: string;
  /** Warnings about what the change wrote (they never block it). */
  warnings: Problem[];
  /** The command to run next, when the change leaves something to do. */
  next?: string;
  note?: string;
}

// ── Field sets ───────────────────────────────────────────────────────────

/** The per-model values `add-model` and `update-model` accept. */
export interface ModelFields {
  providerModelId?: string;
  noCache?: number;
  cacheRead?: number;
  cacheWrite?: number;
  output?: number;
  reasoning?: number;
  protocol?: ProtocolValue;
  capabilities?: string[];
  rpm?: number;
  tpm?: number;
  deprecationDate?: string | null;
}

const MODEL_PATHS: Array<[keyof ModelFields, DataPath]> = [
  ["providerModelId", ["provider_model_id"]],
  ["protocol", ["api_protocol"]],
  ["rpm", ["rate_limits", "requests_per_minute"]],
  ["tpm", ["rate_limits", "tokens_per_minute"]],
  ["capabilities", ["capabilities"]],
  ["deprecationDate", ["deprecation_date"]],
  ["noCache", ["pricing", "input_tokens", "no_cache"]],
  ["cacheRead", ["pricing", "input_tokens", "cache_read"]],
  ["cacheWrite", ["pricing", "input_tokens", "cache_write"]],
  ["output", ["pricing", "output_tokens", "text"]],
  ["reasoning", ["pricing", "output_tokens", "reasoning"]],
];

/** Only the values given: an omitted price writes nothing (never an empty `output_tokens: {}`). */
export function modelSettings(fields: ModelFields): Array<[DataPath, Plain]> {
  return MODEL_PATHS.filter(([field]) => fields[field] !== undefined).map(([field, path]) => [path, fields[field] as Plain]);
}

/** The top-level provider values `add` accepts (patterns aside). */
export interface ProviderFields {
  status?: string;
  displayName?: string;
  kind?: string;
  access?: string;
  billing?: string;
  apiBase?: string;
  docUrl?: string;
  /** Sets the `"*"` entry of `api_protocol`. */
  protocol?: ProtocolValue;
  endpoints?: Record<string, string>;
  authKind?: string;
  authEnv?: string;
  authHeader?: string;
  authHandler?: string;
  /** Set the `"*"` entry of `rate_limits`. */
  rpm?: number;
  tpm?: number;
  weight?: number;
  contact?: string;
  submittedAt?: string;
  community?: boolean;
  autoSync?: string;
  autoSyncKey?: string;
  autoSyncUrl?: string;
}

const PROVIDER_PATHS: Array<[keyof ProviderFields, DataPath]> = [
  ["displayName", ["display_name"]],
  ["status", ["status"]],
  ["kind", ["kind"]],
  ["access", ["access"]],
  ["billing", ["billing"]],
  ["apiBase", ["api_base"]],
  ["docUrl", ["doc_url"]],
  ["authKind", ["auth", "kind"]],
  ["authHeader", ["auth", "header"]],
  ["authEnv", ["auth", "env"]],
  ["authHandler", ["auth", "handler"]],
  ["weight", ["weight"]],
  ["contact", ["contact"]],
  ["submittedAt", ["submitted_at"]],
  ["community", ["community"]],
  ["autoSync", ["auto_sync", "feed"]],
  ["autoSyncKey", ["auto_sync", "key"]],
  ["autoSyncUrl", ["auto_sync", "url"]],
];

export function providerSettings(fields: ProviderFields): Array<[DataPath, Plain]> {
  const settings: Array<[DataPath, Plain]> = PROVIDER_PATHS.filter(([field]) => fields[field] !== undefined).map(([field, path]) => [path, fields[field] as Plain]);
  for (const [protocol, url] of Object.entries(fields.endpoints ?? {})) settings.push([["protocol_endpoints", protocol], url]);
  return settings;
}

function rateLimits(fields: { rpm?: number; tpm?: number }): { [key: string]: Plain } | undefined {
  const limits: { [key: string]: Plain } = {};
  if (fields.rpm !== undefined) limits.requests_per_minute = fields.rpm;
  if (fields.tpm !== undefined) limits.tokens_per_minute = fields.tpm;
  return Object.keys(limits).length > 0 ? limits : undefined;
}

function deepSet(target: { [key: string]: Plain }, path: DataPath, value: Plain): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment as string];
    if (next === undefined || next === null || typeof next !== "object" || Array.isArray(next)) node[segment as string] = {};
    node = node[segment as string] as { [key: string]: Plain };
  }
  node[path[path.length - 1] as string] = value;
}

// ── Helpers ──────────────────────────────────────────────────────────────

type Entry = Record<string, unknown>;

function indexOfId(entries: Entry[], id: string): number {
  return entries.findIndex((entry) => entry !== null && typeof entry === "object" && entry.id === id);
}

/** Set the value of pattern `pattern` in a pattern list (`api_protocol`, `rate_limits`), adding the entry when missing. */
function setPattern(yaml: YamlText, field: string, pattern: string, value: Plain): boolean {
  if (yaml.node([field]) === undefined) return yaml.setIn([field], [{ [pattern]: value }]);
  const index = yaml.indexWithKey([field], pattern);
  if (index === -1) {
    yaml.appendItem([field], { [pattern]: value });
    return true;
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    // Rate limits: set each limit given, keep the others.
    let changed = false;
    for (const [key, inner] of Object.entries(value)) changed = yaml.setIn([field, index, pattern, key], inner) || changed;
    return changed;
  }
  return yaml.setIn([field, index, pattern], value);
}

/** Validate the edited file; write it only when no error is left. */
async function checkAndWrite(registry: Registry, file: string, yaml: YamlText, problems: Promise<Problem[]>, tolerate?: (problem: Problem) => boolean): Promise<Problem[]> {
  const found = await problems;
  refuseErrors(found, tolerate);
  // Let a Ctrl-C that came during the (synchronous) edit land now, before anything is written.
  await new Promise<void>((resolve) => setImmediate(resolve));
  writeFileAtomic(registry.path(file), yaml.text);
  return found;
}

// ── Providers ────────────────────────────────────────────────────────────

/** `add`: create a provider, or update an existing one's top-level values (its models and comments stay). */
export async function addProvider(registry: Registry, name: string, fields: ProviderFields): Promise<Outcome> {
  checkProviderName(name);
  const file = providerFile(name);
  return withRegistryLock(registry.root, async () => {
    const existing = registry.readText(file);
    let yaml: YamlText;
    let focus: DataPath[];
    if (existing === undefined) {
      const missing = [fields.status === undefined && "--status", fields.apiBase === undefined && "--api-base"].filter(Boolean);
      if (missing.length > 0) throw new RefusedError(`provider \`${name}\` does not exist yet; creating it needs ${missing.join(" and ")}`);
      const data: { [key: string]: Plain } = { name };
      for (const [path, value] of providerSettings(fields)) deepSet(data, path, value);
      if (fields.protocol !== undefined) data.api_protocol = [{ "*": fields.protocol }];
      const limits = rateLimits(fields);
      if (limits) data.rate_limits = [{ "*": limits }];
      data.models = [];
      const order = providerKeys([]);
      const ordered: { [key: string]: Plain } = {};
      for (const key of order) if (data[key] !== undefined) ordered[key] = data[key]!;
      yaml = new YamlText(renderNewFile(PROVIDER_FILE_HEADER, ordered), providerKeys);
      focus = [[]];
    } else {
      yaml = await editable(file, existing, providerKeys);
      let changed = false;
      for (const [path, value] of providerSettings(fields)) changed = yaml.setIn(path, value) || changed;
      if (fields.protocol !== undefined) changed = setPattern(yaml, "api_protocol", "*", fields.protocol) || changed;
      const limits = rateLimits(fields);
      if (limits) changed = setPattern(yaml, "rate_limits", "*", limits) || changed;
      if (!changed) return { summary: `${file} already has these values; nothing changed`, warnings: [] };
      focus = providerSettings(fields).map(([path]) => path.slice(0, 1));
      if (fields.protocol !== undefined) focus.push(["api_protocol"]);
      if (limits) focus.push(["rate_limits"]);
    }
    // An active provider comes to life before its first model: that one error is the next step, not a reason to refuse.
    const waitingForModels = (problem: Problem) => problem.rule === "active-without-models";
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml), waitingForModels);
    const empty = problems.some(waitingForModels);
    const outcome: Outcome = {
      summary: existing === undefined ? `created ${file}` : `updated ${file}`,
      // Patterns cannot match anything before the first model arrives.
      warnings: warningsAt(problems, focus).filter((problem) => !(empty && problem.rule === "unused-pattern")),
    };
    if (empty) {
      outcome.note = `${name} is active but serves no models yet, so \`validate\` reports it until you add one:`;
      outcome.next = registry.command(`add-model ${name} <canonical-id> <provider-model-id> --no-cache <usd> --output <usd>`);
    }
    return outcome;
  });
}

/** `delete`: remove a provider's file. */
export async function deleteProvider(registry: Registry, name: string): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file } = requireProvider(registry, name);
    unlinkSync(registry.path(file));
    return { summary: `deleted ${file}`, warnings: [] };
  });
}

// ── Provider models ──────────────────────────────────────────────────────

/** `add-model`: append a model entry to a provider. */
export async function addModel(registry: Registry, provider: string, canonicalId: string, providerModelId: string, fields: ModelFields): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const count = yaml.count(["models"]);
    const index = yaml.indexWhere(["models"], "id", canonicalId);
    if (index !== -1) {
      const at = yaml.position(["models", index]);
      throw new RefusedError(
        `${provider} already serves \`${canonicalId}\` (${file}:${at.line}:${at.column}); change it with \`manage update-model ${provider} ${canonicalId} …\` — nothing was changed`,
      );
    }
    const entry: { [key: string]: Plain } = { id: canonicalId, provider_model_id: providerModelId };
    for (const [path, value] of modelSettings({ ...fields, providerModelId: undefined })) deepSet(entry, path, value);
    yaml.appendItem(["models"], entry);
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml, canonicalIds(registry)));
    return { summary: `added ${canonicalId} to ${provider} as ${providerModelId} (${file})`, warnings: warningsAt(problems, [["models", count]]) };
  });
}

function requireModel(yaml: YamlText, provider: string, canonicalId: string): number {
  const index = yaml.indexWhere(["models"], "id", canonicalId);
  if (index === -1) {
    const hint = didYouMean(canonicalId, yaml.valuesOf(["models"], "id"));
    throw new RefusedError(`${provider} does not serve \`${canonicalId}\`${hint || ` — add it with \`manage add-model ${provider} ${canonicalId} <provider-model-id> …\``}`);
  }
  return index;
}

/** `update-model`: change values of an existing entry (typically its price). */
export async function updateModel(registry: Registry, provider: string, canonicalId: string, fields: ModelFields): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const index = requireModel(yaml, provider, canonicalId);
    let changed = false;
    for (const [path, value] of modelSettings(fields)) changed = yaml.setIn(["models", index, ...path], value) || changed;
    if (!changed) return { summary: `${canonicalId} on ${provider} already has these values; nothing changed`, warnings: [] };
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml));
    return { summary: `updated ${canonicalId} on ${provider} (${file})`, warnings: warningsAt(problems, [["models", index]]) };
  });
}

/** `remove-model`: remove one entry (its lines only). */
export async function removeModel(registry: Registry, provider: string, canonicalId: string): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const index = requireModel(yaml, provider, canonicalId);
    yaml.removeItem(["models"], index);
    await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml));
    return { summary: `removed ${canonicalId} from ${provider} (${file})`, warnings: [] };
  });
}

// ── Canonical models ─────────────────────────────────────────────────────

export interface CanonicalFields {
  name?: string;
  description?: string;
  inputModalities?: string[];
  outputModalities?: string[];
  maxInputTokens?: number;
  maxOutputTokens?: number;
  releaseDate?: string;
  knowledgeCutoff?: string;
  openWeights?: boolean;
  family?: string;
}

const CANONICAL_PATHS: Array<[keyof CanonicalFields, string]> = [
  ["name", "name"],
  ["description", "description"],
  ["inputModalities", "input_modalities"],
  ["outputModalities", "output_modalities"],
  ["maxInputTokens", "max_input_tokens"],
  ["maxOutputTokens", "max_output_tokens"],
  ["releaseDate", "release_date"],
  ["knowledgeCutoff", "knowledge_cutoff"],
  ["openWeights", "open_weights"],
  ["family", "family"],
];

async function editCanonical(registry: Registry): Promise<YamlText> {
  const text = registry.readText(CANONICAL_FILE);
  if (text === undefined) throw new RefusedError(`${CANONICAL_FILE} is missing from ${registry.rootOption}; nothing was changed`);
  return editable(CANONICAL_FILE, text, canonicalKeys);
}

/** `canonical add`: append a canonical model. */
export async function addCanonical(registry: Registry, id: string, fields: CanonicalFields): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const yaml = await editCanonical(registry);
    const count = yaml.count(["models"]);
    const index = yaml.indexWhere(["models"], "id", id);
    if (index !== -1) {
      const at = yaml.position(["models", index]);
      throw new RefusedError(`\`${id}\` is already in ${CANONICAL_FILE} (${CANONICAL_FILE}:${at.line}:${at.column}); nothing was changed`);
    }
    const entry: { [key: string]: Plain } = { id };
    for (const [field, key] of CANONICAL_PATHS) if (fields[field] !== undefined) entry[key] = fields[field] as Plain;
    yaml.appendItem(["models"], entry);
    const problems = await checkAndWrite(registry, CANONICAL_FILE, yaml, checkCanonicalText(yaml));
    return { summary: `added ${id} to ${CANONICAL_FILE}`, warnings: warningsAt(problems, [["models", count]]) };
  });
}

/** The providers whose files list `id` (a file that cannot be parsed counts when its text mentions it). */
export function providersServing(registry: Registry, id: string): string[] {
  const serving: string[] = [];
  for (const name of registry.providerNames()) {
    const text = registry.readText(providerFile(name));
    if (text === undefined) continue;
    const parsed = parseFast(text);
    if (!parsed.ok) {
      if (text.includes(id)) serving.push(`${name} (unreadable file that mentions it)`);
      continue;
    }
    const models = (parsed.data as Record<string, unknown>).models;
    if (Array.isArray(models) && indexOfId(models as Entry[], id) !== -1) serving.push(name);
  }
  return serving;
}

/** `canonical remove`: refused while any provider still serves the id. */
export async function removeCanonical(registry: Registry, id: string): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const yaml = await editCanonical(registry);
    const index = yaml.indexWhere(["models"], "id", id);
    if (index === -1) throw new RefusedError(`\`${id}\` is not in ${CANONICAL_FILE}${didYouMean(id, yaml.valuesOf(["models"], "id"))}`);
    const serving = providersServing(registry, id);
    if (serving.length > 0) {
      const first = serving[0]!.split(" ")[0];
      throw new RefusedError(
        `\`${id}\` is still served by ${serving.length} provider${serving.length === 1 ? "" : "s"}: ${serving.join(", ")} — remove it from each first (\`manage remove-model ${first} ${id}\`); nothing was changed`,
      );
    }
    yaml.removeItem(["models"], index);
    await checkAndWrite(registry, CANONICAL_FILE, yaml, checkCanonicalText(yaml));
    return { summary: `removed ${id} from ${CANONICAL_FILE}`, warnings: [] };
  });
}
