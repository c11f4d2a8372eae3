/**
 * A helper thread of `validate` (see validate-threads.ts): it checks provider
 * files from the back of the list with the same code, rules and index the
 * main thread uses, and hands back each file's own result.
 */
import { workerData } from "node:worker_threads";
import { join } from "node:path";
import { contentDigest, fileStamp } from "./cache/index.ts";
import { RULES } from "./rules/index.ts";
import { withSeverities } from "./rules/types.ts";
import { DirectorySource } from "./source.ts";
import { checkProviderBytes, providerIndex } from "./validate.ts";
import { runHelper, type HelperTask } from "./validate-threads.ts";

const data = workerData as Parameters<typeof runHelper>[0];
const task: HelperTask = data.task;
const source = new DirectorySource(task.root);
const rules = withSeverities(RULES, task.severities);
const index = providerIndex(task.canonicalIds, task.providerPaths, task.today);

await runHelper(data, async (file) => {
  // The stat before the read, for the cache's stat memo: it never vouches for bytes newer than itself.
  const stamp = task.digests ? fileStamp(join(task.root, file)) : undefined;
  const read = source.read(file, task.maxBytes);
  // Refused reads are reported by the main thread, which has the listing's view of the file.
  if (!read.ok) return { name: undefined, problems: [], refused: true };
  let provider: unknown;
  const outcome = await checkProviderBytes(file, read.bytes, index, rules, task.data ? (_file, valid) => (provider = valid) : undefined);
  return {
    ...outcome,
    ...(task.digests ? { digest: contentDigest(read.bytes) } : {}),
    ...(stamp ? { stamp } : {}),
    ...(provider === undefined ? {} : { provider }),
  };
});
