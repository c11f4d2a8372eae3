/** Text output of `manage`: plain columns, one formatter per kind of result. */
import { asRecord } from "../rules/types.ts";
import type { Outcome } from "./operations.ts";
import type { ProviderSummary, Route } from "./queries.ts";
import { formatProblem } from "./registry.ts";

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd();
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

export function formatRoutes(routes: Route[]): string {
  const rows = routes.map((route) => {
    const limits = [
      route.rate_limits?.requests_per_minute !== undefined ? `${route.rate_limits.requests_per_minute} rpm` : "",
      route.rate_limits?.tokens_per_minute !== undefined ? `${route.rate_limits.tokens_per_minute} tpm` : "",
    ]
      .filter(Boolean)
      .join(", ");
    const tiers = Array.isArray(route.pricing?.context_tiers) ? ` (+${route.pricing.context_tiers.length} tier${route.pricing.context_tiers.length === 1 ? "" : "s"})` : "";
    return [
      route.provider,
      route.status ?? "?",
      route.provider_model_id,
      Array.isArray(route.protocol) ? route.protocol.join(",") : route.protocol,
      price(route.pricing, "input_tokens", "no_cache"),
      price(route.pricing, "input_tokens", "cache_read"),
      price(route.pricing, "output_tokens", "text") + tiers,
      limits || "-",
      route.capabilities.join(",") || "-",
    ];
  });
  const model = routes[0]!.model;
  const title = `${model}: ${routes.length} route${routes.length === 1 ? "" : "s"} (prices in USD per 1M tokens)\n`;
  return title + table(["PROVIDER", "STATUS", "PROVIDER MODEL ID", "PROTOCOL", "INPUT", "CACHED", "OUTPUT", "LIMITS", "CAPABILITIES"], rows);
}
