/**
 * CHANGELOG.md: newest release first, each entry the diff's own Markdown
 * (what changed for routers), under a heading with the version and the date
 * of the released commit.
 */
export const CHANGELOG_FILE = "CHANGELOG.md";

const HEADER = "# Changelog\n\nWhat changed in the registry data with each snapshot release (`npm run release`), as the semantic diff reports it.\n";

export function changelogEntry(version: string, date: string, previousTag: string | undefined, diffMarkdown: string): string {
  const since = previousTag ? `Changes since ${previousTag}.` : "The first release.";
  return `## ${version} — ${date}\n\n${since}\n\n${diffMarkdown.trim()}\n`;
}

/** The changelog with `entry` placed above every earlier one. */
export function prependEntry(existing: string | undefined, entry: string): string {
  const body = existing?.startsWith(HEADER) ? existing.slice(HEADER.length).replace(/^\n+/, "") : (existing ?? "");
  return `${HEADER}\n${entry}${body ? `\n${body}` : ""}`;
}
