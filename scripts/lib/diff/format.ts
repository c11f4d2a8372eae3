/**
 * Output formats for a diff report: JSON (the report as is) and a short
 * Markdown review comment for a pull request's job summary.
 */
import { CANONICAL_FILE } from "../registry-layout.ts";
import type { Provider, ProviderModel } from "../schema.ts";
import { formatPct } from "./classify.ts";
import { SEVERITY_RANK, type Change, type ChangeSeverity, type DiffReport, type SideInfo } from "./types.ts";

export function formatDiffJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Info rows shown per group before the rest are counted instead of listed. */
const MAX_INFO_ROWS = 40;
const MAX_CELL = 80;

const MARKER: Record<ChangeSeverity, string> = { breaking: "🛑 breaking", review: "⚠️ review", info: "info" };
const CANONICAL_GROUP = CANONICAL_FILE;

// ── Inert text ───────────────────────────────────────────────────────────
// Everything shown comes from registry files or git, and may be hostile: it
// is rendered so that no value can leave its code span or table cell. Line
// breaks of every kind end a span or a row; bidi and other invisible
// controls would show reviewers something other than the bytes.

/** Line terminators CommonMark or a browser honours: CR, LF, NEL, LS, PS, VT, FF. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029\v\f]/g;
/** C0/C1 controls, bidi embeddings/overrides/isolates and zero-width format characters. */
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function visible(text: string): string {
  return text
    .replace(LINE_BREAKS, "↵")
    .replace(/\t/g, " ")
    .replace(INVISIBLE, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/** A value as an inline code span: no backtick, line break or control inside, so nothing can end it early. */
function code(text: string): string {
  const shown = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
  return `\`${visible(shown.replace(/`/g, "'"))}\``;
}

/**
 * Prose that may quote values in backticks (a change's `reason`): the quoted
 * parts become code spans, the rest is text with HTML, mentions and links
 * made inert. An unbalanced backtick means a value broke out: all of it is text.
 */
function prose(text: string): string {
  const parts = text.split("`");
  const balanced = parts.length % 2 === 1;
  return parts.map((part, i) => (balanced && i % 2 === 1 ? code(part) : plainText(part))).join("");
}

function plainText(text: string): string {
  return (
    visible(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*[\]#!~]/g, (char) => `\\${char}`)
      // An underscore inside a word (`provider_model_id`) never emphasises; one at a word's edge may.
      .replace(/(?<!\w)_|_(?!\w)/g, "\\_")
      // A word joiner keeps `@name` from becoming a mention and `http://`/`www.` from autolinking.
      .replace(/@(?=\w)/g, "@\u2060")
      .replace(/(https?|ftp|mailto)(?=:)/gi, "$1\u2060")
      .replace(/\bwww\./gi, "www\u2060.")
  );
}

/** A value as a table cell: numbers plain, everything else in code. */
function value(v: unknown): string {
  if (v === undefined) return "—";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return code(v);
  return code(JSON.stringify(v));
}

/** A table cell: its pipes escaped (code spans included, as GFM tables require). */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function priceSummary(model: ProviderModel): string {
  const input = model.pricing?.input_tokens?.no_cache;
  const output = model.pricing?.output_tokens?.text;
  if (input === undefined && output === undefined) return "unpriced";
  return `in ${value(input)} / out ${value(output)}`;
}

function describe(change: Change): string {
  switch (change.kind) {
    case "provider-added": {
      const provider = change.after as Provider;
      return `${value(provider.status)}, ${plural(provider.models.length, "model")}, ${value(provider.api_base)}`;
    }
    case "provider-removed": {
      const provider = change.before as Provider;
      return `was ${value(provider.status)}, ${plural(provider.models.length, "model")}`;
    }
    case "model-added": {
      const model = change.after as ProviderModel;
      return `${value(model.provider_model_id)} (${priceSummary(model)})`;
    }
    case "model-removed":
      return `was ${value((change.before as ProviderModel).provider_model_id)}`;
    case "canonical-added":
    case "canonical-removed": {
      const entry = (change.after ?? change.before) as { name?: string };
      return entry.name === undefined ? "" : value(entry.name);
    }
    default: {
      const delta = change.delta_pct === undefined ? "" : ` (${formatPct(change.delta_pct)})`;
      return `${value(change.before)} → ${value(change.after)}${delta}`;
    }
  }
}

function sideLabel(side: SideInfo): string {
  // `working tree` is the comment's own words; a ref comes from the command line.
  if (!side.commit) return side.ref === "working tree" ? side.ref : code(side.ref);
  return side.commit.startsWith(side.ref) ? code(side.commit.slice(0, 7)) : `${code(side.ref)} (${side.commit.slice(0, 7)})`;
}

function sideNotice(name: string, side: SideInfo, notCompared: string[]): string | undefined {
  if (side.ok) return undefined;
  const counts = `${plural(side.errors, "error")}, ${plural(side.warnings, "warning")}`;
  const mine = notCompared.filter((file) => side.unloaded.includes(file));
  const skipped = mine.length > 0 ? `; not compared: ${mine.map(code).join(", ")}` : "";
  return `⚠️ ${name} ${sideLabel(side)} does not validate (${counts})${skipped} — \`bun run validate\` explains.`;
}

function groupOf(change: Change): string {
  return change.provider ?? CANONICAL_GROUP;
}

function table(changes: Change[]): string[] {
  const rows = ["| | change | model | field | before → after | why |", "|---|---|---|---|---|---|"];
  const sorted = [...changes].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const shown = sorted.filter((change, index) => change.severity !== "info" || index < MAX_INFO_ROWS);
  for (const change of shown) {
    const columns = [
      MARKER[change.severity],
      change.kind.replace("-", " "),
      change.model === undefined ? "" : code(change.model),
      change.field === undefined ? "" : code(change.field),
      describe(change),
      change.reason === undefined ? "" : prose(change.reason),
    ];
    rows.push(`| ${columns.map(cell).join(" | ")} |`);
  }
  if (shown.length < sorted.length) rows.push("", `… and ${plural(sorted.length - shown.length, "more info change")} (\`--format json\` lists every change).`);
  return rows;
}

export function formatDiffMarkdown(report: DiffReport): string {
  const { summary } = report;
  const counts = `🛑 ${summary.breaking} breaking · ⚠️ ${summary.review} review · ${summary.info} info`;
  const total = summary.breaking + summary.review + summary.info;
  const lines = [`**Registry diff** ${sideLabel(report.base)} → ${sideLabel(report.head)}: ${total === 0 ? "no semantic changes" : counts}`];

  const notices: string[] = [];
  if (summary.provider_files.length >= 2) {
    notices.push(
      `⚠️ review — this change set touches ${plural(summary.provider_files.length, "provider file")} (${summary.provider_files.map(code).join(", ")}); a provider's pull request normally edits only its own file.`,
    );
  }
  for (const [name, side] of [
    ["base", report.base],
    ["head", report.head],
  ] as const) {
    const notice = sideNotice(name, side, summary.not_compared);
    if (notice) notices.push(notice);
  }
  if (notices.length > 0) lines.push("", ...notices.map((notice) => `- ${notice}`));

  const groups = new Map<string, Change[]>();
  for (const change of report.changes) {
    const list = groups.get(groupOf(change)) ?? [];
    list.push(change);
    groups.set(groupOf(change), list);
  }
  const worst = (changes: Change[]) => Math.min(...changes.map((change) => SEVERITY_RANK[change.severity]));
  const ordered = [...groups].sort(
    ([a, x], [b, y]) => worst(x) - worst(y) || (a === CANONICAL_GROUP ? -1 : b === CANONICAL_GROUP ? 1 : a < b ? -1 : a > b ? 1 : 0),
  );
  for (const [group, changes] of ordered) {
    lines.push("", `#### ${group === CANONICAL_GROUP ? CANONICAL_GROUP : code(group)}`, "", ...table(changes));
  }
  return `${lines.join("\n")}\n`;
}

/** The inert renderings, for reports (sync's) that add their own rows under a diff. */
export { cell as inertCell, code as inertCode, prose as inertProse };
