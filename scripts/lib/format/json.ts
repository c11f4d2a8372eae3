import type { ValidationReport } from "../problems.ts";

/** Exactly one JSON object (SPEC §3). */
export function formatJson(report: ValidationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
