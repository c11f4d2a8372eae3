import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { testFilesNeedingCorpora } from "./test/contrib/needs-corpora.ts";

const ROOT = import.meta.dirname;
const SHARED_CORPORA = resolve(ROOT, "../shared/corpora");

/**
 * A fresh clone has no ../shared beside it: the files that read the shared
 * corpora are left out there, with one line saying so; everything else runs.
 */
function corpusExclusions(): string[] {
  if (existsSync(SHARED_CORPORA)) return [];
  const files = testFilesNeedingCorpora(ROOT);
  if (files.length > 0 && !process.env.VITEST_WORKER_ID) {
    process.stderr.write(
      `vitest: skipping ${files.length} test files that need the shared corpora: no ${SHARED_CORPORA} (the upstream, bitrouter and models-dev registries, beside this repository as ../shared/corpora)\n`,
    );
  }
  return files;
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...corpusExclusions()],
    // CLI tests spawn real processes; two cores on CI machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
