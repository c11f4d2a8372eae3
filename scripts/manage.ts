#!/usr/bin/env bun
/**
 * `bun run manage [--root DIR] <command> …` — change the registry without
 * hand-editing YAML (SPEC §4). Edits keep every untouched byte, are
 * validated before anything is written, and are written atomically under a
 * registry lock. Exit codes: 0 done, 1 refused (nothing changed), 2 usage.
 */
import { Command, Option } from "commander";
import { configureExits, runCli } from "./lib/cli.ts";
import {
  modalityParser,
  parseBoolean,
  parseCapabilities,
  parseEndpoint,
  parseNullableDate,
  parsePositiveInt,
  parsePrice,
  parseProtocol,
  parseWeight,
} from "./lib/manage/flags.ts";
import { formatCanonical, formatOutcome, formatProviders, formatRoutes } from "./lib/manage/format.ts";
import {
  completeAdd,
  completeAddModel,
  completeCanonicalAdd,
  completeCanonicalId,
  completeProvider,
  completeRemoveModel,
  completeUpdateModel,
  confirmDelete,
  isInteractive,
  isPromptCancel,
} from "./lib/manage/interactive.ts";
import {
  addCanonical,
  addModel,
  addProvider,
  deleteProvider,
  removeCanonical,
  removeModel,
  updateModel,
  type ModelFields,
  type Outcome,
} from "./lib/manage/operations.ts";
import { listCanonical, listProviders, route, showProvider } from "./lib/manage/queries.ts";
import { Registry } from "./lib/manage/registry.ts";
import { ACCESS_MODES, BILLING_MODES, INPUT_MODALITIES, OUTPUT_MODALITIES, PROVIDER_KINDS, STATUSES } from "./lib/schema.ts";

const interactive = isInteractive();
/** Set by a command that printed its own refusal. */
let exitCode = 0;

function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((line) => `  $ bun run manage ${line}`).join("\n")}\n`;
}

const program = new Command("manage")
  .description("Change the registry (providers and canonical models) without hand-editing YAML: every edit keeps comments and layout, is validated before it is written, and is written atomically.")
  .option("--root <dir>", "registry root (holds canonical.yaml and providers/)", ".")
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError("(run with --help for usage)")
  .addHelpText(
    "after",
    `${examples("list", "add-model redpill deepseek/deepseek-v3.2 deepseek/deepseek-v3.2 --no-cache 0.27 --output 0.41", "route deepseek/deepseek-v3.2")}
Exit codes: 0 done, 1 refused (not found, already exists, still referenced, would be invalid; nothing changed), 2 usage error.
On a terminal, missing required values are asked for; otherwise they must be given as flags.`,
  );

const registry = () => Registry.open(program.opts<{ root: string }>().root);

function printOutcome(outcome: Outcome): void {
  const { stdout, stderr } = formatOutcome(outcome);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

// ── read-only ────────────────────────────────────────────────────────────

program
  .command("list")
  .description("List providers: one line each with status and model count.")
  .option("--json", "print a JSON array instead of text")
  .addHelpText("after", examples("list", "--root ../registry list --json"))
  .action((options: { json?: boolean }) => {
    const providers = listProviders(registry());
    if (options.json) printJson(providers);
    else process.stdout.write(formatProviders(providers));
  });

program
  .command("show")
  .description("Print a provider's YAML file as it is written (or its data as JSON).")
  .argument("[provider]", "provider name (its file is providers/<provider>.yaml)")
  .usage("<provider> [options]")
  .option("--json", "print the parsed data as JSON")
  .addHelpText("after", examples("show redpill", "show redpill --json"))
  .action(async (name: string | undefined, options: { json?: boolean }) => {
    const reg = registry();
    const shown = showProvider(reg, await completeProvider(reg, name, interactive));
    if (options.json) printJson(shown.data);
    else process.stdout.write(shown.text.endsWith("\n") ? shown.text : `${shown.text}\n`);
  });

program
  .command("route")
  .description(
    "Show how a model name resolves, as the router resolves it: `provider:model` pins one provider; a bare canonical id cascades over the active providers declaring it, by provider class then name (subscription classes only by pin). Each route shows provider_model_id, protocol, endpoint, price and capabilities; each provider left out says why.",
  )
  .argument("[model]", "a canonical id (`org/model`), or `provider:model` to pin one provider")
  .usage("<model> [options]")
  .option("--env", "count a provider only when its key variable (auth.env, else <NAME>_API_KEY) is set in this environment")
  .option("--json", "print the resolution as JSON")
  .addHelpText("after", examples("route deepseek/deepseek-v3.2", "route deepseek/deepseek-v3.2 --env", "route openrouter:deepseek/deepseek-v3.2 --json"))
  .action(async (model: string | undefined, options: { env?: boolean; json?: boolean }) => {
    const reg = registry();
    const resolution = route(reg, await completeCanonicalId(reg, model, interactive, "Model", "<model>"), options.env ? { env: process.env } : {});
    if (options.json) printJson(resolution);
    else process.stdout.write(formatRoutes(resolution));
    // No route is what the router answers with a 404: a refusal.
    if (resolution.routes.length === 0) exitCode = 1;
  });

// ── providers ────────────────────────────────────────────────────────────

program
  .command("add")
  .description("Create a provider, or update an existing provider's top-level values (its models and comments stay).")
  .argument("[provider]", "provider name; the file is providers/<provider>.yaml")
  .usage("<provider> [options]")
  .addOption(new Option("--status <status>", "routing status (required for a new provider)").choices(STATUSES))
  .option("--api-base <url>", "https base URL of the API (required for a new provider)")
  .option("--protocol <protocol>", 'protocol of its models, or an ordered list (anthropic,openai): the `"*"` entry of api_protocol', parseProtocol)
  .option("--weight <n>", "routing weight between 0 and 1", parseWeight)
  .option("--rpm <n>", 'requests per minute: the `"*"` entry of rate_limits', parsePositiveInt)
  .option("--tpm <n>", 'tokens per minute: the `"*"` entry of rate_limits', parsePositiveInt)
  .option("--contact <email>", "operational contact address")
  .option("--display-name <name>", "human-readable name")
  .addOption(new Option("--kind <kind>", "what kind of provider it is").choices(PROVIDER_KINDS))
  .addOption(new Option("--access <access>", "how credentials are obtained").choices(ACCESS_MODES))
  .addOption(new Option("--billing <billing>", "per-token billing or a flat subscription").choices(BILLING_MODES))
  .option("--doc-url <url>", "https URL of the public API documentation")
  .option("--endpoint <protocol=url>", "per-protocol endpoint base (protocol_endpoints); repeatable", parseEndpoint)
  .addOption(new Option("--auth-kind <kind>", "authentication kind (auth.kind)").choices(["bearer", "header", "oauth", "native"]))
  .option("--auth-env <name>", "environment variable holding the key (auth.env)")
  .option("--auth-header <header>", "header carrying the key, for --auth-kind header (auth.header)")
  .option("--auth-handler <name>", "credential handler, for --auth-kind oauth or native (auth.handler)")
  .option("--submitted-at <date>", "submission date, YYYY-MM-DD")
  .option("--community <bool>", "community-submitted: true or false", parseBoolean)
  .addOption(new Option("--auto-sync <feed>", "pull the full catalogue at run time (auto_sync.feed)").choices(["models_dev", "v1_models"]))
  .option("--auto-sync-key <key>", "the provider's models.dev key, for --auto-sync models_dev")
  .option("--auto-sync-url <url>", "the /models listing, for --auto-sync v1_models")
  .addHelpText(
    "after",
    examples(
      "add redpill --status active --protocol openai --weight 1.0 --rpm 60 --contact ops@example.com",
      "add acme --status staging --api-base https://api.acme.example/v1 --protocol openai --auth-kind bearer --auth-env ACME_API_KEY",
    ),
  )
  .action(async (name: string | undefined, options: Record<string, unknown>) => {
    const reg = registry();
    const fields = {
      status: options.status as string | undefined,
      apiBase: options.apiBase as string | undefined,
      protocol: options.protocol as ModelFields["protocol"],
      weight: options.weight as number | undefined,
      rpm: options.rpm as number | undefined,
      tpm: options.tpm as number | undefined,
      contact: options.contact as string | undefined,
      displayName: options.displayName as string | undefined,
      kind: options.kind as string | undefined,
      access: options.access as string | undefined,
      billing: options.billing as string | undefined,
      docUrl: options.docUrl as string | undefined,
      endpoints: options.endpoint as Record<string, string> | undefined,
      authKind: options.authKind as string | undefined,
      authEnv: options.authEnv as string | undefined,
      authHeader: options.authHeader as string | undefined,
      authHandler: options.authHandler as string | undefined,
      submittedAt: options.submittedAt as string | undefined,
      community: options.community as boolean | undefined,
      autoSync: options.autoSync as string | undefined,
      autoSyncKey: options.autoSyncKey as string | undefined,
      autoSyncUrl: options.autoSyncUrl as string | undefined,
    };
    const complete = await completeAdd(reg, name, fields, interactive);
    printOutcome(await addProvider(reg, complete.name, complete.fields));
  });

program
  .command("delete")
  .description("Delete a provider's file. Asks for confirmation on a terminal; needs --yes otherwise.")
  .argument("[provider]", "provider name")
  .usage("<provider> [options]")
  .option("-y, --yes", "delete without asking")
  .addHelpText("after", examples("delete redpill --yes"))
  .action(async (name: string | undefined, options: { yes?: boolean }) => {
    const reg = registry();
    const provider = await completeProvider(reg, name, interactive, "Provider to delete");
    if (!(await confirmDelete(provider, Boolean(options.yes), interactive))) {
      process.stdout.write("nothing deleted\n");
      return;
    }
    printOutcome(await deleteProvider(reg, provider));
  });

// ── provider models ──────────────────────────────────────────────────────

function modelOptions(command: Command): Command {
  return command
    .option("--no-cache <usd>", "price of uncached input tokens, USD per 1M (pricing.input_tokens.no_cache)", parsePrice)
    .option("--cache-read <usd>", "price of cached input tokens read, USD per 1M", parsePrice)
    .option("--cache-write <usd>", "price of input tokens written to the cache, USD per 1M", parsePrice)
    .option("--output <usd>", "price of output tokens, USD per 1M (pricing.output_tokens.text)", parsePrice)
    .option("--reasoning <usd>", "price of reasoning tokens, USD per 1M", parsePrice)
    .option("--protocol <protocol>", "model-level protocol (beats every provider pattern), or an ordered list", parseProtocol)
    .option("--capabilities <list>", 'comma-separated capabilities, e.g. tools,reasoning ("" for none)', parseCapabilities)
    .option("--rpm <n>", "model requests per minute", parsePositiveInt)
    .option("--tpm <n>", "model tokens per minute", parsePositiveInt)
    .option("--deprecation-date <date>", "date the provider retires the model, YYYY-MM-DD (`none` for null)", parseNullableDate);
}

function modelFields(options: Record<string, unknown>): ModelFields {
  return {
    providerModelId: options.providerModelId as string | undefined,
    // `--no-cache` is negatable to commander: absent, it reads `true`.
    noCache: typeof options.cache === "number" ? options.cache : undefined,
    cacheRead: options.cacheRead as number | undefined,
    cacheWrite: options.cacheWrite as number | undefined,
    output: options.output as number | undefined,
    reasoning: options.reasoning as number | undefined,
    protocol: options.protocol as ModelFields["protocol"],
    capabilities: options.capabilities as string[] | undefined,
    rpm: options.rpm as number | undefined,
    tpm: options.tpm as number | undefined,
    deprecationDate: options.deprecationDate as string | null | undefined,
  };
}

modelOptions(
  program
    .command("add-model")
    .description("Add a model to a provider: its canonical id, the id the provider's API uses, and optionally price, protocol, capabilities and limits.")
    .argument("[provider]", "provider name")
    .argument("[canonical-id]", "canonical model id (must be in canonical.yaml)")
    .argument("[provider-model-id]", "the id the provider's API calls the model")
    .usage("<provider> <canonical-id> <provider-model-id> [options]"),
)
  .addHelpText("after", examples("add-model redpill deepseek/deepseek-v3.2 deepseek/deepseek-v3.2 --no-cache 0.27 --cache-read 0.054 --output 0.41 --capabilities tools,reasoning"))
  .action(async (provider: string | undefined, canonicalId: string | undefined, providerModelId: string | undefined, options: Record<string, unknown>) => {
    const reg = registry();
    const target = await completeAddModel(reg, { provider, canonicalId, providerModelId }, interactive);
    printOutcome(await addModel(reg, target.provider, target.canonicalId, target.providerModelId, modelFields(options)));
  });

modelOptions(
  program
    .command("update-model")
    .description("Change an existing model entry of a provider (typically its price); untouched values and comments stay.")
    .argument("[provider]", "provider name")
    .argument("[canonical-id]", "canonical id of the entry to change")
    .usage("<provider> <canonical-id> [options]")
    .option("--provider-model-id <id>", "the id the provider's API calls the model"),
)
  .addHelpText("after", examples("update-model redpill deepseek/deepseek-v3.2 --output 0.42", "update-model redpill deepseek/deepseek-v3.2 --capabilities tools,reasoning --rpm 30"))
  .action(async (provider: string | undefined, canonicalId: string | undefined, options: Record<string, unknown>) => {
    const reg = registry();
    const complete = await completeUpdateModel(reg, { provider, canonicalId }, modelFields(options), interactive);
    if (Object.values(complete.fields).every((value) => value === undefined)) {
      process.stdout.write("nothing to change\n");
      return;
    }
    printOutcome(await updateModel(reg, complete.provider, complete.canonicalId, complete.fields));
  });

program
  .command("remove-model")
  .description("Remove a model entry from a provider (only that entry's lines).")
  .argument("[provider]", "provider name")
  .argument("[canonical-id]", "canonical id of the entry to remove")
  .usage("<provider> <canonical-id> [options]")
  .addHelpText("after", examples("remove-model redpill deepseek/deepseek-v3.2"))
  .action(async (provider: string | undefined, canonicalId: string | undefined) => {
    const reg = registry();
    const target = await completeRemoveModel(reg, { provider, canonicalId }, interactive);
    printOutcome(await removeModel(reg, target.provider, target.canonicalId));
  });

// ── canonical models ─────────────────────────────────────────────────────

const canonical = program
  .command("canonical")
  .description("List, add or remove canonical models (canonical.yaml).")
  .addHelpText("after", examples("canonical list", "canonical add acme/widget-1 --name \"Acme: Widget 1\" --input-modalities text,image --output-modalities text", "canonical remove acme/widget-1"));

canonical
  .command("list")
  .description("List canonical models: id and name.")
  .option("--json", "print the entries as a JSON array")
  .addHelpText("after", examples("canonical list", "canonical list --json"))
  .action((options: { json?: boolean }) => {
    const models = listCanonical(registry());
    if (options.json) printJson(models);
    else process.stdout.write(formatCanonical(models));
  });

canonical
  .command("add")
  .description("Add a canonical model to canonical.yaml.")
  .argument("[id]", "canonical id, lowercase `<org>/<model>`")
  .usage("<id> [options]")
  .option("--name <name>", "human-readable name")
  .option("--description <text>", "one or two sentences about the model")
  .option("--input-modalities <list>", `what it accepts, comma-separated (${INPUT_MODALITIES.join(", ")})`, modalityParser(INPUT_MODALITIES))
  .option("--output-modalities <list>", `what it produces, comma-separated (${OUTPUT_MODALITIES.join(", ")})`, modalityParser(OUTPUT_MODALITIES))
  .option("--max-input-tokens <n>", "context window in tokens", parsePositiveInt)
  .option("--max-output-tokens <n>", "maximum output in tokens", parsePositiveInt)
  .option("--release-date <date>", "public release date, YYYY-MM-DD")
  .option("--knowledge-cutoff <date>", "training cut-off, YYYY-MM or YYYY-MM-DD")
  .option("--open-weights <bool>", "whether the weights are public: true or false", parseBoolean)
  .option("--family <family>", "model family, e.g. claude-sonnet")
  .addHelpText("after", examples('canonical add acme/widget-1 --name "Acme: Widget 1" --input-modalities text,image --output-modalities text --max-input-tokens 128000 --max-output-tokens 8192'))
  .action(async (id: string | undefined, options: Record<string, unknown>) => {
    const reg = registry();
    const complete = await completeCanonicalAdd(
      id,
      {
        name: options.name as string | undefined,
        description: options.description as string | undefined,
        inputModalities: options.inputModalities as string[] | undefined,
        outputModalities: options.outputModalities as string[] | undefined,
        maxInputTokens: options.maxInputTokens as number | undefined,
        maxOutputTokens: options.maxOutputTokens as number | undefined,
        releaseDate: options.releaseDate as string | undefined,
        knowledgeCutoff: options.knowledgeCutoff as string | undefined,
        openWeights: options.openWeights as boolean | undefined,
        family: options.family as string | undefined,
      },
      interactive,
    );
    printOutcome(await addCanonical(reg, complete.id, complete.fields));
  });

canonical
  .command("remove")
  .description("Remove a canonical model; refused while any provider still serves it (the message names them).")
  .argument("[id]", "canonical id")
  .usage("<id> [options]")
  .addHelpText("after", examples("canonical remove acme/widget-1"))
  .action(async (id: string | undefined) => {
    const reg = registry();
    printOutcome(await removeCanonical(reg, await completeCanonicalId(reg, id, interactive, "Canonical model to remove")));
  });

await runCli("manage", async () => {
  configureExits(program);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (!isPromptCancel(error)) throw error;
    process.stderr.write("manage: cancelled; nothing was changed\n");
    return 130;
  }
  return exitCode;
});
