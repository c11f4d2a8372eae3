/** Reading commands out of documents and workflows (test/docs/extract.ts). */
import { describe, expect, it } from "vitest";
import { evaluate, expand, helpExamples, runSteps, section, shellCommands } from "./extract.ts";

describe("shellCommands", () => {
  it("reads sh blocks only, inside list items too, joining continuation lines and dropping comments outside quotes", () => {
    const markdown = [
      "# Title",
      "",
      "```sh",
      "npm test           # run the suite",
      'git commit -m "fix #12"',
      "```",
      "",
      "1. Step:",
      "",
      "   ```sh",
      "   npm run manage -- add acme --status staging \\",
      "     --api-base https://api.acme.example/v1",
      "   ```",
      "",
      "```yaml",
      "run: npm test",
      "```",
      "```console",
      "$ npm run validate",
      "```",
    ].join("\n");
    expect(shellCommands(markdown, "doc.md")).toEqual([
      { where: "doc.md:4", command: "npm test" },
      { where: "doc.md:5", command: 'git commit -m "fix #12"' },
      { where: "doc.md:11", command: "npm run manage -- add acme --status staging --api-base https://api.acme.example/v1" },
      { where: "doc.md:19", command: "npm run validate" },
    ]);
  });

  it("cuts a section at the next heading of the same level", () => {
    const markdown = "# A\n## One\ntext\n### Deeper\nmore\n## Two\nother\n";
    expect(section(markdown, "One")).toBe("## One\ntext\n### Deeper\nmore");
    expect(() => section(markdown, "Three")).toThrow(/no section/);
  });
});

describe("helpExamples", () => {
  it("reads the lines under Examples: up to a blank line, without a $ prompt", () => {
    const help = "Usage: x\n\nExamples:\n  $ bun run manage list\n  bun run manage route a/b\n\nExit codes: 0\n";
    expect(helpExamples(help, "manage").map((e) => e.command)).toEqual(["bun run manage list", "bun run manage route a/b"]);
    expect(helpExamples("Usage: x\n", "x")).toEqual([]);
  });
});

describe("workflow expressions", () => {
  const context = { "github.base_ref": "main", "github.event_name": "pull_request", "inputs.base": "" };

  it("evaluates the operators the workflows use, and refuses what it does not know", () => {
    expect(evaluate("github.event_name == 'pull_request'", context)).toBe("true");
    expect(evaluate("github.event_name == 'push'", context)).toBe("");
    expect(evaluate("inputs.base || (github.base_ref && format('origin/{0}', github.base_ref))", context)).toBe("origin/main");
    expect(evaluate("inputs.base || (github.base_ref && format('origin/{0}', github.base_ref))", { ...context, "github.base_ref": "" })).toBe("");
    expect(expand("base: ${{ github.base_ref }}!", context)).toBe("base: main!");
    expect(() => evaluate("secrets.NPM_TOKEN", context)).toThrow(/does not know/);
    expect(() => evaluate("contains(github.ref, 'x')", context)).toThrow(/unsupported/);
  });

  it("lists the run steps of a job, with their env and condition", () => {
    const yaml =
      "jobs:\n  check:\n    steps:\n      - uses: actions/checkout@v4\n      - name: Diff\n        if: github.event_name == 'pull_request'\n        env:\n          BASE: ${{ github.base_ref }}\n        run: echo $BASE\n";
    expect(runSteps(yaml, "check")).toEqual([
      { name: "Diff", run: "echo $BASE", env: { BASE: "${{ github.base_ref }}" }, if: "github.event_name == 'pull_request'" },
    ]);
  });
});
