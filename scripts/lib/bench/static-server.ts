/**
 * The reference for `serve`'s figures: the least a node:http server can do
 * to answer with given bytes — one writeHead, one end. Run as its own
 * process: `bun static-server.ts <manifest.json>`, where the manifest maps
 * each path to a file; prints `listening on <url>`.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const manifest = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Record<string, string>;
const answers = new Map(Object.entries(manifest).map(([path, file]) => [path, readFileSync(file)]));

const server = createServer((req, res) => {
  const body = answers.get(req.url ?? "");
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address() as { port: number };
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
