/** The `serve` command, started by scripts/serve.ts (its usage is there): the HTTP API and catalogue over a registry or a built snapshot. */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Command } from "commander";
import { configureExits, registryRoot, runCli } from "../cli.ts";
import { RefusedError, UsageError } from "../errors.ts";
import { startServer, StartError, type Origin } from "../serve/index.ts";

const program = new Command("serve")
  .description(
    "Answer read-only HTTP over the snapshot: the /v1 API, the router view's files, /openapi.json and /healthz. Reloads when the registry or snapshot changes.",
  )
  .option("--root <dir>", "registry root to validate and build in memory (default: the current directory)")
  .option("--snapshot <dir>", "a built snapshot directory (providers.json, models.json and/or registry/*.json), e.g. dist")
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--port <port>", "port to listen on (0: any free port)", "8787")
  .option("--poll <ms>", "poll interval of the fallback change watcher; 0 turns polling off", "2000")
  .option("--no-watch", "never reload")
  .option("--max-connections <n>", "open connections beyond this are closed at once", "1024")
  .option("--headers-timeout <ms>", "a client must send a complete request head within this", "10000")
  .addHelpText(
    "after",
    "\nExamples:\n  bun run serve\n  bun run serve --snapshot dist --port 8080\n  curl -s localhost:8787/v1/models/anthropic/claude-sonnet-4.6\n\nExit codes: 0 stopped by a signal, 1 no snapshot to serve or the port is taken, 2 usage error.",
  );

function whole(value: string, flag: string, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, got ${value}`);
  return number;
}

export function run(): Promise<void> {
  return runCli("serve", async () => {
    configureExits(program);
    program.parse(process.argv);
    const options = program.opts<{
      root?: string;
      snapshot?: string;
      host: string;
      port: string;
      poll: string;
      watch: boolean;
      maxConnections: string;
      headersTimeout: string;
    }>();
    if (options.root !== undefined && options.snapshot !== undefined) throw new UsageError("give --root or --snapshot, not both");
    const port = whole(options.port, "--port", 65535);
    const pollMs = whole(options.poll, "--poll", 3_600_000);
    const maxConnections = whole(options.maxConnections, "--max-connections", 1_000_000);
    const headersTimeoutMs = whole(options.headersTimeout, "--headers-timeout", 600_000);
    if (maxConnections < 1 || headersTimeoutMs < 100) throw new UsageError("--max-connections must be at least 1 and --headers-timeout at least 100 ms");
    let origin: Origin;
    if (options.snapshot !== undefined) {
      const dir = resolve(options.snapshot);
      let isDirectory = false;
      try {
        isDirectory = statSync(dir).isDirectory();
      } catch {
        // reported below
      }
      if (!isDirectory) throw new UsageError(`snapshot ${options.snapshot} is not a directory`);
      origin = { kind: "snapshot", dir };
    } else {
      origin = { kind: "registry", root: registryRoot(options.root ?? ".").root };
    }
    const log = (line: string) => process.stderr.write(`serve: ${line}\n`);
    let running: Awaited<ReturnType<typeof startServer>>;
    try {
      running = await startServer({ origin, host: options.host, port, pollMs, watch: options.watch, log, limits: { maxConnections, headersTimeoutMs } });
    } catch (error) {
      if (error instanceof StartError) throw new RefusedError(`nothing to serve: ${error.message}`);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") throw new RefusedError(`cannot listen on ${options.host}:${port}: ${code}`);
      throw error;
    }
    process.stdout.write(`listening on ${running.url} (snapshot ${running.server.snapshot!.hash}; reload: ${running.server.watching})\n`);
    await new Promise<void>((done) => {
      const stop = () => void running.close().then(done);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return 0;
  });
}
