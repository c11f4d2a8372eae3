/** The `manage` command, started by scripts/manage.ts (its usage is there): its subcommands, their flags, prompts and outcomes. */
import { Command } from "commander";
import { configureExits, runCli } from "../cli.ts";
import { UsageError } from "../errors.ts";
import { CANONICAL_FIELDS, MODEL_FIELDS, PROVIDER_FIELDS } from "../manage/fields.ts";
import { addFieldOptions, givenValues } from "../manage/flags.ts";
import { formatCanonical, formatOutcome, formatProviders, formatRoutes } from "../manage/format.ts";
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
} from "../manage/interactive.ts";
import {
  addCanonical,
  addModel,
  addProvider,
  deleteProvider,
  promotePrice,
  schedulePrice,
  removeCanonical,
  removeModel,
  updateModel,
  type Outcome,
} from "../manage/operations.ts";
import { listCanonical, listProviders, route, showProvider } from "../manage/queries.ts";
import { invocation, Registry } from "../manage/registry.ts";

const interactive = isInteractive();
/** Set by a command that printed its own refusal. */
let exitCode = 0;

/** Examples use providers and models this repository has, in the form the user ran manage in. */
function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((line) => `  $ ${invocation()} ${line}`).join("\n")}\n`;
}

const program = new Command("manage")
  .description(
    "Change the registry (providers and canonical models) without hand-editing YAML: every edit keeps comments and layout, is validated before it is written, and is written atomically.",
  )
  .option("--root <dir>", "registry root (holds providers/ and canonical.yaml or models/)", ".")
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError("(run with --help for usage)")
  .addHelpText(
    "after",
    `${examples("list", "add-model openrouter anthropic/claude-opus-4.6 anthropic/claude-opus-4.6 --no-cache 5 --output 25", "route anthropic/claude-sonnet-4.6")}
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
  .addHelpText("after", examples("list", "list --json"))
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
  .addHelpText("after", examples("show deepseek", "show deepseek --json"))
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
  .addHelpText(
    "after",
    examples("route anthropic/claude-sonnet-4.6", "route anthropic/claude-sonnet-4.6 --env", "route openrouter:anthropic/claude-sonnet-4.6 --json"),
  )
  .action(async (model: string | undefined, options: { env?: boolean; json?: boolean }) => {
    const reg = registry();
    const resolution = route(reg, await completeCanonicalId(reg, model, interactive, "Model", "<model>"), options.env ? { env: process.env } : {});
    if (options.json) printJson(resolution);
    else process.stdout.write(formatRoutes(resolution));
    // No route is what the router answers with a 404: a refusal.
    if (resolution.routes.length === 0) exitCode = 1;
  });

// ── providers ────────────────────────────────────────────────────────────

const add = program
  .command("add")
  .description("Create a provider, or update an existing provider's top-level values (its models and comments stay).")
  .argument("[provider]", "provider name; the file is providers/<provider>.yaml")
  .usage("<provider> [options]")
  .addHelpText(
    "after",
    examples(
      "add acme --status staging --api-base https://api.acme.example/v1 --protocol openai --auth-kind bearer --auth-env ACME_API_KEY",
      "add deepseek --doc-url https://api-docs.deepseek.com/",
    ),
  )
  .action(async (name: string | undefined) => {
    const reg = registry();
    const complete = await completeAdd(reg, name, givenValues(add, PROVIDER_FIELDS), interactive);
    printOutcome(await addProvider(reg, complete.name, complete.values));
  });
addFieldOptions(add, PROVIDER_FIELDS);

program
  .command("delete")
  .description("Delete a provider's file. Asks for confirmation on a terminal; needs --yes otherwise.")
  .argument("[provider]", "provider name")
  .usage("<provider> [options]")
  .option("-y, --yes", "delete without asking")
  .addHelpText("after", examples("delete nano-gpt --yes"))
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

const addModelCommand = program
  .command("add-model")
  .description(
    "Add a model to a provider: its canonical id, the id the provider's API uses, and optionally price, protocol, capabilities and limits. On a terminal, the prices are asked for.",
  )
  .argument("[provider]", "provider name")
  .argument("[canonical-id]", "canonical model id (must be a canonical model)")
  .argument("[provider-model-id]", "the id the provider's API calls the model")
  .usage("<provider> <canonical-id> <provider-model-id> [options]")
  .addHelpText(
    "after",
    examples("add-model openrouter anthropic/claude-opus-4.6 anthropic/claude-opus-4.6 --no-cache 5 --cache-read 0.5 --cache-write 6.25 --output 25"),
  )
  .action(async (provider: string | undefined, canonicalId: string | undefined, providerModelId: string | undefined) => {
    const reg = registry();
    const target = await completeAddModel(reg, { provider, canonicalId, providerModelId }, givenValues(addModelCommand, MODEL_FIELDS), interactive);
    printOutcome(await addModel(reg, target.provider, target.canonicalId, target.providerModelId, target.values));
  });
addFieldOptions(
  addModelCommand,
  MODEL_FIELDS.filter((field) => field.path[0] !== "provider_model_id"),
);

const updateModelCommand = program
  .command("update-model")
  .description("Change an existing model entry of a provider (typically its price); untouched values and comments stay.")
  .argument("[provider]", "provider name")
  .argument("[canonical-id]", "canonical id of the entry to change")
  .usage("<provider> <canonical-id> [options]")
  .addHelpText(
    "after",
    examples(
      "update-model openrouter anthropic/claude-sonnet-4.6 --output 15",
      "update-model openrouter anthropic/claude-sonnet-4.6 --capabilities structured_outputs,tools,reasoning,image_input,file_input",
    ),
  )
  .action(async (provider: string | undefined, canonicalId: string | undefined) => {
    const reg = registry();
    const complete = await completeUpdateModel(reg, { provider, canonicalId }, givenValues(updateModelCommand, MODEL_FIELDS), interactive);
    if (complete.values.length === 0) {
      process.stdout.write("nothing to change\n");
      return;
    }
    printOutcome(await updateModel(reg, complete.provider, complete.canonicalId, complete.values));
  });
addFieldOptions(updateModelCommand, MODEL_FIELDS);

program
  .command("remove-model")
  .description("Remove a model entry from a provider (only that entry's lines and its leading comment); a pattern left matching nothing is named.")
  .argument("[provider]", "provider name")
  .argument("[canonical-id]", "canonical id of the entry to remove")
  .usage("<provider> <canonical-id> [options]")
  .addHelpText("after", examples("remove-model openrouter openai/gpt-4o-mini"))
  .action(async (provider: string | undefined, canonicalId: string | undefined) => {
    const reg = registry();
    const target = await completeRemoveModel(reg, { provider, canonicalId }, interactive);
    printOutcome(await removeModel(reg, target.provider, target.canonicalId));
  });

program
  .command("promote-price")
  .description(
    "Make a scheduled price whose day has come the price in force: it becomes `pricing`, the price it replaces moves to `pricing_history` with the day it ended.",
  )
  .argument("<provider>", "provider name")
  .argument("<canonical-id>", "canonical id of the entry")
  .option("--as-of <date>", "promote what is due on this day, YYYY-MM-DD (default today, UTC)")
  .addHelpText(
    "after",
    "\nRun it when `validate` reports scheduled-price-due: the warning names the provider and the canonical id. With nothing due it refuses (exit 1) and names the next date.\n",
  )
  .action(async (provider: string, canonicalId: string, options: { asOf?: string }) => {
    const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of expects a date, YYYY-MM-DD, got \`${asOf}\``);
    printOutcome(await promotePrice(registry(), provider, canonicalId, asOf));
  });

const PRICE_FIELDS = MODEL_FIELDS.filter((field) => field.path[0] === "pricing" && !field.pattern);
const schedulePriceCommand = program
  .command("schedule-price")
  .description("Announce a price: append it to the entry's `pricing_schedule` with the day it starts; `pricing` stays the price in force until promote-price.")
  .argument("<provider>", "provider name")
  .argument("<canonical-id>", "canonical id of the entry")
  .requiredOption("--from <date>", "the day the price starts, YYYY-MM-DD")
  .addHelpText(
    "after",
    "\nThe price flags are add-model's; give the announcement as --pricing-source and the day you read it as --verified-at. promote-price makes it the price in force once its day has come (validate reports scheduled-price-due).\n",
  )
  .action(async (provider: string, canonicalId: string, options: { from: string }) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.from)) throw new UsageError(`--from expects a date, YYYY-MM-DD, got \`${options.from}\``);
    printOutcome(await schedulePrice(registry(), provider, canonicalId, options.from, givenValues(schedulePriceCommand, PRICE_FIELDS)));
  });
addFieldOptions(schedulePriceCommand, PRICE_FIELDS);

// ── canonical models ─────────────────────────────────────────────────────

const canonical = program
  .command("canonical")
  .description("List, add or remove canonical models (canonical.yaml, or models/<org>.yaml).")
  .addHelpText(
    "after",
    examples(
      "canonical list",
      'canonical add acme/widget-1 --name "Acme: Widget 1" --input-modalities text,image --output-modalities text',
      "canonical remove acme/widget-1",
    ),
  );

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

const canonicalAdd = canonical
  .command("add")
  .description("Add a canonical model: to canonical.yaml, or in the models/ layout to models/<org>.yaml (created, as a sequence, for a new org).")
  .argument("[id]", "canonical id, lowercase `<org>/<model>`")
  .usage("<id> [options]")
  .addHelpText("after", examples('canonical add acme/widget-1 --name "Acme: Widget 1" --input-modalities text,image --output-modalities text'))
  .action(async (id: string | undefined) => {
    const reg = registry();
    const complete = await completeCanonicalAdd(id, givenValues(canonicalAdd, CANONICAL_FIELDS), interactive);
    printOutcome(await addCanonical(reg, complete.id, complete.values));
  });
addFieldOptions(canonicalAdd, CANONICAL_FIELDS);

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

export function run(): Promise<void> {
  return runCli("manage", async () => {
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
}
