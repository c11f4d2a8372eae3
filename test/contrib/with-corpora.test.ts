/**
 * With ../shared beside the repository (the maintainers' set-up, CI), the
 * suite leaves nothing out. A file of its own: naming the corpora makes a
 * file one that a clone without them skips (test/contrib/needs-corpora.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CORPORA, plainEnv } from "../helpers.ts";

describe("vitest with the shared corpora", () => {
  it.skipIf(!existsSync(CORPORA))(
    "leaves nothing out, and says nothing about them",
    () => {
      const listed = spawnSync("npx", ["vitest", "list", "--filesOnly"], { encoding: "utf8", env: plainEnv() });
      expect(listed.stderr).not.toContain("shared corpora");
      expect(listed.stdout).toContain("test/validate/corpora.test.ts");
    },
    120_000,
  );
});
