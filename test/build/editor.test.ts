/**
 * Editor support, end to end: the real yaml-language-server (the engine of
 * the VS Code YAML extension and of most editors' YAML support) over stdio,
 * pointed at our generated schema by the `# yaml-language-server: $schema=`
 * modeline every data file starts with. Offline: the schema store is off.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaModeline } from "../../scripts/lib/snapshot/json-schema.ts";
import { copyRegistry, REPO_ROOT, runScript, tempDir } from "../helpers.ts";

interface Diagnostic {
  message: string;
  range: { start: { line: number; character: number } };
  source?: string;
  data?: { schemaUri?: string[] };
}

/** A minimal LSP client: Content-Length framing, requests, notifications, and answers to the server's requests. */
class LanguageClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly listeners: Array<(method: string, params: unknown) => void> = [];

  constructor(
    private readonly server: ChildProcess,
    private readonly settings: Record<string, unknown>,
  ) {
    server.stdout!.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8"));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: { id?: number; method?: string; params?: unknown; result?: unknown }): void {
    if (message.method && message.id !== undefined) {
      // The server asks for its settings section by section.
      const items = (message.params as { items?: Array<{ section?: string }> })?.items ?? [];
      const result = message.method === "workspace/configuration" ? items.map((item) => (item.section === "yaml" ? this.settings : null)) : null;
      this.send({ jsonrpc: "2.0", id: message.id, result });
    } else if (message.method) {
      for (const listener of this.listeners) listener(message.method, message.params);
    } else if (message.id !== undefined) {
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    }
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.server.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.server.stdin!.write(body);
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  /** The next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return new Promise((resolve) => {
      this.listeners.push((method, params) => {
        const published = params as { uri: string; diagnostics: Diagnostic[] };
        if (method === "textDocument/publishDiagnostics" && published.uri === uri && accept(published.diagnostics)) resolve(published.diagnostics);
      });
    });
  }
}

let server: ChildProcess;
let client: LanguageClient;
let root: string;

beforeAll(async () => {
  root = tempDir("editor-");
  cpSync(join(REPO_ROOT, "schemas"), join(root, "schemas"), { recursive: true });
  mkdirSync(join(root, "providers"));
  server = spawn(process.execPath, [join(REPO_ROOT, "node_modules/yaml-language-server/bin/yaml-language-server"), "--stdio"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const settings = { validate: true, completion: true, hover: true, schemaStore: { enable: false }, schemas: {} };
  client = new LanguageClient(server, settings);
  await client.request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: "registry" }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  client.notify("initialized", {});
  client.notify("workspace/didChangeConfiguration", { settings: { yaml: settings } });
}, 60_000);

afterAll(() => {
  server?.kill();
});

const PROVIDER = `${schemaModeline("providers/acme.yaml")}
name: acme
status: active
api_base: https://api.acme.example/v1
models:
  - id: openai/gpt-4o
    provider_model_id: gpt-4o
    pricng:
      input_tokens: {no_cache: 2.5}
`;

describe("yaml-language-server with the generated schema", () => {
  it("reports a typo in a provider file at the key, from our schema, and clears it once fixed", async () => {
    const uri = pathToFileURL(join(root, "providers/acme.yaml")).href;
    const reported = client.diagnostics(uri, (diagnostics) => diagnostics.length > 0);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: PROVIDER } });
    const diagnostics = await reported;
    const typo = diagnostics.find((diagnostic) => diagnostic.message.includes("pricng"));
    expect(typo, JSON.stringify(diagnostics)).toBeDefined();
    expect(typo!.message).toMatch(/not allowed/);
    expect(typo!.range.start).toEqual({ line: 7, character: 4 });
    // It comes from our schema: its title, and the file the modeline points at.
    expect(typo!.source).toBe("yaml-schema: Provider model");
    expect(typo!.data?.schemaUri).toEqual([pathToFileURL(join(root, "schemas/provider.schema.json")).href]);

    const cleared = client.diagnostics(uri, (list) => list.length === 0);
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: PROVIDER.replace("pricng", "pricing") }],
    });
    expect(await cleared).toEqual([]);

    const wrongEnum = client.diagnostics(uri, (list) => list.length > 0);
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: PROVIDER.replace("pricng", "pricing").replace("status: active", "status: paused") }],
    });
    const [enumProblem] = await wrongEnum;
    expect(enumProblem!.message).toContain("active");
    expect(enumProblem!.range.start.line).toBe(2);
  }, 60_000);
});

describe("the repository's data files", () => {
  it("each start with the modeline pointing at its schema", () => {
    const files = ["canonical.yaml", ...readdirSync(join(REPO_ROOT, "providers")).map((name) => `providers/${name}`)];
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const firstLine = readFileSync(join(REPO_ROOT, file), "utf8").split("\n", 1)[0];
      expect(firstLine, file).toBe(schemaModeline(file));
    }
    expect(schemaModeline("canonical.yaml")).toBe("# yaml-language-server: $schema=./schemas/canonical.schema.json");
    expect(schemaModeline("providers/acme.yaml")).toBe("# yaml-language-server: $schema=../schemas/provider.schema.json");
  });

  it("include a provider file `manage add` creates", () => {
    const registry = copyRegistry("upstream");
    const created = runScript(
      "manage",
      ["--root", registry, "add", "newcomer", "--status", "staging", "--api-base", "https://api.newcomer.example/v1", "--protocol", "openai"],
      { input: "" },
    );
    expect(created.code, created.stderr).toBe(0);
    const firstLine = readFileSync(join(registry, "providers/newcomer.yaml"), "utf8").split("\n", 1)[0];
    expect(firstLine).toBe(schemaModeline("providers/newcomer.yaml"));
  });
});
