/**
 * Output of `sync`: the plan is `diff`'s change list, printed by diff's own
 * formatters; below it, one row per feed (what it did, what it only reports).
 * Every feed-supplied string goes through diff's inert rendering.
 */
import { formatDiffJson, formatDiffMarkdown, inertCell, inertCode, inertProse } from "../diff/format.ts";
import type { FeedOutcome, SyncReport } from "./index.ts";

/** Ids listed per note before the rest are counted (`--format json` lists all). */
const MAX_IDS = 10;

export function formatSyncJson(report: SyncReport): string {
  return formatDiffJson(report);
}

function ids(list: readonly string[]): string {
  const shown = list.slice(0, MAX_IDS).map(inertCode).join(", ");
  return list.length > MAX_IDS ? `${shown} … and ${list.length - MAX_IDS} more` : shown;
}

function notes(feed: FeedOutcome): string {
  const parts: string[] = [];
  if (feed.error) parts.push(inertProse(feed.error));
  if (feed.dropped.length > 0) parts.push(`no longer in the feed (kept; remove by hand if retired): ${ids(feed.dropped)}`);
  if (feed.unmapped.length > 0) parts.push(`${feed.unmapped.length} with no canonical id (candidates for \`manage canonical add\`): ${ids(feed.unmapped)}`);
  if (feed.rejected.length > 0)
    parts.push(
      `${feed.rejected.length} feed value${feed.rejected.length === 1 ? "" : "s"} rejected: ${feed.rejected.slice(0, 3).map(inertProse).join("; ")}${feed.rejected.length > 3 ? " …" : ""}`,
    );
  return parts.join("<br>");
}

const STATUS: Record<FeedOutcome["status"], string> = { synced: "synced", failed: "❌ failed", skipped: "not synced" };

export function formatSyncMarkdown(report: SyncReport): string {
  const { sync } = report;
  const lines = [formatDiffMarkdown(report).trimEnd(), ""];
  const failed = sync.feeds.filter((feed) => feed.status === "failed").length;
  const action =
    sync.mode === "write"
      ? sync.written.length > 0
        ? `wrote ${sync.written.map(inertCode).join(", ")}`
        : "wrote nothing"
      : `dry run: \`--write\` would change ${sync.changes_files.length} file${sync.changes_files.length === 1 ? "" : "s"}`;
  lines.push(
    `**Sync** ${sync.feeds.length} feed${sync.feeds.length === 1 ? "" : "s"}, ${failed} failed; ${action} (${(sync.elapsed_ms / 1000).toFixed(1)} s).`,
  );
  if (sync.refused) lines.push("", `- ❌ ${inertProse(sync.refused)}`);
  if (sync.feeds.length > 0) {
    lines.push("", "#### Feeds", "", "| provider | feed | status | added | updated | notes |", "|---|---|---|---|---|---|");
    for (const feed of sync.feeds) {
      const where = feed.source ? `${feed.feed} (${inertCode(feed.source)})` : feed.feed;
      lines.push(
        `| ${[inertCode(feed.provider), where, STATUS[feed.status], String(feed.added), String(feed.updated), notes(feed)].map(inertCell).join(" | ")} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
