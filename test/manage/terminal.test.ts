/**
 * On a terminal, `manage` asks for what it was not given. These tests run
 * the real CLI in a pseudo-terminal (util-linux `script`) and answer its
 * prompts key by key, as a maintainer would.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUN, REPO_ROOT } from "../helpers.ts";
import { MANAGE, numstat, registryRepo, status, validate } from "./helpers.ts";

const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

const ENTER = "\r";
const DOWN = "\x1b[B";
const CTRL_C = "\x03";
const BACKSPACE = "\x7f";

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r/g, "");

/** One process in a pseudo-terminal: wait for what it prints, type answers. */
class Terminal {
  private output = "";
  private seen = 0;
  readonly exit: Promise<number>;
  private readonly child;

  constructor(args: string[]) {
    const command = [BUN, MANAGE, ...args].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(" ");
    this.child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: REPO_ROOT,
      env: { ...process.env, TERM: "xterm", NO_COLOR: "1", FORCE_COLOR: "", COLUMNS: "200", LINES: "50", npm_config_user_agent: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.on("data", (chunk: Buffer) => (this.output += chunk.toString("utf8")));
    this.child.stderr.on("data", (chunk: Buffer) => (this.output += chunk.toString("utf8")));
    this.exit = new Promise((resolve) => this.child.on("close", (code) => resolve(code ?? -1)));
  }

  /** Wait until the screen (since the last match) shows `pattern`. */
  async expect(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = stripAnsi(this.output.slice(this.seen));
      const match = pattern.exec(text);
      if (match) {
        this.seen = this.output.length;
        return text;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen so far:\n${stripAnsi(this.output)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  get screen(): string {
    return stripAnsi(this.output);
  }
}

describe.skipIf(!HAS_SCRIPT)("prompts on a terminal", () => {
  it("add asks for every value of a new provider, with selects and validated inputs", async () => {
    const root = registryRepo();
    const term = new Terminal(["--root", root, "add", "acme"]);
    await term.expect(/Status \(only active providers are routed to\)/);
    term.type(ENTER); // active, the default
    await term.expect(/API base URL/);
    term.type(`http://api.acme.example${ENTER}`);
    await term.expect(/an https URL/);
    term.type(`${BACKSPACE.repeat(40)}https://api.acme.example/v1${ENTER}`);
    await term.expect(/Protocol of its models/);
    term.type(`${DOWN}${ENTER}`); // openai → anthropic
    await term.expect(/Routing weight, 0 to 1/);
    term.type(`0.5${ENTER}`);
    await term.expect(/Requests per minute/);
    term.type(`60${ENTER}`);
    await term.expect(/Operational contact email/);
    term.type(`ops@example.com${ENTER}`);
    await term.expect(/Authentication \(auth\.kind/);
    term.type(ENTER); // leave unset: a bearer key in ACME_API_KEY
    await term.expect(/created providers\/acme\.yaml/);
    expect(await term.exit).toBe(0);
    expect(term.screen).toContain(`bun run manage --root ${root} add-model acme <canonical-id> <provider-model-id>`);
    expect(readFileSync(join(root, "providers/acme.yaml"), "utf8")).toBe(
      [
        "# yaml-language-server: $schema=../schemas/provider.schema.json",
        "name: acme",
        "status: active",
        "api_base: https://api.acme.example/v1",
        "api_protocol:",
        '  - "*": anthropic',
        "rate_limits:",
        '  - "*":',
        "      requests_per_minute: 60",
        "weight: 0.5",
        "contact: ops@example.com",
        "models: []",
        "",
      ].join("\n"),
    );
  });

  it("update-model without values asks for prices, defaulting to the file's", async () => {
    const root = registryRepo();
    const term = new Terminal(["--root", root, "update-model", "redpill", "deepseek/deepseek-v3.2"]);
    await term.expect(/Input price, USD per 1M tokens \(empty to leave as is\).*0\.27/);
    term.type(ENTER);
    await term.expect(/Cached input price.*0\.054/);
    term.type(ENTER);
    await term.expect(/Output price, USD per 1M tokens \(empty to leave unset\)/);
    term.type(`0.41${ENTER}`);
    await term.expect(/updated deepseek\/deepseek-v3\.2 on redpill/);
    expect(await term.exit).toBe(0);
    expect(numstat(root)).toEqual({ "providers/redpill.yaml": [2, 0] });
    expect(validate(root).ok).toBe(true);
  });

  it("add-model asks for the missing canonical id with a searchable list, then the prices", async () => {
    const root = registryRepo();
    const term = new Terminal(["--root", root, "add-model", "redpill"]);
    await term.expect(/Canonical model id/);
    term.type("kimi-k2.6");
    await term.expect(/moonshotai\/kimi-k2\.6/);
    term.type(ENTER);
    await term.expect(/Provider model id/);
    term.type(ENTER); // the default: the id after the slash
    await term.expect(/Input price, USD per 1M tokens/);
    term.type(`0.95${ENTER}`);
    await term.expect(/Cached input price/);
    term.type(ENTER); // none published
    await term.expect(/Output price/);
    term.type(`4${ENTER}`);
    await term.expect(/added moonshotai\/kimi-k2\.6 to redpill as kimi-k2\.6/);
    expect(await term.exit).toBe(0);
    expect(numstat(root)).toEqual({ "providers/redpill.yaml": [7, 0] });
    expect(readFileSync(join(root, "providers/redpill.yaml"), "utf8")).toMatch(
      /- id: moonshotai\/kimi-k2\.6\n {4}provider_model_id: kimi-k2\.6\n {4}pricing:\n {6}input_tokens:\n {8}no_cache: 0\.95\n {6}output_tokens:\n {8}text: 4\n/,
    );
  });

  it("delete asks before deleting", async () => {
    const root = registryRepo();
    const no = new Terminal(["--root", root, "delete", "redpill"]);
    await no.expect(/Delete providers\/redpill\.yaml and every model it lists\?/);
    no.type(`n${ENTER}`);
    await no.expect(/nothing deleted/);
    expect(await no.exit).toBe(0);
    expect(status(root)).toEqual([]);

    const yes = new Terminal(["--root", root, "delete", "redpill"]);
    await yes.expect(/Delete providers\/redpill\.yaml/);
    yes.type(`y${ENTER}`);
    await yes.expect(/deleted providers\/redpill\.yaml/);
    expect(await yes.exit).toBe(0);
    expect(status(root)).toEqual([" D providers/redpill.yaml"]);
  });

  it("Ctrl-C at a prompt cancels with nothing changed and nothing left behind", async () => {
    const root = registryRepo();
    const term = new Terminal(["--root", root, "add", "acme"]);
    await term.expect(/Status/);
    term.type(CTRL_C);
    await term.expect(/cancelled; nothing was changed/);
    expect(await term.exit).toBe(130);
    expect(status(root)).toEqual([]);
  });
});
