/**
 * A fresh clone has no ../shared: vitest.config.ts leaves out the test files
 * that read the shared corpora, found from what they import and read, and
 * says so in one line.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { NESTED_SUITE, plainEnv, repositoryCopy, tempDir } from "../helpers.ts";
import { testFilesNeedingCorpora } from "./needs-corpora.ts";

function tree(files: Record<string, string>): string {
  const root = tempDir("needs-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Spelt apart, so that this file's fixtures do not make it a file that reads the corpora. */
const SHARED = ["..", "shared"].join("/");

describe("testFilesNeedingCorpora", () => {
  it("follows names through local imports, and ignores comments and unrelated names", () => {
    const root = tree({
      "test/helpers.ts": [
        `/** Nothing here reads ${SHARED} by itself. */`,
        `export const CORPORA = resolve(ROOT, "${SHARED}/corpora");`,
        "export function tempDir() {",
        "  return mkdtempSync(join(tmpdir(), 'x-'));",
        "}",
        `/** A copy of \`${SHARED}/corpora/<name>\`. */`,
        "export function copyRegistry(name: string) {",
        "  return cp(join(CORPORA, name), tempDir());",
        "}",
      ].join("\n"),
      "test/a/repo.ts":
        'import { copyRegistry } from "../helpers.ts";\nexport function corpusRepo() {\n  return gitInit(copyRegistry("upstream"));\n}\nexport const plain = 1;\n',
      "test/a/uses-chain.test.ts": 'import { corpusRepo } from "./repo.ts";\nit("x", () => corpusRepo());\n',
      "test/a/uses-plain.test.ts": 'import { plain } from "./repo.ts";\nimport { tempDir } from "../helpers.ts";\nit("x", () => tempDir() + plain);\n',
      "test/b/direct.test.ts": `const dir = "${SHARED}/corpora/upstream";\n`,
      "test/b/aliased.test.ts": 'import { CORPORA as C } from "../helpers.ts";\nit("x", () => C);\n',
      "test/b/comment.test.ts": `// Unlike the corpus tests, this needs nothing from ${SHARED}.\nit("x", () => 1);\n`,
    });
    expect(testFilesNeedingCorpora(root)).toEqual(["test/a/uses-chain.test.ts", "test/b/aliased.test.ts", "test/b/direct.test.ts"]);
  });
});

describe.skipIf(NESTED_SUITE)("vitest in a clone without the shared corpora beside it", () => {
  it("lists every test file but those that need the corpora, and says so in one line", () => {
    const repo = repositoryCopy();
    const listed = spawnSync(join(repo, "node_modules/.bin/vitest"), ["list", "--filesOnly"], { cwd: repo, encoding: "utf8", env: plainEnv() });
    expect(listed.status, listed.stderr).toBe(0);
    const skipped = testFilesNeedingCorpora(repo);
    expect(skipped).toContain("test/validate/corpora.test.ts");
    expect(skipped).not.toContain("test/rules/schema.test.ts");
    const lines = listed.stderr.split("\n").filter((line) => line.includes("shared corpora"));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^vitest: skipping ${skipped.length} test files that need the shared corpora: no .*/shared/corpora`)),
    ]);
    const files = listed.stdout.split("\n").filter((line) => line.endsWith(".test.ts"));
    // What checks a stranger's clone itself needs no corpora.
    for (const file of ["test/rules/schema.test.ts", "test/contrib/needs-corpora.test.ts", "test/contrib/first-pr.test.ts", "test/docs/commands.test.ts"])
      expect(files).toContain(file);
    for (const file of skipped) expect(files).not.toContain(file);
  }, 120_000);
});
