/**
 * The shape of scripts/ as its imports draw it. No import cycle: neither
 * between modules nor between the folders of scripts/lib (a folder is one
 * node; a module directly in scripts/ or scripts/lib is a node of its own).
 * And YAML text has one owner: only scripts/lib/yaml/ imports a YAML parser.
 * Every import counts — static, type-only, re-exports and dynamic
 * `import()` — as TypeScript itself reads them, so nothing hides in a
 * comment-looking string or behind `import type`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers.ts";

const SCRIPTS = join(REPO_ROOT, "scripts");
const LIB = join(SCRIPTS, "lib");

type Graph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function specifiersOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map(({ fileName }) => fileName);
}

/** The repository files a module imports (relative specifiers only: packages cannot import back). */
function importsOf(file: string): string[] {
  return specifiersOf(file)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => resolve(dirname(file), specifier));
}

const YAML_PARSERS = new Set(["yaml", "js-yaml"]);
const YAML_OWNER = join(LIB, "yaml");
/** Bun's parser: `Bun.YAML`, or `Bun?.YAML` where Bun may be absent. */
const BUN_YAML = /\bBun\??\.YAML\b/;

/** The modules under `dir` and what each imports, as paths relative to `dir` (imports leaving `dir` are left out). */
function moduleGraph(dir: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(dir)) {
    const targets = importsOf(file).filter((target) => target.startsWith(`${dir}/`));
    graph.set(relative(dir, file), new Set(targets.map((target) => relative(dir, target))));
  }
  return graph;
}

/** A module's folder node: its folder under scripts/lib, or the module itself when it sits directly in scripts/ or scripts/lib. */
function folderOf(module: string): string {
  const dir = dirname(join(SCRIPTS, module));
  return dir === SCRIPTS || dir === LIB ? module : `${relative(SCRIPTS, dir)}/`;
}

function folderGraph(modules: Graph): Graph {
  const graph: Graph = new Map();
  for (const [from, targets] of modules) {
    const node = folderOf(from);
    const edges = graph.get(node) ?? new Set<string>();
    for (const target of targets) if (folderOf(target) !== node) edges.add(folderOf(target));
    graph.set(node, edges);
  }
  return graph;
}

/** Strongly connected components with more than one node (Tarjan), each sorted: every one is a cycle. */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** One path around a component, for a message that says which imports to break. */
function describeCycle(graph: Graph, component: string[]): string {
  const members = new Set(component);
  const start = component[0]!;
  const path = [start];
  const seen = new Set([start]);
  let node = start;
  for (;;) {
    const next = [...(graph.get(node) ?? [])].filter((target) => members.has(target)).sort();
    const step = next.find((target) => target === start && path.length > 1) ?? next.find((target) => !seen.has(target)) ?? next[0]!;
    path.push(step);
    if (seen.has(step)) break;
    seen.add(step);
    node = step;
  }
  return path.join(" → ");
}

describe("imports in scripts/", () => {
  const modules = moduleGraph(SCRIPTS);

  it("resolves every relative import to a file in the tree", () => {
    const missing = [...modules].flatMap(([from, targets]) =>
      [...targets].filter((target) => !target.endsWith(".js") && !modules.has(target)).map((target) => `${from} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it("has no cycle between modules", () => {
    expect(cycles(modules).map((component) => describeCycle(modules, component))).toEqual([]);
  });

  it("has no cycle between the test suite's own modules either", () => {
    const tests = moduleGraph(join(REPO_ROOT, "test"));
    expect(tests.size).toBeGreaterThan(50);
    expect(cycles(tests).map((component) => describeCycle(tests, component))).toEqual([]);
  });

  it("has no cycle between the folders of scripts/lib", () => {
    const folders = folderGraph(modules);
    expect(cycles(folders).map((component) => describeCycle(folders, component))).toEqual([]);
  });

  it("imports a YAML parser, or reaches for Bun's, only under scripts/lib/yaml/", () => {
    const outside = sourceFiles(SCRIPTS).filter((file) => !file.startsWith(`${YAML_OWNER}/`));
    const parsing = outside.flatMap((file) => [
      ...specifiersOf(file)
        .filter((specifier) => YAML_PARSERS.has(specifier) || specifier.startsWith("yaml/") || specifier.startsWith("js-yaml/"))
        .map((specifier) => `${relative(SCRIPTS, file)} imports ${specifier}`),
      ...(BUN_YAML.test(readFileSync(file, "utf8")) ? [`${relative(SCRIPTS, file)} uses Bun's YAML parser`] : []),
    ]);
    expect(outside.length).toBeGreaterThan(50);
    expect(parsing).toEqual([]);
    expect(BUN_YAML.test(readFileSync(join(YAML_OWNER, "native.ts"), "utf8"))).toBe(true);
  });

  it("sees a cycle when there is one", () => {
    const graph: Graph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
      ["d", new Set(["a"])],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c"]]);
    expect(describeCycle(graph, ["a", "b", "c"])).toBe("a → b → c → a");
    expect(folderOf("lib/shape/check.ts")).toBe("lib/shape/");
    expect(folderOf("lib/cli.ts")).toBe("lib/cli.ts");
  });
});
