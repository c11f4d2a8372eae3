/**
 * Which test files need the shared corpora (`../shared`, beside the
 * repository), found from the source itself: a file needs them when it reads
 * `../shared` or uses a name that does — `CORPORA`, `copyRegistry`,
 * `upstreamRepo`, … — through any chain of local imports. A stranger's clone
 * has no `../shared`; vitest.config.ts leaves these files out there.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** What a module must mention to read the shared corpora directly. */
const DIRECT = /\.\.\/shared\b/;

interface Module {
  /** Local name → [resolved module path, exported name]. */
  imports: Map<string, [string, string]>;
  /** Top-level declared name → the text of its declaration. */
  declarations: Map<string, string>;
  /** Everything but the import statements. */
  body: string;
}

const IMPORT = /^(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s+from\s+["'](\.[^"']+)["'];?/gm;
const DECLARATION = /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm;

/** Comments out, strings and template literals kept (a comment may name `../shared` without reading it). */
function withoutComments(text: string): string {
  return text.replace(
    /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
    (_match, literal: string | undefined) => literal ?? "",
  );
}

function parseModule(path: string): Module {
  const text = withoutComments(readFileSync(path, "utf8"));
  const imports = new Map<string, [string, string]>();
  for (const match of text.matchAll(IMPORT)) {
    const target = resolve(dirname(path), match[2]!);
    for (const part of match[1]!.split(",")) {
      const [exported, local = exported] = part
        .replace(/^\s*type\s+/, "")
        .trim()
        .split(/\s+as\s+/);
      if (exported) imports.set(local!.trim(), [target, exported.trim()]);
    }
  }
  const body = text.replace(IMPORT, "");
  const declarations = new Map<string, string>();
  const starts = [...body.matchAll(DECLARATION)];
  starts.forEach((match, index) => {
    const end = starts[index + 1]?.index ?? body.length;
    declarations.set(match[1]!, body.slice(match.index, end));
  });
  return { imports, declarations, body };
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(text);
}

export class CorpusUse {
  private readonly modules = new Map<string, Module>();
  private readonly verdicts = new Map<string, boolean>();

  private module(path: string): Module | undefined {
    if (!existsSync(path)) return undefined;
    let module = this.modules.get(path);
    if (!module) this.modules.set(path, (module = parseModule(path)));
    return module;
  }

  /** Whether `text` (inside `module`) reads the corpora, directly or through a name it uses. */
  private textNeeds(path: string, module: Module, text: string, seen: Set<string>): boolean {
    if (DIRECT.test(text)) return true;
    for (const [local, [target, exported]] of module.imports) {
      if (mentions(text, local) && this.nameNeeds(target, exported, seen)) return true;
    }
    for (const name of module.declarations.keys()) {
      if (mentions(text, name) && this.nameNeeds(path, name, seen)) return true;
    }
    return false;
  }

  /** Whether the top-level name `name` of the module at `path` reads the corpora. */
  private nameNeeds(path: string, name: string, seen: Set<string>): boolean {
    const key = `${path}#${name}`;
    const known = this.verdicts.get(key);
    if (known !== undefined) return known;
    if (seen.has(key)) return false;
    seen.add(key);
    const module = this.module(path);
    let verdict = false;
    if (module) {
      const declaration = module.declarations.get(name);
      const reexport = module.imports.get(name);
      if (declaration !== undefined) verdict = this.textNeeds(path, module, declaration, seen);
      else if (reexport) verdict = this.nameNeeds(reexport[0], reexport[1], seen);
    }
    this.verdicts.set(key, verdict);
    return verdict;
  }

  /** Whether the test file at `path` needs the shared corpora. */
  fileNeeds(path: string): boolean {
    const module = this.module(path);
    return module !== undefined && this.textNeeds(path, module, module.body, new Set());
  }
}

/** The test files under `testDir` (paths relative to `root`) that need the shared corpora. */
export function testFilesNeedingCorpora(root: string, testDir = "test"): string[] {
  const use = new CorpusUse();
  const files = readdirSync(join(root, testDir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join(root, testDir, name));
  return files
    .filter((file) => use.fileNeeds(file))
    .map((file) => relative(root, file).split("\\").join("/"))
    .sort();
}
