/**
 * The mutations of `manage`. Each one, inside the registry lock: reads the
 * files it changes, edits them through the YAML document, validates the
 * result (the changed files plus what they depend on), and only then writes
 * — atomically. A refusal throws RefusedError and writes nothing.
 *
 * Values arrive as rows of the field tables (fields.ts) with their parsed
 * values; `settingsOf` turns them into data paths, which are written the same
 * way whichever field they came from.
 */
import { unlinkSync } from "node:fs";
import { schemaModeline } from "../shape/schema-files.ts";
import { RefusedError, UsageError } from "../errors.ts";
import type { DataPath, Problem } from "../problems.ts";
import { modelsFileOrg, providerFileFor } from "../registry-layout.ts";
import { keysAt } from "../rules/schema.ts";
import { canonicalModelSchema, providerSchema } from "../schema.ts";
import { didYouMean } from "../suggest.ts";
import { renderNewFile, type KeyOrder, type Plain, type YamlText } from "../yaml/edit/index.ts";
import { yamlData } from "../yaml/read-data.ts";
import { PROVIDER_FIELDS, type Field, type GivenValue } from "./fields.ts";
import { hasValue } from "./flags.ts";
import { withRegistryLock, writeUnderLock } from "./lock.ts";
import {
  canonicalIds,
  checkCanonicalText,
  checkProviderName,
  checkProviderText,
  editable,
  editorFor,
  providerFile,
  refuseErrors,
  Registry,
  requireProvider,
  warningsAt,
  alreadyThere,
  problemsBefore,
  topLevelOf,
  type CanonicalPlace,
} from "./registry.ts";

/** The first line of every provider file `manage` creates (editor completion and checks). */
export const PROVIDER_FILE_HEADER = `${schemaModeline(providerFileFor("new"))}\n`;

const providerKeys: KeyOrder = (path) => keysAt(providerSchema, path, undefined);
/** Canonical paths are relative to the file: `models.<i>.…` in canonical.yaml, `<i>.…` in a sequence file. */
const canonicalKeys =
  (list: DataPath): KeyOrder =>
  (path) =>
    path.length > list.length ? keysAt(canonicalModelSchema, path.slice(list.length + 1), undefined) : [];

export interface Outcome {
  /** One line saying what happened. */
  summary: string;
  /** Warnings about what the change wrote (they never block it). */
  warnings: Problem[];
  /** The command to run next, when the change leaves something to do. */
  next?: string;
  note?: string;
}

// ── From given values to writes ──────────────────────────────────────────

/** One value to write: at `path`, or as the `"*"` entry of a pattern list. */
interface Setting {
  path: DataPath;
  value: Plain;
  pattern?: Field["pattern"];
}

/** The writes the given values mean; a `key=value` field sets each key on its own (the others stay). */
export function settingsOf(values: readonly GivenValue[]): Setting[] {
  const settings: Setting[] = [];
  for (const { field, value } of values) {
    if (field.kind.type === "pairs") {
      for (const [key, inner] of Object.entries(value as Record<string, Plain>)) settings.push({ path: [...field.path, key], value: inner });
    } else {
      settings.push({ path: field.path, value, pattern: field.pattern });
    }
  }
  return settings;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const segment of path) node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node;
}

/** A value that needs another (`--auth-env` needs an auth kind) is refused when neither the flags nor the file give it. */
function requireCompanions(values: readonly GivenValue[], fields: readonly Field[], current: unknown): void {
  for (const { field } of values) {
    if (!field.needs || hasValue(values, field.needs) || valueAt(current, field.needs) !== undefined) continue;
    const companion = fields.find((candidate) => candidate.path.join(".") === field.needs!.join("."));
    const choices = companion?.kind.type === "enum" ? ` (${companion.kind.values.join(", ")})` : "";
    throw new UsageError(`${field.flag} needs ${companion?.flag ?? field.needs.join(".")}${choices} too: the file has no ${field.needs.join(".")} yet`);
  }
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

/** The settings applied to new data (a new provider, entry or canonical model). */
function buildData(base: { [key: string]: Plain }, settings: readonly Setting[]): { [key: string]: Plain } {
  for (const setting of settings) {
    if (!setting.pattern) {
      deepSet(base, setting.path, setting.value);
      continue;
    }
    const { list, key } = setting.pattern;
    const entries = (base[list] ??= [{ "*": key ? {} : setting.value }]) as Array<{ [pattern: string]: Plain }>;
    if (key) (entries[0]!["*"] as { [key: string]: Plain })[key] = setting.value;
    else entries[0]!["*"] = setting.value;
  }
  return base;
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

/** Apply the settings under `base` in an existing file; true when the text changed. */
function applySettings(yaml: YamlText, base: DataPath, settings: readonly Setting[]): boolean {
  let changed = false;
  for (const setting of settings) {
    if (setting.pattern) {
      const { list, key } = setting.pattern;
      changed = setPattern(yaml, list, "*", key ? { [key]: setting.value } : setting.value) || changed;
    } else {
      changed = yaml.setIn([...base, ...setting.path], setting.value) || changed;
    }
  }
  return changed;
}

/** The top-level paths the settings touch (where their warnings are reported). */
function focusOf(base: DataPath, settings: readonly Setting[]): DataPath[] {
  return settings.map((setting) => (setting.pattern ? [setting.pattern.list] : [...base, setting.path[0]!]));
}

interface WriteOptions {
  tolerate?: (problem: Problem) => boolean;
  /** The file does not exist yet. */
  created?: boolean;
  /** The file's text before the edit: errors it already had do not block the edit (only those the edit causes). */
  before?: string;
  canonicalIds?: ReadonlySet<string>;
}

/** Validate the edited file; write it only when no error the edit caused is left. */
async function checkAndWrite(registry: Registry, file: string, yaml: YamlText, problems: Promise<Problem[]>, options: WriteOptions = {}): Promise<Problem[]> {
  const found = await problems;
  let tolerate = options.tolerate ?? (() => false);
  if (options.before !== undefined && found.some((problem) => problem.severity === "error" && !tolerate(problem))) {
    const own = tolerate;
    const old = alreadyThere(await problemsBefore(file, options.before, await registry.rules(), options.canonicalIds));
    tolerate = (problem) => own(problem) || old(problem);
  }
  refuseErrors(found, tolerate, options.created);
  // Let a Ctrl-C that came during the (synchronous) edit land now, before anything is written.
  await new Promise<void>((resolve) => setImmediate(resolve));
  writeUnderLock(registry.root, registry.path(file), yaml.text);
  return found;
}

// ── Providers ────────────────────────────────────────────────────────────

function orderedLike(data: { [key: string]: Plain }, keys: readonly string[]): { [key: string]: Plain } {
  const ordered: { [key: string]: Plain } = {};
  for (const key of keys) if (data[key] !== undefined) ordered[key] = data[key]!;
  return ordered;
}

/** `add`: create a provider, or update an existing one's top-level values (its models and comments stay). */
export async function addProvider(registry: Registry, name: string, values: readonly GivenValue[]): Promise<Outcome> {
  checkProviderName(name);
  const file = providerFile(name);
  const settings = settingsOf(values);
  return withRegistryLock(registry.root, async () => {
    const existing = registry.readText(file);
    requireCompanions(values, PROVIDER_FIELDS, existing === undefined ? undefined : yamlData(existing));
    let yaml: YamlText;
    let focus: DataPath[];
    if (existing === undefined) {
      const needsBase = !(valueAt(buildData({}, settings), ["required_config"]) as string[] | undefined)?.includes("base_url");
      const missing = [!hasValue(values, ["status"]) && "--status", needsBase && !hasValue(values, ["api_base"]) && "--api-base"].filter(Boolean);
      if (missing.length > 0) throw new RefusedError(`provider \`${name}\` does not exist yet; creating it needs ${missing.join(" and ")}`);
      const data = buildData({ name }, settings);
      data.models = [];
      yaml = await editorFor(renderNewFile(PROVIDER_FILE_HEADER, orderedLike(data, providerKeys([]))), providerKeys);
      focus = [[]];
    } else {
      yaml = await editable(file, existing, providerKeys);
      if (!applySettings(yaml, [], settings)) return { summary: `${file} already has these values; nothing changed`, warnings: [] };
      focus = focusOf([], settings);
    }
    // An active provider comes to life before its first model: that one error is the next step, not a reason to refuse.
    const waitingForModels = (problem: Problem) => problem.rule === "active-without-models";
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml, await registry.rules()), {
      tolerate: waitingForModels,
      created: existing === undefined,
      before: existing,
    });
    const empty = problems.some(waitingForModels);
    const noModels = yaml.count(["models"]) === 0;
    const outcome: Outcome = {
      summary: existing === undefined ? `created ${file}` : `updated ${file}`,
      // Patterns cannot match anything before the first model arrives.
      warnings: warningsAt(problems, focus).filter((problem) => !(noModels && problem.rule === "unused-pattern")),
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
export async function addModel(
  registry: Registry,
  provider: string,
  canonicalId: string,
  providerModelId: string,
  values: readonly GivenValue[],
): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const count = yaml.count(["models"]);
    const index = yaml.indexWhere(["models"], "id", canonicalId);
    if (index !== -1) {
      const at = yaml.position(["models", index]);
      throw new RefusedError(
        `${provider} already serves \`${canonicalId}\` (${file}:${at.line}:${at.column}); change it with \`${registry.command(`update-model ${provider} ${canonicalId} …`)}\` — nothing was changed`,
      );
    }
    const settings = settingsOf(values.filter(({ field }) => field.path[0] !== "provider_model_id"));
    yaml.appendItem(["models"], buildData({ id: canonicalId, provider_model_id: providerModelId }, settings));
    const ids = canonicalIds(registry);
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml, await registry.rules(), ids), { before: text, canonicalIds: ids });
    return { summary: `added ${canonicalId} to ${provider} as ${providerModelId} (${file})`, warnings: warningsAt(problems, [["models", count]]) };
  });
}

function requireModel(registry: Registry, yaml: YamlText, provider: string, canonicalId: string): number {
  const index = yaml.indexWhere(["models"], "id", canonicalId);
  if (index === -1) {
    const hint = didYouMean(canonicalId, yaml.valuesOf(["models"], "id"));
    throw new RefusedError(
      `${provider} does not serve \`${canonicalId}\`${hint || ` — add it with \`${registry.command(`add-model ${provider} ${canonicalId} <provider-model-id> …`)}\``}`,
    );
  }
  return index;
}

/** `update-model`: change values of an existing entry (typically its price). */
export async function updateModel(registry: Registry, provider: string, canonicalId: string, values: readonly GivenValue[]): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const index = requireModel(registry, yaml, provider, canonicalId);
    if (!applySettings(yaml, ["models", index], settingsOf(values)))
      return { summary: `${canonicalId} on ${provider} already has these values; nothing changed`, warnings: [] };
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml, await registry.rules()), { before: text });
    return { summary: `updated ${canonicalId} on ${provider} (${file})`, warnings: warningsAt(problems, [["models", index]]) };
  });
}

/** Provider-level patterns that matched the removed entry and match none of the models left. */
function danglingPatterns(before: unknown, after: unknown, removed: { id: string; provider_model_id: string }): string[] {
  const names = (entry: unknown) => {
    const record = entry as { id?: unknown; provider_model_id?: unknown } | null;
    return [record?.id, record?.provider_model_id].filter((name): name is string => typeof name === "string");
  };
  const matches = (pattern: string, name: string) => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern);
  const left = ((valueAt(after, ["models"]) as unknown[] | undefined) ?? []).flatMap(names);
  const dangling: string[] = [];
  for (const list of ["api_protocol", "rate_limits"]) {
    for (const entry of (valueAt(before, [list]) as Array<Record<string, unknown>> | undefined) ?? []) {
      for (const pattern of Object.keys(entry ?? {})) {
        if (pattern === "*") continue;
        const matchedRemoved = [removed.id, removed.provider_model_id].some((name) => matches(pattern, name));
        if (matchedRemoved && !left.some((name) => matches(pattern, name))) dangling.push(`${list} "${pattern}"`);
      }
    }
  }
  return dangling;
}

/** `remove-model`: remove one entry (its lines and its leading comment). */
export async function removeModel(registry: Registry, provider: string, canonicalId: string): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const index = requireModel(registry, yaml, provider, canonicalId);
    const before = yaml.data();
    const removed = yaml.data(["models", index]) as { id: string; provider_model_id: string };
    yaml.removeItem(["models"], index);
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml, await registry.rules()), { before: text });
    const outcome: Outcome = {
      summary: `removed ${canonicalId} from ${provider} (${file})`,
      warnings: warningsAt(problems, [["api_protocol"], ["rate_limits"]]),
    };
    const dangling = danglingPatterns(before, yaml.data(), removed);
    if (dangling.length > 0) {
      outcome.note = `${dangling.length === 1 ? "this pattern" : "these patterns"} of ${file} matched ${canonicalId} and now match${dangling.length === 1 ? "es" : ""} no model: ${dangling.join(", ")} — remove ${dangling.length === 1 ? "it" : "them"} unless models are coming back`;
    }
    return outcome;
  });
}

// ── Dated prices ─────────────────────────────────────────────────────────

type Block = { [key: string]: Plain };

function withoutKey(block: Block, key: string): Block {
  const { [key]: _dropped, ...rest } = block;
  return rest;
}

/**
 * `promote-price`: the scheduled prices of an entry whose day has come (on
 * `asOf`) are promoted — the latest becomes `pricing`, the price it replaces
 * and any earlier due one move to `pricing_history` with the day they ended,
 * and they leave `pricing_schedule`. A promoted price without its own
 * provenance keeps the source and date of the price it replaces.
 */
export async function promotePrice(registry: Registry, provider: string, canonicalId: string, asOf: string): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const index = requireModel(registry, yaml, provider, canonicalId);
    const at: DataPath = ["models", index];
    const schedule = ((yaml.data([...at, "pricing_schedule"]) as Block[] | undefined) ?? []).map((price, position) => ({ price, position }));
    const due = schedule.filter(({ price }) => typeof price.effective_from === "string" && (price.effective_from as string) <= asOf);
    if (due.length === 0) {
      const next = schedule.find(({ price }) => typeof price.effective_from === "string")?.price.effective_from;
      throw new RefusedError(
        `${canonicalId} on ${provider} has no scheduled price due on ${asOf}${next ? ` (the next starts ${String(next)})` : " (its pricing_schedule is empty)"}; nothing was changed`,
      );
    }
    const current = yaml.data([...at, "pricing"]) as Block | undefined;
    const ended: Block[] = [];
    if (current) ended.push({ effective_until: due[0]!.price.effective_from!, ...current });
    due.slice(0, -1).forEach(({ price }, i) => ended.push({ effective_until: due[i + 1]!.price.effective_from!, ...withoutKey(price, "effective_from") }));
    const promoted = withoutKey(due[due.length - 1]!.price, "effective_from");
    const inherited = ["source", "verified_at"].filter((key) => promoted[key] === undefined && current?.[key] !== undefined);
    const pricing: Block = { ...Object.fromEntries(inherited.map((key) => [key, current![key]!])), ...promoted };
    yaml.setIn([...at, "pricing"], pricing);
    for (const price of ended) yaml.appendItem([...at, "pricing_history"], price);
    for (const { position } of [...due].reverse()) yaml.removeItem([...at, "pricing_schedule"], position);
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml, await registry.rules()), { before: text });
    const from = String(due[due.length - 1]!.price.effective_from);
    const outcome: Outcome = {
      summary: `promoted the price of ${canonicalId} on ${provider} scheduled from ${from} (${file}); the price it replaces is in pricing_history`,
      warnings: warningsAt(problems, [at]),
    };
    if (inherited.length > 0) {
      outcome.note = `the promoted price kept ${inherited.map((key) => `\`pricing.${key}\``).join(" and ")} of the price it replaces: check it against the source and update \`verified_at\``;
    }
    return outcome;
  });
}

/**
 * `schedule-price`: an announced price, appended to the entry's
 * `pricing_schedule` with the day it starts; `pricing` stays the price in
 * force until `promote-price` makes this one it. The values are the price
 * rows of `add-model` (`--input`, `--output`, `--batch-multiplier`, …), each
 * written under the scheduled price instead of `pricing`.
 */
export async function schedulePrice(
  registry: Registry,
  provider: string,
  canonicalId: string,
  effectiveFrom: string,
  values: readonly GivenValue[],
): Promise<Outcome> {
  const prices = values.filter((given) => given.field.path[0] === "pricing" && !given.field.pattern);
  if (prices.length === 0 || prices.length !== values.length)
    throw new UsageError("schedule-price takes price flags only (--no-cache, --output, --cache-read, --pricing-source, …), at least one");
  return withRegistryLock(registry.root, async () => {
    const { file, text } = requireProvider(registry, provider);
    const yaml = await editable(file, text, providerKeys);
    const index = requireModel(registry, yaml, provider, canonicalId);
    const at: DataPath = ["models", index];
    const schedule = (yaml.data([...at, "pricing_schedule"]) as Block[] | undefined) ?? [];
    if (schedule.some((price) => price.effective_from === effectiveFrom))
      throw new RefusedError(`${canonicalId} on ${provider} already has a price scheduled from ${effectiveFrom}; edit it in ${file} or remove it first`);
    const block: { [key: string]: Plain } = { effective_from: effectiveFrom };
    for (const { field, value } of prices) {
      let node = block;
      const path = field.path.slice(1);
      path.slice(0, -1).forEach((key) => {
        node = (node[String(key)] ??= {}) as { [key: string]: Plain };
      });
      node[String(path[path.length - 1])] = value;
    }
    yaml.appendItem([...at, "pricing_schedule"], block);
    const problems = await checkAndWrite(registry, file, yaml, checkProviderText(file, yaml, await registry.rules()), { before: text });
    return {
      summary: `scheduled a price for ${canonicalId} on ${provider} from ${effectiveFrom} (${file}); \`pricing\` stays the price in force until \`manage promote-price ${provider} ${canonicalId}\``,
      warnings: warningsAt(problems, [at]),
    };
  });
}

// ── Canonical models ─────────────────────────────────────────────────────

/** The canonical file `id` belongs in, opened for editing (undefined text: it does not exist yet). */
async function canonicalFileOf(registry: Registry, id: string): Promise<{ file: string; list: DataPath; yaml: YamlText | undefined }> {
  const file = registry.canonicalFileFor(id);
  const list: DataPath = modelsFileOrg(file) === undefined ? ["models"] : [];
  const text = registry.readText(file);
  const yaml = text === undefined ? undefined : await editable(file, text, canonicalKeys(list), list.length === 0 ? "sequence" : "mapping");
  return { file, list, yaml };
}

/** Where `id` is declared, in any canonical file (a misplaced id is found too). */
function findCanonical(registry: Registry, id: string): CanonicalPlace | undefined {
  for (const file of registry.canonicalFiles()) {
    const text = registry.readText(file);
    if (text === undefined || !text.includes(id)) continue;
    const models = Registry.canonicalList(file, yamlData(text, topLevelOf(file)));
    const index = models.findIndex((model) => (model as { id?: unknown } | null)?.id === id);
    if (index !== -1) return { file, list: modelsFileOrg(file) === undefined ? ["models"] : [], index };
  }
  return undefined;
}

/** `canonical add`: append a canonical model (creating `models/<org>.yaml`, as a sequence, for a new org). */
export async function addCanonical(registry: Registry, id: string, values: readonly GivenValue[]): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const existing = findCanonical(registry, id);
    if (existing) {
      const yaml = await editable(
        existing.file,
        registry.readText(existing.file)!,
        canonicalKeys(existing.list),
        existing.list.length === 0 ? "sequence" : "mapping",
      );
      const at = yaml.position([...existing.list, existing.index]);
      throw new RefusedError(`\`${id}\` is already in ${existing.file} (${existing.file}:${at.line}:${at.column}); nothing was changed`);
    }
    const { file, list, yaml: opened } = await canonicalFileOf(registry, id);
    const entry = buildData({ id }, settingsOf(values));
    let yaml: YamlText;
    if (opened) {
      yaml = opened;
      yaml.appendItem(list, entry);
    } else {
      if (list.length > 0) throw new RefusedError(`${file} is missing from ${registry.rootOption}; nothing was changed`);
      yaml = await editorFor(renderNewFile(`${schemaModeline(file)}\n`, [orderedLike(entry, canonicalKeys([])([0]))]), canonicalKeys([]), "sequence");
    }
    const count = yaml.count(list) - 1;
    const problems = await checkAndWrite(registry, file, yaml, checkCanonicalText(file, yaml, await registry.rules()), {
      created: !opened,
      before: opened ? registry.readText(file) : undefined,
    });
    return { summary: `added ${id} to ${file}${opened ? "" : " (a new file)"}`, warnings: warningsAt(problems, [[...list, count]]) };
  });
}

/** The providers whose files list `id` (a file that cannot be parsed counts when its text mentions it). */
export function providersServing(registry: Registry, id: string): string[] {
  const serving: string[] = [];
  for (const name of registry.providerNames()) {
    const text = registry.readText(providerFile(name));
    if (text === undefined || !text.includes(id)) continue;
    const data = yamlData(text);
    const models = valueAt(data, ["models"]);
    if (data === undefined) serving.push(`${name} (unreadable file that mentions it)`);
    else if (Array.isArray(models) && models.some((model) => (model as { id?: unknown } | null)?.id === id)) serving.push(name);
  }
  return serving;
}

/** `canonical remove`: refused while any provider still serves the id; a `models/<org>.yaml` left empty goes. */
export async function removeCanonical(registry: Registry, id: string): Promise<Outcome> {
  return withRegistryLock(registry.root, async () => {
    const place = findCanonical(registry, id);
    if (!place)
      throw new RefusedError(
        `\`${id}\` is not a canonical model${didYouMean(
          id,
          registry.canonicalModels().map((model) => model.id),
        )}`,
      );
    const serving = providersServing(registry, id);
    if (serving.length > 0) {
      const first = serving[0]!.split(" ")[0];
      throw new RefusedError(
        `\`${id}\` is still served by ${serving.length} provider${serving.length === 1 ? "" : "s"}: ${serving.join(", ")} — remove it from each first (\`${registry.command(`remove-model ${first} ${id}`)}\`); nothing was changed`,
      );
    }
    const sequence = place.list.length === 0;
    const yaml = await editable(place.file, registry.readText(place.file)!, canonicalKeys(place.list), sequence ? "sequence" : "mapping");
    if (sequence && yaml.count([]) === 1) {
      unlinkSync(registry.path(place.file));
      return { summary: `removed ${id}: it was the last model of ${place.file}, so the file is gone`, warnings: [] };
    }
    const before = registry.readText(place.file)!;
    yaml.removeItem(place.list, place.index);
    await checkAndWrite(registry, place.file, yaml, checkCanonicalText(place.file, yaml, await registry.rules()), { before });
    return { summary: `removed ${id} from ${place.file}`, warnings: [] };
  });
}
