/**
 * The review comment is posted into a pull request's job summary, and every
 * string in it comes from the pull request itself. Each hostile form — line
 * breaks of every kind, HTML, mentions, links, Markdown syntax, bidi controls,
 * backticks, pipes — is fed through every displayed field, and the comment is
 * rendered by a CommonMark renderer (markdown-it, with GFM tables): no element
 * may escape its cell, and no value may appear outside a code span.
 */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { formatDiffMarkdown } from "../../scripts/lib/diff/format.ts";
import type { Change, DiffReport } from "../../scripts/lib/diff/types.ts";

const PAYLOADS = {
  crlf: "a\r\n## injected heading\r\n",
  cr: "a\r<img src=x onerror=alert(1)>",
  lf: "a\n- injected list item",
  nel: "a\u0085<script>alert(1)</script>",
  separators: "a\u2028b\u2029c\u000bd\u000ce",
  html: "<img src=x onerror=alert(1)><b>bold</b>",
  mention: "@octocat please merge",
  link: "[click](https://evil.example/x) https://evil.example/y www.evil.example",
  markdown: "**strong** _em_ # not-a-heading ![img](https://evil.example/i.png)",
  backtick: "x` <img src=x onerror=alert(1)> `y",
  pipe: "a | b | c",
  bidi: "safe\u202eedoc\u202c \u2066x\u2069 \u200b",
};

const renderer = new MarkdownIt({ html: true, linkify: true });

function report(value: string): DiffReport {
  // As classify.ts quotes a value in a reason: a backtick cannot end the span.
  const quoted = value.replace(/`/g, "'");
  const change = (kind: Change["kind"], extra: Partial<Change>): Change => ({
    kind,
    severity: "review",
    provider: value,
    model: value,
    field: value,
    ...extra,
  });
  return {
    base: { ref: value, ok: false, errors: 1, warnings: 0, unloaded: [`providers/${value}.yaml`] },
    head: { ref: "working tree", ok: true, errors: 0, warnings: 0, unloaded: [] },
    summary: { breaking: 1, review: 3, info: 1, provider_files: [`providers/${value}.yaml`, "providers/b.yaml"], not_compared: [`providers/${value}.yaml`] },
    changes: [
      change("provider-changed", {
        severity: "breaking",
        field: "status",
        before: "active",
        after: value,
        reason: `provider leaves \`active\` (now \`${quoted}\`): it is no longer routable`,
      }),
      change("provider-changed", {
        before: value,
        after: { nested: value },
        reason: `\`${quoted}\` changed: requests go elsewhere or authenticate differently`,
      }),
      change("model-added", { severity: "info", after: { id: "a/b", provider_model_id: value, pricing: { input_tokens: { no_cache: value } } } }),
      change("provider-added", { after: { name: value, status: value, api_base: value, models: [] } }),
      change("canonical-added", { provider: undefined, after: { id: value, name: value } }),
    ],
  };
}

/** The rendered HTML without the contents of code spans: what a reader sees as markup or text. */
function outsideCode(html: string): string {
  return html.replace(/<code>[\s\S]*?<\/code>/g, "<code></code>");
}

describe("diff Markdown is inert", () => {
  it.each(Object.entries(PAYLOADS))("%s: every value stays inside its code span and its cell", (_name, payload) => {
    const markdown = formatDiffMarkdown(report(payload));
    const html = renderer.render(markdown);
    const outside = outsideCode(html);
    // Only the elements the comment itself writes.
    const tags = new Set([...outside.matchAll(/<\/?([a-z0-9]+)/g)].map((match) => match[1]));
    for (const tag of tags)
      expect(["p", "strong", "ul", "li", "h4", "table", "thead", "tbody", "tr", "th", "td", "code"], `<${tag}> in\n${markdown}`).toContain(tag);
    expect(outside).not.toMatch(/onerror|<img|<script|injected|evil\.example|octocat|bold|not-a-heading/);
    // One heading per group (the hostile provider and canonical.yaml), one table row per change, six cells each.
    expect(html.match(/<h4>/g)).toHaveLength(2);
    const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2 + report(payload).changes.length);
    for (const row of rows) expect((row.match(/<t[dh]( [^>]*)?>/g) ?? []).length, row).toBe(6);
    // The notices stay two list items.
    expect(html.match(/<li>/g)).toHaveLength(2);
    // No raw line break or invisible control survives into the text.
    expect(markdown.split("\n").every((line) => !/[\r\u0085\u2028\u2029\u000b\u000c\u202a-\u202e\u2066-\u2069\u200b]/.test(line))).toBe(true);
  });

  it("a reason whose quoting a value broke still renders as text, not markup", () => {
    const broken = report("x");
    broken.changes[0]!.reason = `provider leaves \`active\` (now \`${PAYLOADS.backtick}\`): it is no longer routable`;
    broken.changes[1]!.reason = `odd \` ${PAYLOADS.html} ${PAYLOADS.mention} ${PAYLOADS.link}`;
    const outside = outsideCode(renderer.render(formatDiffMarkdown(broken)));
    expect(outside).not.toMatch(/<img|<b>|<a |@octocat|https:\/\/evil/);
  });

  it("keeps ordinary values readable", () => {
    const markdown = formatDiffMarkdown(report("openai/gpt-4o"));
    expect(markdown).toContain("`openai/gpt-4o`");
    expect(markdown).toContain("provider leaves `active` (now `openai/gpt-4o`): it is no longer routable");
    expect(formatDiffMarkdown(report("a | b"))).toContain("`a \\| b`");
  });
});
