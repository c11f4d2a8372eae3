/// <reference lib="dom" />
/**
 * The catalogue in a real headless browser (Debian's chromium driven by
 * playwright-core): it loads from file:// and from a static host with no
 * console error and no request leaving the site, filtering and sorting
 * change the rows, the keyboard reaches everything, and a screenshot is
 * taken. Skipped, saying so, when there is no chromium.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runScript, tempDir } from "../helpers.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.log(`catalogue browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** This repository's own registry, built in a temporary copy. */
function buildSite(): string {
  const root = tempDir("site-");
  cpSync(join(REPO_ROOT, "canonical.yaml"), join(root, "canonical.yaml"));
  cpSync(join(REPO_ROOT, "providers"), join(root, "providers"), { recursive: true });
  const result = runScript("build", ["--root", root]);
  expect(result.code, result.stderr).toBe(0);
  return join(root, "dist/site");
}

function serveStatic(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0]!)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

interface Watched {
  page: Page;
  problems: string[];
}

async function open(context: BrowserContext, url: string, origin: string): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("request", (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith("data:")) problems.push(`external request: ${request.url()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector("tr.model");
  return { page, problems };
}

const modelIds = (page: Page) => page.$$eval("tr.model", (rows) => rows.map((row) => (row as HTMLElement).dataset.id!));

describe.skipIf(!HAS_CHROMIUM)("the catalogue in a headless browser", () => {
  let site: string;
  let context: BrowserContext;
  let host: { server: Server; url: string };

  beforeAll(async () => {
    site = buildSite();
    context = await chromium.launchPersistentContext(tempDir("chromium-profile-"), {
      executablePath: CHROMIUM,
      headless: true,
      args: LAUNCH_ARGS,
      viewport: { width: 1280, height: 860 },
    });
    host = await serveStatic(site);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    host?.server.close();
  });

  it("loads from file:// with no console error and no request outside the site", async () => {
    const base = pathToFileURL(site).href;
    const { page, problems } = await open(context, `${base}/index.html`, base);
    const data = JSON.parse(/^window\.CATALOGUE = (.*);\n$/s.exec(readFileSync(join(site, "data.js"), "utf8"))![1]!);
    expect((await modelIds(page)).length).toBe(Math.min(300, data.models.length));
    expect(await page.textContent("#count")).toBe(`${data.models.length} of ${data.models.length} models`);
    expect(await page.$$eval("#matrix-table tbody tr", (rows) => rows.length)).toBe(data.providers.length);
    // The first provider that serves a model (a new provider may list none yet).
    const index = (data.providers as unknown[]).findIndex((_, i) => data.entries.some((entry: unknown[]) => entry[1] === i));
    const provider = data.providers[index][0] as string;
    await page.click(`#matrix-table a[href="provider.html#${provider}"]`);
    await page.waitForSelector("#provider-body tr");
    expect(await page.textContent("#provider-name")).toBe(provider);
    expect(await page.textContent("#provider-facts")).toContain(data.providers[index][2]);
    const served = data.entries.filter((entry: unknown[]) => entry[1] === index).map((entry: unknown[]) => data.models[entry[0] as number][0]);
    expect(await page.$$eval("#provider-body tr td:first-child span.mono", (cells) => cells.map((cell) => cell.textContent))).toEqual(served);
    // Another provider through the hash, and a name no provider has.
    const second = data.providers[1][0] as string;
    await page.evaluate((name) => (location.hash = name), second);
    await page.waitForFunction((name) => document.getElementById("provider-name")!.textContent === name, second);
    expect(await page.$$eval("#provider-body tr", (rows) => rows.length)).toBe(data.entries.filter((entry: unknown[]) => entry[1] === 1).length);
    await page.evaluate(() => (location.hash = "no-such-provider"));
    await page.waitForFunction(() => document.getElementById("provider-title")!.textContent!.includes("no-such-provider"));
    expect(await page.$$eval("#provider-body tr", (rows) => rows.length)).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("filters and sorts the rows", async () => {
    const { page, problems } = await open(context, `${host.url}/index.html`, host.url);
    const all = await modelIds(page);

    await page.selectOption("#capability", { label: "reasoning" });
    const reasoning = await modelIds(page);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(reasoning.length).toBeLessThan(all.length);
    for (const caps of await page.$$eval("tr.model td.caps", (cells) => cells.map((cell) => cell.textContent!))) expect(caps).toContain("reasoning");
    await page.selectOption("#capability", { label: "any" });

    await page.selectOption("#protocol", { label: "anthropic" });
    const anthropic = await modelIds(page);
    expect(anthropic.length).toBeGreaterThan(0);
    expect(anthropic.length).toBeLessThan(all.length);
    await page.selectOption("#protocol", { label: "any" });

    await page.fill("#max-price", "0.5");
    const cheap = await modelIds(page);
    expect(cheap.length).toBeLessThan(all.length);
    await page.fill("#max-price", "");

    await page.fill("#search", "claude");
    const claude = await modelIds(page);
    expect(claude.length).toBeGreaterThan(0);
    expect(claude.length).toBeLessThan(all.length);
    for (const text of await page.$$eval("tr.model", (rows) => rows.map((row) => row.textContent!.toLowerCase()))) expect(text).toContain("claude");
    await page.fill("#search", "");

    expect(await modelIds(page)).toEqual([...all].sort());
    await page.selectOption("#sort", "price");
    const byPrice = await modelIds(page);
    expect(byPrice).not.toEqual(all);
    expect([...byPrice].sort()).toEqual([...all].sort());
    const prices = await page.$$eval("tr.model td:nth-child(5)", (cells) => cells.map((cell) => cell.textContent!));
    const sums = prices
      .filter((text) => /^\$[\d.]+ \/ \$[\d.]+$/.test(text))
      .map((text) => text.split(" / ").reduce((sum: number, part: string) => sum + Number(part.slice(1)), 0));
    expect(sums.length).toBeGreaterThan(1);
    expect(sums).toEqual([...sums].sort((a, b) => a - b));
    await page.click('button[data-sort="context"]');
    expect(await modelIds(page)).not.toEqual(byPrice);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("is usable from the keyboard alone, and is photographed", async () => {
    const { page, problems } = await open(context, `${host.url}/index.html`, host.url);
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
    await page.keyboard.type("gpt");
    await page.keyboard.press("ArrowDown");
    const rows = await modelIds(page);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(rows[0]);
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(rows[1]);
    await page.keyboard.press("Enter");
    expect(await page.getAttribute(`tr.model[data-id="${rows[1]}"]`, "aria-expanded")).toBe("true");
    expect(await page.$$eval("tr.detail table.entries tr", (lines) => lines.length)).toBeGreaterThan(1);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id)).toBe(rows[1]);
    await page.keyboard.press("Enter");
    expect(await page.getAttribute(`tr.model[data-id="${rows[1]}"]`, "aria-expanded")).toBe("false");
    await page.focus("#search");
    await page.keyboard.press("Escape");
    expect(await page.inputValue("#search")).toBe("");
    // Every filter is reachable with Tab.
    const reached = new Set<string>();
    await page.focus("#search");
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    for (const id of ["capability", "protocol", "status", "max-price", "sort"]) expect(reached).toContain(id);

    // The picture in the README: one model open, the table around it.
    await page.keyboard.press("/");
    await page.keyboard.type("claude");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const shot = await page.screenshot({ fullPage: false });
    expect(shot.length).toBeGreaterThan(10_000);
    const out = process.env.CATALOGUE_SCREENSHOT ?? join(tempDir("screenshot-"), "catalogue.png");
    mkdirSync(join(out, ".."), { recursive: true });
    writeFileSync(out, shot);
    expect(problems).toEqual([]);
    await page.close();
  });
});
