/**
 * The commands the documentation tells a reader to type, taken from the
 * documents themselves, so a test can run them as written: fenced `sh`
 * blocks of Markdown, the "Examples:" of each script's --help, and the `run`
 * steps of a GitHub workflow or composite action.
 */
import { parse } from "yaml";

export interface DocCommand {
  /** Where it is written: `README.md:27`, `validate --help`, `ci.yml: Tests`. */
  where: string;
  /** The command line, continuation lines joined, trailing comment removed. */
  command: string;
}

const FENCE = /^( *)```(\w*)\s*$/;
const SHELL_LANGUAGES = new Set(["sh", "bash", "shell", "console"]);

/** A `# comment` after the command (outside quotes), as in `npm test   # run the suite`. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

/** The markdown between the heading `heading` (any level) and the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.replace(/^#+ /, "").trim() === heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = lines[start]!.match(/^#+/)![0].length;
  const end = lines.findIndex((line, index) => index > start && /^#+ /.test(line) && line.match(/^#+/)![0].length <= level);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** Every command of every fenced shell block, in document order. `offset` is the line number of the text's first line minus one. */
export function shellCommands(markdown: string, file: string, offset = 0): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = markdown.split("\n");
  let fence: { indent: number; shell: boolean } | undefined;
  let pending: { start: number; text: string } | undefined;
  lines.forEach((raw, index) => {
    const match = FENCE.exec(raw);
    if (!fence && match) {
      fence = { indent: match[1]!.length, shell: SHELL_LANGUAGES.has(match[2]!) };
      return;
    }
    if (fence && match && match[1]!.length <= fence.indent && match[2] === "") {
      fence = undefined;
      return;
    }
    if (!fence?.shell) return;
    const line = withoutComment(raw.slice(Math.min(fence.indent, raw.length - raw.trimStart().length)).replace(/^\$ /, ""));
    if (!pending && line.trim() === "") return;
    const text = pending ? `${pending.text} ${line.trim()}` : line.trim();
    const start = pending?.start ?? index;
    if (text.endsWith("\\")) {
      pending = { start, text: text.slice(0, -1).trimEnd() };
      return;
    }
    pending = undefined;
    commands.push({ where: `${file}:${offset + start + 1}`, command: text });
  });
  return commands;
}

/** The lines under "Examples:" in a --help text, up to the next blank line; a leading `$ ` is a prompt. */
export function helpExamples(help: string, command: string): DocCommand[] {
  const lines = help.split("\n");
  const start = lines.findIndex((line) => line.trim() === "Examples:");
  if (start < 0) return [];
  const examples: DocCommand[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    examples.push({ where: `${command} --help`, command: line.trim().replace(/^\$ /, "") });
  }
  return examples;
}

export interface WorkflowStep {
  name: string;
  run: string;
  env: Record<string, string>;
  if?: string;
  workingDirectory?: string;
}

/** The `run` steps of a workflow's job (or of a composite action), in order; `uses` steps are the runner's. */
export function runSteps(yamlText: string, job?: string): WorkflowStep[] {
  const document = parse(yamlText) as {
    jobs?: Record<string, { steps: Array<Record<string, unknown>> }>;
    runs?: { steps: Array<Record<string, unknown>> };
  };
  const steps = job ? document.jobs?.[job]?.steps : document.runs?.steps;
  if (!steps) throw new Error(`no steps${job ? ` in job ${job}` : ""}`);
  return steps
    .filter((step) => typeof step.run === "string")
    .map((step) => ({
      name: String(step.name ?? step.run),
      run: step.run as string,
      env: Object.fromEntries(Object.entries((step.env as Record<string, unknown>) ?? {}).map(([key, value]) => [key, String(value)])),
      ...(typeof step.if === "string" ? { if: step.if } : {}),
      ...(typeof step["working-directory"] === "string" ? { workingDirectory: step["working-directory"] } : {}),
    }));
}

/**
 * `${{ … }}` in a workflow value, for the few expressions the project's
 * workflows use: a context path, `a || b`, `a && b`, `format('…{0}', x)`
 * and string literals. Anything else is an error, so a new expression is
 * noticed rather than guessed.
 */
export function expand(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => evaluate(expression, context));
}

export function evaluate(expression: string, context: Record<string, string>): string {
  const e = expression.trim();
  const or = splitTop(e, "||");
  if (or.length > 1) return or.map((part) => evaluate(part, context)).find((value) => value !== "") ?? "";
  const and = splitTop(e, "&&");
  if (and.length > 1) return and.reduce<string>((value, part) => (value === "" ? "" : evaluate(part, context)), "true");
  const equals = splitTop(e, "==");
  if (equals.length === 2) return evaluate(equals[0]!, context) === evaluate(equals[1]!, context) ? "true" : "";
  if (e.startsWith("(") && e.endsWith(")")) return evaluate(e.slice(1, -1), context);
  const literal = /^'(.*)'$/.exec(e);
  if (literal) return literal[1]!;
  const format = /^format\('([^']*)',\s*(.+)\)$/.exec(e);
  if (format) return format[1]!.replace("{0}", evaluate(format[2]!, context));
  if (/^[\w.-]+$/.test(e)) {
    if (!(e in context)) throw new Error(`the test does not know \`${e}\``);
    return context[e]!;
  }
  throw new Error(`unsupported expression \`${e}\``);
}

/** Splits on `operator` outside parentheses and quotes. */
function splitTop(text: string, operator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === "(") depth++;
    else if (!quoted && char === ")") depth--;
    else if (!quoted && depth === 0 && text.startsWith(operator, i)) {
      parts.push(text.slice(last, i));
      last = i + operator.length;
      i += operator.length - 1;
    }
  }
  parts.push(text.slice(last));
  return parts.map((part) => part.trim());
}
