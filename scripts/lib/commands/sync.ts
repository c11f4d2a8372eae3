/** The `sync` command, started by scripts/sync.ts (its usage is there): the registry compared with (and updated from) the providers' public catalogues. */
import { Command, Option } from "commander";
import { configureExits, registryRoot, runCli } from "../cli.ts";
import { UsageError } from "../errors.ts";
import { providerFileFor } from "../registry-layout.ts";
import { PUBLIC_HTTPS } from "../sync/fetch.ts";
import { formatSyncJson, formatSyncMarkdown } from "../sync/format.ts";
import { runSync, syncExitCode } from "../sync/index.ts";
import { formatPriceReview, priceReviewExitCode, reviewPrices } from "../sync/prices.ts";

const program = new Command("sync")
  .description("Bring the catalogues and prices of providers that declare auto_sync up to date from their feeds (models.dev, the provider's /models).")
  .option("--root <dir>", "registry root (holds canonical.yaml or models/, and providers/)", ".")
  .option("--provider <names...>", "only these providers")
  .option("--models-dev <file-or-url>", "the models.dev catalogue (api.json): a file, or an https URL (default: the public one)")
  .option("--write", "apply the plan through manage's editor (default: print it, change nothing)")
  .option("--check", "exit 1 when --write would change a file")
  .option("--prices", "list every priced entry whose price differs by more than 10% from the sources given (changes nothing)")
  .option("--openrouter <file-or-url>", "with --prices: an OpenRouter-style models list ({data:[{id, pricing}]}) to compare with")
  .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
  .addHelpText(
    "after",
    "\nExamples:\n  bun run sync --models-dev ../shared/fixtures/models-dev/api.json\n  bun run sync --provider openai anthropic --write\n  bun run sync --check\n  bun run sync --prices --openrouter openrouter-models.json\n\nFeeds are read over https only, with timeouts and a size cap, never from a private address.\nExit codes: 0 done; 1 a feed failed, the plan was refused, or (--check) a write would change a file; 2 usage error.",
  );

interface Flags {
  root: string;
  provider?: string[];
  modelsDev?: string;
  write?: boolean;
  check?: boolean;
  prices?: boolean;
  openrouter?: string;
  format: "markdown" | "json";
}

export function run(): Promise<void> {
  return runCli("sync", async () => {
    configureExits(program);
    program.parse(process.argv);
    const flags = program.opts<Flags>();
    const { root, source } = registryRoot(flags.root);
    const known = new Set(source.list().map((entry) => entry.path));
    const unknown = (flags.provider ?? []).filter((name) => !known.has(providerFileFor(name)));
    if (unknown.length > 0) throw new UsageError(`no such provider: ${unknown.join(", ")} (no providers/<name>.yaml)`);
    if (flags.prices && (flags.write || flags.check)) throw new UsageError("--prices only reports; it cannot be combined with --write or --check");
    if (flags.openrouter && !flags.prices) throw new UsageError("--openrouter is read by --prices only");
    if (flags.write && flags.check) throw new UsageError("--check reports what --write would do; use one of them");
    const common = { root, guard: PUBLIC_HTTPS, ...(flags.provider ? { providers: flags.provider } : {}) };
    if (flags.prices) {
      const review = await reviewPrices({ ...common, modelsDev: flags.modelsDev, openrouter: flags.openrouter });
      process.stdout.write(formatPriceReview(review, flags.format));
      return priceReviewExitCode(review);
    }
    const report = await runSync({ ...common, ...(flags.modelsDev ? { modelsDev: flags.modelsDev } : {}), write: flags.write === true });
    process.stdout.write(flags.format === "json" ? formatSyncJson(report) : formatSyncMarkdown(report));
    return syncExitCode(report, flags.check === true);
  });
}
