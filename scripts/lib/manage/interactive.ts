/**
 * Filling in what a command was not given. On a terminal, every missing
 * required value is asked for (selects for enums, validated inputs for
 * numbers, defaults from the existing file); without one nothing is ever
 * asked: a UsageError names every missing flag at once.
 */
import { UsageError } from "../cli.ts";
import { asArray, asRecord, asString } from "../rules/types.ts";
import { CANONICAL_ID_PATTERN, HTTPS_URL_PATTERN, INPUT_MODALITIES, OUTPUT_MODALITIES, PROTOCOLS, PROVIDER_NAME_PATTERN, providerSchema, STATUSES } from "../schema.ts";
import type { CanonicalFields, ModelFields, ProviderFields } from "./operations.ts";
import { checkProviderName, providerFile, type Registry } from "./registry.ts";

export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** Ctrl-C at a prompt. */
export function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && error.name === "ExitPromptError";
}

function refuseMissing(missing: string[], why = "there is no terminal to ask on"): void {
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(", ")} (${why})`);
}

const prompts = () => import("@inquirer/prompts");

async function askSearch(message: string, choices: readonly string[]): Promise<string> {
  const { search } = await prompts();
  return search({
    message,
    source: (term) => {
      const needle = (term ?? "").toLowerCase();
      return choices.filter((choice) => choice.toLowerCase().includes(needle)).slice(0, 200).map((value) => ({ value }));
    },
  });
}

async function askSelect(message: string, choices: readonly string[], defaultValue?: string): Promise<string> {
  const { select } = await prompts();
  return select({ message, choices: choices.map((value) => ({ value })), default: defaultValue });
}

async function askText(message: string, options: { default?: string; required?: boolean; check?: (value: string) => boolean; hint?: string }): Promise<string | undefined> {
  const { input } = await prompts();
  const answer = await input({
    message,
    default: options.default,
    required: options.required ?? false,
    validate: (value) => (value === "" && !options.required) || !options.check || options.check(value) || (options.hint ?? "not valid"),
  });
  return answer === "" ? undefined : answer;
}

async function askNumber(message: string, options: { default?: number; min?: number; max?: number; integer?: boolean }): Promise<number | undefined> {
  const { number } = await prompts();
  return number({ message, default: options.default, min: options.min, max: options.max, step: options.integer ? 1 : "any", required: false });
}

async function askChoices(message: string, choices: readonly string[], checked: readonly string[]): Promise<string[]> {
  const { checkbox } = await prompts();
  return checkbox({ message, choices: choices.map((value) => ({ value, checked: checked.includes(value) })) });
}

const isProviderName = (value: string) => PROVIDER_NAME_PATTERN.test(value);
const isHttpsUrl = (value: string) => HTTPS_URL_PATTERN.test(value);
const isEmail = (value: string) => providerSchema.shape.contact.safeParse(value).success;

// ── add ──────────────────────────────────────────────────────────────────

const ADD_FLAGS: Array<keyof ProviderFields> = [
  "status", "displayName", "kind", "access", "billing", "apiBase", "docUrl", "protocol", "endpoints", "authKind", "authEnv", "authHeader",
  "authHandler", "rpm", "tpm", "weight", "contact", "submittedAt", "community", "autoSync", "autoSyncKey", "autoSyncUrl",
];

export async function completeAdd(registry: Registry, name: string | undefined, fields: ProviderFields, interactive: boolean): Promise<{ name: string; fields: ProviderFields }> {
  if (name !== undefined) checkProviderName(name);
  const given = ADD_FLAGS.some((flag) => fields[flag] !== undefined);
  const exists = name !== undefined && registry.exists(providerFile(name));
  if (!interactive) {
    if (name !== undefined && exists && !given) throw new UsageError("nothing to change: give at least one of --status, --api-base, --protocol, --weight, --rpm, --contact, … (see `manage add --help`)");
    refuseMissing([name === undefined && "<provider>", !exists && fields.status === undefined && "--status", !exists && fields.apiBase === undefined && "--api-base"].filter((flag): flag is string => Boolean(flag)));
    return { name: name!, fields };
  }
  name ??= (await askText("Provider name (the file is providers/<name>.yaml)", { required: true, check: isProviderName, hint: "a lowercase letter, then lowercase letters, digits or -" }))!;
  const current = isProviderName(name) ? registry.readData(providerFile(name)) : undefined;
  // An existing provider with flags given is a scripted edit: ask nothing more.
  if (current && given) return { name, fields };
  const filled: ProviderFields = { ...fields };
  filled.status ??= await askSelect("Status (only active providers are routed to)", STATUSES, asString(current?.status) ?? "active");
  filled.apiBase ??= await askText("API base URL", { default: asString(current?.api_base), required: true, check: isHttpsUrl, hint: "an https URL, e.g. https://api.example.com/v1" });
  if (filled.protocol === undefined) {
    const star = asArray(current?.api_protocol).map(asRecord).find((entry) => entry && Object.hasOwn(entry, "*"))?.["*"];
    const answer = await askSelect("Protocol of its models (the `\"*\"` entry of api_protocol)", PROTOCOLS, typeof star === "string" ? star : "openai");
    // Writing the default protocol where none was written changes nothing a router sees.
    if (star !== undefined || answer !== "openai" || !current) filled.protocol = answer as ProviderFields["protocol"];
  }
  if (filled.weight === undefined) {
    const weight = typeof current?.weight === "number" ? current.weight : undefined;
    const answer = await askNumber("Routing weight, 0 to 1", { default: weight ?? 1, min: 0, max: 1 });
    if (answer !== undefined && (weight !== undefined || answer !== 1)) filled.weight = answer;
  }
  if (filled.rpm === undefined) {
    const star = asRecord(asArray(current?.rate_limits).map(asRecord).find((entry) => entry && Object.hasOwn(entry, "*"))?.["*"]);
    const rpm = typeof star?.requests_per_minute === "number" ? star.requests_per_minute : undefined;
    filled.rpm = await askNumber("Requests per minute (empty for none published)", { default: rpm, min: 1, integer: true });
  }
  filled.contact ??= await askText("Operational contact email (empty for none)", { default: asString(current?.contact), check: isEmail, hint: "an email address" });
  return { name, fields: filled };
}

// ── models ───────────────────────────────────────────────────────────────

function servedIds(registry: Registry, provider: string): string[] {
  const data = isProviderName(provider) ? registry.readData(providerFile(provider)) : undefined;
  return asArray(data?.models)
    .map((entry) => asString(asRecord(entry)?.id))
    .filter((id): id is string => id !== undefined);
}

export interface ModelTarget {
  provider: string;
  canonicalId: string;
  providerModelId: string;
}

export async function completeAddModel(registry: Registry, target: Partial<ModelTarget>, interactive: boolean): Promise<ModelTarget> {
  if (!interactive) {
    refuseMissing(
      [target.provider === undefined && "<provider>", target.canonicalId === undefined && "<canonical-id>", target.providerModelId === undefined && "<provider-model-id>"].filter(
        (flag): flag is string => Boolean(flag),
      ),
    );
    return target as ModelTarget;
  }
  const provider = target.provider ?? (await askSearch("Provider", registry.providerNames()));
  let canonicalId = target.canonicalId;
  if (canonicalId === undefined) {
    const served = new Set(servedIds(registry, provider));
    canonicalId = await askSearch("Canonical model id (type to filter)", registry.canonicalModels().map((model) => model.id).filter((id) => !served.has(id)));
  }
  const providerModelId =
    target.providerModelId ?? (await askText("Provider model id (the id the provider's API uses)", { default: canonicalId.slice(canonicalId.indexOf("/") + 1), required: true }))!;
  return { provider, canonicalId, providerModelId };
}

const MODEL_FLAGS: Array<keyof ModelFields> = ["providerModelId", "noCache", "cacheRead", "cacheWrite", "output", "reasoning", "protocol", "capabilities", "rpm", "tpm", "deprecationDate"];

export async function completeUpdateModel(
  registry: Registry,
  target: { provider?: string; canonicalId?: string },
  fields: ModelFields,
  interactive: boolean,
): Promise<{ provider: string; canonicalId: string; fields: ModelFields }> {
  const given = MODEL_FLAGS.some((flag) => fields[flag] !== undefined);
  if (!interactive) {
    refuseMissing(
      [target.provider === undefined && "<provider>", target.canonicalId === undefined && "<canonical-id>", !given && "a value to change (--no-cache, --cache-read, --output, --capabilities, …)"].filter(
        (flag): flag is string => Boolean(flag),
      ),
    );
    return { provider: target.provider!, canonicalId: target.canonicalId!, fields };
  }
  const provider = target.provider ?? (await askSearch("Provider", registry.providerNames()));
  const canonicalId = target.canonicalId ?? (await askSearch("Model to update", servedIds(registry, provider)));
  if (given) return { provider, canonicalId, fields };
  // Nothing given: ask for the prices, starting from the current ones.
  const entry = asRecord(asArray(registry.readData(providerFile(provider))?.models).find((model) => asRecord(model)?.id === canonicalId));
  const pricing = asRecord(entry?.pricing);
  const current = (group: string, key: string) => {
    const value = asRecord(pricing?.[group])?.[key];
    return typeof value === "number" ? value : undefined;
  };
  const filled: ModelFields = {};
  const ask = async (field: "noCache" | "cacheRead" | "output", message: string, group: string, key: string) => {
    const before = current(group, key);
    const answer = await askNumber(`${message}, USD per 1M tokens (empty to leave ${before === undefined ? "unset" : "as is"})`, { default: before, min: 0 });
    if (answer !== undefined && answer !== before) filled[field] = answer;
  };
  await ask("noCache", "Input price", "input_tokens", "no_cache");
  await ask("cacheRead", "Cached input price", "input_tokens", "cache_read");
  await ask("output", "Output price", "output_tokens", "text");
  return { provider, canonicalId, fields: filled };
}

/** `remove-model`: the provider and the model, asked for when missing. */
export async function completeRemoveModel(registry: Registry, target: { provider?: string; canonicalId?: string }, interactive: boolean): Promise<{ provider: string; canonicalId: string }> {
  if (!interactive) {
    refuseMissing([target.provider === undefined && "<provider>", target.canonicalId === undefined && "<canonical-id>"].filter((flag): flag is string => Boolean(flag)));
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
  return askSearch(message, registry.canonicalModels().map((model) => model.id));
}

export async function completeCanonicalAdd(id: string | undefined, fields: CanonicalFields, interactive: boolean): Promise<{ id: string; fields: CanonicalFields }> {
  if (!interactive) {
    refuseMissing(id === undefined ? ["<id>"] : []);
    return { id: id!, fields };
  }
  id ??= (await askText("Canonical id, <org>/<model>", { required: true, check: (value) => CANONICAL_ID_PATTERN.test(value), hint: "lowercase <org>/<model>: letters, digits, ., _, -" }))!;
  const filled: CanonicalFields = { ...fields };
  filled.name ??= await askText("Display name (empty to skip)", {});
  const orNothing = (chosen: string[]) => (chosen.length > 0 ? chosen : undefined);
  filled.inputModalities ??= orNothing(await askChoices("Input modalities", INPUT_MODALITIES, ["text"]));
  filled.outputModalities ??= orNothing(await askChoices("Output modalities", OUTPUT_MODALITIES, ["text"]));
  filled.maxInputTokens ??= await askNumber("Context window in tokens (empty if unknown)", { min: 1, integer: true });
  filled.maxOutputTokens ??= await askNumber("Maximum output tokens (empty if unknown)", { min: 1, integer: true });
  return { id, fields: filled };
}
