/**
 * `serve` put together: where the snapshot comes from (a built snapshot
 * directory, or a registry built in memory), the server, and the watcher
 * that reloads it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { registryWatch, snapshotWatch, Watcher } from "./reload.ts";
import { answerRoute } from "./route-answer.ts";
import { RegistryServer, type Limits } from "./server.ts";
import { loadRegistry, loadSnapshotDirectory } from "./snapshot.ts";

export type Origin = { kind: "snapshot"; dir: string } | { kind: "registry"; root: string };

export interface ServeOptions {
  origin: Origin;
  host: string;
  port: number;
  /** Watch for changes and reload (default true). */
  watch?: boolean;
  /** Poll interval of the fallback watcher; 0 turns polling off. */
  pollMs?: number;
  debounceMs?: number;
  /** Use fs.watch besides the poll (default true). */
  fsWatch?: boolean;
  limits?: Partial<Limits>;
  log?(line: string): void;
}

export interface RunningServer {
  server: RegistryServer;
  url: string;
  port: number;
  close(): Promise<void>;
}

function toolchainVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL("../../../package.json", import.meta.url)), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export class StartError extends Error {}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { origin } = options;
  const load = origin.kind === "snapshot" ? async () => loadSnapshotDirectory(origin.dir) : () => loadRegistry(origin.root);
  const server = new RegistryServer({
    load,
    route: answerRoute,
    version: toolchainVersion(),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const started = await server.start();
  if (!started.ok) throw new StartError(started.reason);
  let watcher: Watcher | undefined;
  if (options.watch !== false) {
    const spec = origin.kind === "snapshot" ? snapshotWatch(origin.dir) : registryWatch(origin.root);
    watcher = new Watcher(spec, {
      debounceMs: options.debounceMs ?? 150,
      pollMs: options.pollMs ?? 2000,
      fsWatch: options.fsWatch ?? true,
      onChange: () => void server.reload(),
    });
    server.watching = watcher.start();
  }
  const address = await server.listen(options.port, options.host);
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: async () => {
      watcher?.stop();
      await server.close();
    },
  };
}
