/**
 * Filling in what a command was not given. On a terminal, the values the
 * field tables mark `ask` are asked for when missing (selects for enums,
 * validated inputs for numbers and URLs, checkboxes for lists, defaults from
 * the existing file); without one nothing is ever asked: a UsageError names
 * every missing flag at once.
 */
import { isDeepStrictEqual } from "node:util";
import { UsageError } from "../errors.ts";
import type { DataPath } from "../problems.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { CANONICAL_ID_PATTERN, PROTOCOLS, PROVIDER_NAME_PATTERN } from "../schema-constants.ts";
import type { Plain } from "../yaml/edit/index.ts";
import { CANONICAL_FIELDS, MODEL_FIELDS, PROVIDER_FIELDS, type Field, type GivenValue } from "./fields.ts";
import { hasValue } from "./flags.ts";
import { checkProviderName, providerFile, type Registry } from "./registry.ts";

export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** Ctrl-C at a prompt. */
export function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && error.name === "ExitPromptError";
}

function refuseMissing(missing: Array<string | false>, why = "there is no terminal to ask on"): void {
  const named = missing.filter((flag): flag is string => Boolean(flag));
  if (named.length > 0) throw new UsageError(`missing ${named.join(", ")} (${why})`);
}

const prompts = () => import("@inquirer/prompts");

async function askSearch(message: string, choices: readonly string[]): Promise<string> {
  const { search } = await prompts();
  return search({
    message,
    source: (term) => {
      const needle = (term ?? "").toLowerCase();
      return choices
        .filter((choice) => choice.toLowerCase().includes(needle))
        .slice(0, 200)
        .map((value) => ({ value }));
    },
  });
}

async function askText(message: string, options: { default?: string; required?: boolean; check?: RegExp; hint?: string }): Promise<string | undefined> {
  const { input } = await prompts();
  const answer = await input({
    message,
    default: options.default,
    required: options.required ?? false,
    validate: (value) => (value === "" && !options.required) || !options.check || options.check.test(value) || (options.hint ?? "not valid"),
  });
  return answer === "" ? undefined : answer;
}

/** "Leave as is", in a select of a value that is optional. */
const SKIP = "(leave unset)";

/** Ask for one field's value (undefined: left empty). `current` is the file's value, the default. */
async function askField(field: Field, current: unknown, required: boolean): Promise<Plain | undefined> {
  const message = field.ask?.message ?? field.help;
  const { kind } = field;
  const { select, number, checkbox } = await prompts();
  switch (kind.type) {
    case "enum":
    case "boolean":
    case "protocol": {
      const values = kind.type === "enum" ? [...kind.values] : kind.type === "boolean" ? ["true", "false"] : [...PROTOCOLS];
      const choices = required ? values : [...values, SKIP];
      const fallback =
        typeof current === "string"
          ? current
          : typeof current === "boolean"
            ? String(current)
            : ((field.ask?.default as string | undefined) ?? (required ? choices[0] : SKIP));
      const answer = await select({ message, choices: choices.map((value) => ({ value })), default: fallback });
      if (answer === SKIP) return undefined;
      return kind.type === "boolean" ? answer === "true" : answer;
    }
    case "number": {
      const unit = kind.unit ? `, ${kind.unit}` : "";
      const leave = kind.unit ? ` (empty to leave ${current === undefined ? "unset" : "as is"})` : "";
      const fallback = typeof current === "number" ? current : (field.ask?.default as number | undefined);
      return number({ message: `${message}${unit}${leave}`, default: fallback, min: kind.min, max: kind.max, step: kind.integer ? 1 : "any", required: false });
    }
    case "list": {
      if (!kind.values) break;
      const checked = Array.isArray(current) ? current : ((field.ask?.default as string[] | undefined) ?? []);
      const chosen = await checkbox({ message, choices: kind.values.map((value) => ({ value, checked: checked.includes(value) })) });
      return chosen.length > 0 ? chosen : undefined;
    }
    case "text":
      return askText(message, { default: typeof current === "string" ? current : undefined, required, check: kind.pattern, hint: kind.hint });
    default:
      break;
  }
  return undefined;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const segment of path) node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node;
}

/** A field's current value in `data` (for a pattern field: its `"*"` entry). */
function currentValue(field: Field, data: unknown): unknown {
  if (!field.pattern) return valueAt(data, field.path);
  const star = asArray(valueAt(data, [field.pattern.list]))
    .map(asRecord)
    .find((entry) => entry && Object.hasOwn(entry, "*"))?.["*"];
  return field.pattern.key ? asRecord(star)?.[field.pattern.key] : star;
}

/**
 * Ask, in order, for each `ask` field not given. An answer equal to what the
 * file already says (or, with nothing written, to the field's default) writes
 * nothing: it changes nothing a router sees.
 */
async function askMissing(
  fields: readonly Field[],
  given: readonly GivenValue[],
  current: unknown,
  required: (field: Field) => boolean,
): Promise<GivenValue[]> {
  const filled = [...given];
  const asked = fields.filter((field) => field.ask && !given.some((value) => value.field === field)).sort((a, b) => a.ask!.order - b.ask!.order);
  for (const field of asked) {
    if (field.ask!.when && !field.ask!.when(filled)) continue;
    const before = currentValue(field, current);
    const answer = await askField(field, before, required(field));
    if (answer === undefined || isDeepStrictEqual(answer, before ?? field.ask!.implied)) continue;
    filled.push({ field, value: answer });
  }
  return filled;
}

// ── add ──────────────────────────────────────────────────────────────────

export async function completeAdd(
  registry: Registry,
  name: string | undefined,
  values: GivenValue[],
  interactive: boolean,
): Promise<{ name: string; values: GivenValue[] }> {
  if (name !== undefined) checkProviderName(name);
  const exists = name !== undefined && registry.exists(providerFile(name));
  if (!interactive) {
    if (exists && values.length === 0)
      throw new UsageError(
        `nothing to change: give at least one of ${PROVIDER_FIELDS.slice(0, 6)
          .map((field) => field.flag)
          .join(", ")}, … (see \`manage add --help\`)`,
      );
    const baseFromConfig = values.some(({ field, value }) => field.path[0] === "required_config" && (value as string[]).includes("base_url"));
    refuseMissing([
      name === undefined && "<provider>",
      !exists && !hasValue(values, ["status"]) && "--status",
      !exists && !baseFromConfig && !hasValue(values, ["api_base"]) && "--api-base",
    ]);
    return { name: name!, values };
  }
  name ??= (await askText("Provider name (the file is providers/<name>.yaml)", {
    required: true,
    check: PROVIDER_NAME_PATTERN,
    hint: "a lowercase letter, then lowercase letters, digits, _ or -",
  }))!;
  const current = PROVIDER_NAME_PATTERN.test(name) ? registry.readData(providerFile(name)) : undefined;
  // An existing provider with flags given is a scripted edit: ask nothing more.
  if (current && values.length > 0) return { name, values };
  // auth.env is asked only once a kind that needs it is chosen.
  const required = (field: Field) => (!current && (field.path[0] === "status" || field.path[0] === "api_base")) || field.path.join(".") === "auth.env";
  return { name, values: await askMissing(PROVIDER_FIELDS, values, current, required) };
}

// ── models ───────────────────────────────────────────────────────────────

function servedIds(registry: Registry, provider: string): string[] {
  const data = PROVIDER_NAME_PATTERN.test(provider) ? registry.readData(providerFile(provider)) : undefined;
  return asArray(data?.models)
    .map((entry) => asString(asRecord(entry)?.id))
    .filter((id): id is string => id !== undefined);
}

export interface ModelTarget {
  provider: string;
  canonicalId: string;
  providerModelId: string;
}

/** `add-model`: the provider, the canonical id, the provider's id and (on a terminal) the prices. */
export async function completeAddModel(
  registry: Registry,
  target: Partial<ModelTarget>,
  values: GivenValue[],
  interactive: boolean,
): Promise<ModelTarget & { values: GivenValue[] }> {
  if (!interactive) {
    refuseMissing([
      target.provider === undefined && "<provider>",
      target.canonicalId === undefined && "<canonical-id>",
      target.providerModelId === undefined && "<provider-model-id>",
    ]);
    return { ...(target as ModelTarget), values };
  }
  const provider = target.provider ?? (await askSearch("Provider", registry.providerNames()));
  let canonicalId = target.canonicalId;
  if (canonicalId === undefined) {
    const served = new Set(servedIds(registry, provider));
    canonicalId = await askSearch(
      "Canonical model id (type to filter)",
      registry
        .canonicalModels()
        .map((model) => model.id)
        .filter((id) => !served.has(id)),
    );
  }
  const providerModelId =
    target.providerModelId ??
    (await askText("Provider model id (the id the provider's API uses)", { default: canonicalId.slice(canonicalId.indexOf("/") + 1), required: true }))!;
  // Prices are what a maintainer most often comes with: asked unless some value was given.
  const filled = values.length > 0 ? values : await askMissing(MODEL_FIELDS, values, undefined, () => false);
  return { provider, canonicalId, providerModelId, values: filled };
}

export async function completeUpdateModel(
  registry: Registry,
  target: { provider?: string; canonicalId?: string },
  values: GivenValue[],
  interactive: boolean,
): Promise<{ provider: string; canonicalId: string; values: GivenValue[] }> {
  if (!interactive) {
    refuseMissing([
      target.provider === undefined && "<provider>",
      target.canonicalId === undefined && "<canonical-id>",
      values.length === 0 && "a value to change (--no-cache, --cache-read, --output, --capabilities, …)",
    ]);
    return { provider: target.provider!, canonicalId: target.canonicalId!, values };
  }
  const provider = target.provider ?? (await askSearch("Provider", registry.providerNames()));
  const canonicalId = target.canonicalId ?? (await askSearch("Model to update", servedIds(registry, provider)));
  if (values.length > 0) return { provider, canonicalId, values };
  // Nothing given: ask for the prices, starting from the current ones.
  const entry = asArray(registry.readData(providerFile(provider))?.models).find((model) => asRecord(model)?.id === canonicalId);
  return { provider, canonicalId, values: await askMissing(MODEL_FIELDS, values, entry, () => false) };
}

/** `remove-model`: the provider and the model, asked for when missing. */
export async function completeRemoveModel(
  registry: Registry,
  target: { provider?: string; canonicalId?: string },
  interactive: boolean,
): Promise<{ provider: string; canonicalId: string }> {
  if (!interactive) {
    refuseMissing([target.provider === undefined && "<provider>", target.canonicalId === undefined && "<canonical-id>"]);
    return target as { provider: string; canonicalId: string };
  }
  const provider = target.provider ?? (await askSearch("Provider", registry.providerNames()));
  const canonicalId = target.canonicalId ?? (await askSearch("Model to remove", servedIds(registry, provider)));
  return { provider, canonicalId };
}

// ── providers, canonical ─────────────────────────────────────────────────

export async function completeProvider(registry: Registry, provider: string | undefined, interactive: boolean, message = "Provider"): Promise<string> {
  if (provider !== undefined) return provider;
  if (!interactive) refuseMissing(["<provider>"]);
  return askSearch(message, registry.providerNames());
}

/** `delete` asks on a terminal and needs `--yes` otherwise. */
export async function confirmDelete(provider: string, yes: boolean, interactive: boolean): Promise<boolean> {
  if (yes) return true;
  if (!interactive) refuseMissing(["--yes"], "there is no terminal to confirm the deletion on");
  const { confirm } = await prompts();
  return confirm({ message: `Delete ${providerFile(provider)} and every model it lists?`, default: false });
}

export async function completeCanonicalId(registry: Registry, id: string | undefined, interactive: boolean, message: string, label = "<id>"): Promise<string> {
  if (id !== undefined) return id;
  if (!interactive) refuseMissing([label]);
  return askSearch(
    message,
    registry.canonicalModels().map((model) => model.id),
  );
}

export async function completeCanonicalAdd(id: string | undefined, values: GivenValue[], interactive: boolean): Promise<{ id: string; values: GivenValue[] }> {
  if (!interactive) {
    refuseMissing([id === undefined && "<id>"]);
    return { id: id!, values };
  }
  id ??= (await askText("Canonical id, <org>/<model>", {
    required: true,
    check: CANONICAL_ID_PATTERN,
    hint: "lowercase <org>/<model>: letters, digits, ., _, -",
  }))!;
  return { id, values: await askMissing(CANONICAL_FIELDS, values, undefined, () => false) };
}
