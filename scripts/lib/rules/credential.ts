/**
 * Rule `credential`: the registry is public, so any string that looks like a
 * secret is an error. The message names the kind of secret and masks it.
 */
import type { DataPath } from "../problems.ts";
import { defineRule, type Report } from "./types.ts";

const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["an Anthropic API key", /(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{20,}/],
  ["an OpenRouter API key", /(?<![A-Za-z0-9])sk-or-v1-[a-f0-9]{32,}/],
  ["an OpenAI-style API key", /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}/],
  ["a Google API key", /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}/],
  ["a GitHub token", /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/],
  ["a Groq API key", /(?<![A-Za-z0-9])gsk_[A-Za-z0-9]{20,}/],
  ["an xAI API key", /(?<![A-Za-z0-9])xai-[A-Za-z0-9]{20,}/],
  ["a Hugging Face token", /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/],
  ["a Replicate token", /(?<![A-Za-z0-9])r8_[A-Za-z0-9]{30,}/],
  ["an AWS access key", /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/],
  ["a Slack token", /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/],
  ["a Stripe secret key", /(?<![A-Za-z0-9])(?:sk|rk)_live_[A-Za-z0-9]{16,}/],
  ["a JSON Web Token", /(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ["a bearer token", /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/],
  ["a URL with an embedded password", /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i],
];

/** OAuth parameters that are public by design. */
const PUBLIC_PARAMS = /^(?:client_id|redirect_uri|scopes?|audience|response_type|grant_type|[a-z_]*endpoint|[a-z_]*_url|[a-z_]*_uri)$/;
/** Parameter names that hold secrets whatever their value looks like. */
const SECRET_PARAMS = /(?:secret|password|passwd|api_?key|access_token|refresh_token|private_key)$/i;

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A long, random-looking token: what an API key in a header value looks
 * like. Judged per dash-, dot- or colon-separated segment, so dated feature
 * flags (`prompt-caching-2024-07-31`) and UUIDs are not mistaken for keys.
 */
function looksRandom(value: string): boolean {
  if (value.length < 20 || /\s/.test(value)) return false;
  return value.split(/[-_.:]/).some((segment) => {
    if (segment.length < 16 || !/[0-9]/.test(segment)) return false;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(segment)).length;
    return classes >= 2 && entropy(segment) >= 3.5;
  });
}

/** Header names whose value is a credential whatever it looks like (the router adds auth itself). */
const SECRET_HEADERS = /(?:authorization|api[-_]?key|token|secret|password|signature|credential)/i;

/** A header value that is a setting rather than a credential: one lowercase word, or empty. */
const PLAIN_SETTING = /^(?:[a-z][a-z-]*)?$/;

/** Enough to find the value in the file, never enough to use it: a short secret shows nothing of itself. */
export function mask(secret: string): string {
  return secret.length >= 24 ? `${secret.slice(0, 4)}… (${secret.length} characters)` : `… (${secret.length} characters)`;
}

/** The kind of secret `value` contains, with the matched text, or undefined. */
export function findSecret(value: string): { kind: string; match: string } | undefined {
  for (const [kind, pattern] of SECRET_PATTERNS) {
    const match = pattern.exec(value);
    if (match) return { kind, match: match[0] };
  }
  return undefined;
}

/**
 * Cheap gate before the detailed patterns: every one of them needs one of
 * these, where it would accept it — a prefix it takes only after a
 * character that is not a letter or digit is looked for only there
 * (`minimaxai-m1` holds `xai-` but no xAI key). That character is matched
 * rather than looked behind at: the same test, a third faster.
 */
const TRIGGER =
  /(?:^|[^A-Za-z0-9])(?:sk-|sk_|rk_|AIza|gh[pousr]_|github_pat_|gsk_|xai-|hf_|r8_|xox|eyJ)|(?:^|[^A-Z0-9])(?:AKIA|ASIA)|(?:^|\W)Bearer|-----BEGIN|:\/\/[^\s/]*@/;
const MIN_SECRET_LENGTH = 16;

/** Whether `value` passes the gate: false rules out every detailed pattern. */
export function mayHoldSecret(value: string): boolean {
  return TRIGGER.test(value);
}

function checkString(value: string, parent: string | number | undefined, key: string | number | undefined, path: DataPath, report: Report): void {
  const inParams = parent === "params";
  // The hot path: most strings are short ids or prose without a trigger.
  if (!inParams && parent !== "extra_headers" && (value.length < MIN_SECRET_LENGTH || !mayHoldSecret(value))) return;
  const name = String(key ?? "");
  if (inParams && PUBLIC_PARAMS.test(name)) return;
  let found = value.length >= MIN_SECRET_LENGTH && mayHoldSecret(value) ? findSecret(value) : undefined;
  if (!found && inParams && SECRET_PARAMS.test(name) && value.length > 0) found = { kind: "a secret parameter", match: value };
  if (!found && parent === "extra_headers") {
    if (looksRandom(value)) found = { kind: "a high-entropy token in a header value", match: value };
    else if (SECRET_HEADERS.test(name) && value.length >= 8 && !PLAIN_SETTING.test(value))
      found = { kind: `a credential in the \`${name}\` header`, match: value };
  }
  if (found) {
    report({
      path: [...path],
      message: `this value looks like ${found.kind} (\`${mask(found.match)}\`): registry files are public — remove it, revoke the key, and let the router read it from its environment (\`auth.env\`)`,
    });
  }
}

/** Walks every string; `path` is one mutable stack, copied only when reporting. */
function check(value: unknown, path: DataPath, report: Report): void {
  if (typeof value === "string") {
    checkString(value, path[path.length - 2], path[path.length - 1], path, report);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      // Numbers, booleans and null hold no secret: skip the push/pop.
      if (item === null || (typeof item !== "string" && typeof item !== "object")) continue;
      path.push(i);
      check(item, path, report);
      path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const item = (value as Record<string, unknown>)[key];
      if (item === null || (typeof item !== "string" && typeof item !== "object")) continue;
      path.push(key);
      check(item, path, report);
      path.pop();
    }
  }
}

/**
 * Whether a file's text rules out every secret, so its data need not be
 * walked (most files): every string value is spelled in the text, or made
 * of it by folding, which only turns line breaks into blanks; a value never
 * starts right after a letter or digit of the text (a quote, a blank, `[`,
 * `,` or `:` comes first), so TRIGGER judges the character before a prefix
 * the same in the text as in the value. Without a trigger in the text no value holds
 * one — unless an escape (any backslash) spells it, or a value is judged by
 * its key's name (`params`, `extra_headers`).
 */
function textRulesOutSecrets(text: string | undefined): boolean {
  return text !== undefined && !text.includes("\\") && !text.includes("params") && !text.includes("extra_headers") && !mayHoldSecret(text);
}

export default defineRule({
  id: "credential",
  severity: "error",
  summary: "any string value that looks like a secret; the message masks the value",
  canonical({ raw, text }, report) {
    if (!textRulesOutSecrets(text)) check(raw, [], report);
  },
  provider({ raw, text }, _index, report) {
    if (!textRulesOutSecrets(text)) check(raw, [], report);
  },
});
