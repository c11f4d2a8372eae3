import type { ValidationReport } from "../problems.ts";

/** Workflow-command escaping: annotations break on raw `%`, CR, LF (and `,`/`:` in properties). */
function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One `::error`/`::warning` annotation per problem, for GitHub Actions. */
export function formatGithub(report: ValidationReport, root = ""): string {
  const prefix = root === "" || root === "." ? "" : `${root.replace(/\/+$/, "")}/`;
  return report.problems
    .map(
      (problem) =>
        `::${problem.severity} file=${escapeProperty(prefix + problem.file)},line=${problem.line},col=${problem.column},title=${escapeProperty(problem.rule)}::${escapeData(problem.message)}\n`,
    )
    .join("");
}
