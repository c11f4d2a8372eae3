/** Text output of `manage`: plain columns, one formatter per kind of result. */
import { asRecord } from "../data.ts";
import type { Outcome } from "./operations.ts";
import type { RouteResolution, RouteRow } from "../route.ts";
import type { ProviderSummary } from "./queries.ts";
import { formatProblem } from "./registry.ts";

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

/** What a mutation prints: the summary (and next step) on stdout, warnings on stderr. */
export function formatOutcome(outcome: Outcome): { stdout: string; stderr: string } {
  let stdout = `${outcome.summary}\n`;
  if (outcome.note) stdout += `${outcome.note}\n`;
  if (outcome.next) stdout += `  ${outcome.next}\n`;
  const stderr = outcome.warnings.map((problem) => `warning: ${formatProblem(problem)}\n`).join("");
  return { stdout, stderr };
}

export function formatProviders(providers: ProviderSummary[]): string {
  if (providers.length === 0) return "no providers\n";
  return table(
    ["PROVIDER", "STATUS", "MODELS"],
    providers.map((p) => [p.name, p.status ?? "?", p.problem ? p.problem : String(p.models ?? "?")]),
  );
}

export function formatCanonical(models: Array<Record<string, unknown>>): string {
  return table(
    ["ID", "NAME"],
    models.map((model) => [String(model.id), typeof model.name === "string" ? model.name : ""]),
  );
}

function price(pricing: Record<string, unknown> | null, group: string, key: string): string {
  const value = asRecord(pricing?.[group])?.[key];
  return typeof value === "number" ? String(value) : "-";
}

function routeRow(route: RouteRow): string[] {
  const tiers = Array.isArray(route.pricing?.context_tiers)
    ? ` (+${route.pricing.context_tiers.length} tier${route.pricing.context_tiers.length === 1 ? "" : "s"})`
    : "";
  return [
    route.provider,
    route.class,
    route.provider_model_id,
    route.protocols.length > 1 ? `${route.protocol} (of ${route.protocols.join(",")})` : route.protocol,
    route.endpoint ?? "(set by the deployment)",
    price(route.pricing, "input_tokens", "no_cache"),
    price(route.pricing, "input_tokens", "cache_read"),
    price(route.pricing, "output_tokens", "text") + tiers,
    route.capabilities.join(",") || "-",
  ];
}

/** The routes in the order the router tries them, then every provider left out and why. */
export function formatRoutes(resolution: RouteResolution): string {
  const { routes, excluded } = resolution;
  const what = resolution.mode === "pinned" ? `${resolution.query} (pinned to ${resolution.pinned})` : resolution.model;
  let text =
    routes.length === 0
      ? `${what}: no route — the router answers 404\n`
      : `${what}: ${routes.length} route${routes.length === 1 ? "" : "s"}, tried in this order (prices in USD per 1M tokens)\n` +
        table(["PROVIDER", "CLASS", "PROVIDER MODEL ID", "PROTOCOL", "ENDPOINT", "INPUT", "CACHED", "OUTPUT", "CAPABILITIES"], routes.map(routeRow));
  for (const route of routes) {
    if (!route.declared) text += `note: ${route.provider} does not list \`${route.model}\`; the router sends it upstream as written\n`;
  }
  if (excluded.length > 0) {
    text += `left out (${excluded.length}):\n`;
    for (const provider of excluded) text += `  ${provider.provider} (${provider.class}): ${provider.reasons.join("; ")}\n`;
  }
  return text;
}
