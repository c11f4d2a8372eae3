/** `build` writes the catalogue to dist/site/: deterministic, checked by --check, escaped, and swept of pages nobody owns. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runScript, tempDir } from "../helpers.ts";
import { cpSync } from "node:fs";

function registry(): string {
  const root = tempDir("site-build-");
  cpSync(join(REPO_ROOT, "canonical.yaml"), join(root, "canonical.yaml"));
  cpSync(join(REPO_ROOT, "providers"), join(root, "providers"), { recursive: true });
  return root;
}

function siteFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, readFileSync(join(dir, entry.name), "utf8"));
    }
  };
  walk(join(root, "dist/site"), "");
  return files;
}

describe("dist/site", () => {
  it("holds the index, the provider page, its stylesheet, data and script — and a link to every provider", () => {
    const root = registry();
    expect(runScript("build", ["--root", root]).code).toBe(0);
    const files = siteFiles(root);
    const providers = readdirSync(join(root, "providers"))
      .filter((name) => name.endsWith(".yaml"))
      .map((name) => name.slice(0, -5));
    expect([...files.keys()].sort()).toEqual(["catalogue.js", "data.js", "index.html", "provider.html", "site.css"]);
    for (const name of providers) expect(files.get("index.html")).toContain(`<a href="provider.html#${name}">${name}</a>`);
    const index = files.get("index.html")!;
    expect(index).not.toMatch(/https?:\/\/(?!www\.w3\.org)[^"]*\.(js|css|png|woff2?)/);
    expect(index).toMatch(/<link rel="stylesheet" href="site\.css">/);
    expect(index).toMatch(/<script src="data\.js"><\/script>\n<script src="catalogue\.js"><\/script>/);
    expect(files.get("provider.html")).toMatch(/<script src="data\.js"><\/script>\n<script src="catalogue\.js"><\/script>/);
  });

  it("is deterministic: a rebuild changes no byte and --check passes", () => {
    const root = registry();
    expect(runScript("build", ["--root", root]).code).toBe(0);
    const first = siteFiles(root);
    rmSync(join(root, "dist/site"), { recursive: true });
    expect(runScript("build", ["--root", root]).code).toBe(0);
    expect(siteFiles(root)).toEqual(first);
    expect(runScript("build", ["--root", root, "--check"]).code).toBe(0);
  });

  it("--check names a stale or stray page; a build removes the stray one", () => {
    const root = registry();
    expect(runScript("build", ["--root", root]).code).toBe(0);
    writeFileSync(join(root, "dist/site/index.html"), "stale");
    mkdirSync(join(root, "dist/site/providers"));
    writeFileSync(join(root, "dist/site/providers/gone.html"), "a page nothing writes any more");
    const check = runScript("build", ["--root", root, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/stale\s+dist\/site\/index\.html/);
    expect(check.stderr).toMatch(/unexpected\s+dist\/site\/providers\/gone\.html/);
    const build = runScript("build", ["--root", root]);
    expect(build.code).toBe(0);
    expect(existsSync(join(root, "dist/site/providers/gone.html"))).toBe(false);
    expect(build.stdout).toMatch(/removed dist\/site\/providers\/gone\.html/);
  });

  it("escapes what a provider file says: no markup from the registry reaches the page", () => {
    const root = registry();
    const file = readdirSync(join(root, "providers")).find((name) => name.endsWith(".yaml"))!;
    const text = readFileSync(join(root, "providers", file), "utf8");
    const hostile = `display_name: "</script><img src=x onerror=alert(1)>"\n`;
    writeFileSync(join(root, "providers", file), text.replace(/^display_name: .*\n/m, "").replace(/^(name: .*\n)/m, `$1${hostile}`));
    const result = runScript("build", ["--root", root]);
    expect(result.code, result.stderr).toBe(0);
    const files = siteFiles(root);
    for (const [path, text] of files) expect(text, path).not.toContain("<img src=x");
    // In data.js the string stays data: no `<` that could close a script.
    expect(files.get("data.js")).toContain("\\u003c/script>\\u003cimg src=x onerror=alert(1)>");
  });
});
