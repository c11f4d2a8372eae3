import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findSecret, mask, mayHoldSecret } from "../../scripts/lib/rules/credential.ts";
import { describeRuleFixtures, FIXTURES, PLANTED_SECRETS, validateDirectory } from "./rule-fixture.ts";

describeRuleFixtures("credential");

describe("credential", () => {
  it("never prints a secret: no message holds more than its first four characters", async () => {
    const dir = join(FIXTURES, "credential/invalid");
    const planted =
      readdirSync(join(dir, "providers"))
        .map((name) => readFileSync(join(dir, "providers", name), "utf8"))
        .join("\n") + readFileSync(join(dir, "canonical.yaml"), "utf8");
    for (const secret of PLANTED_SECRETS) expect(planted, "the fixture still plants this secret").toContain(secret);
    const report = await validateDirectory(dir);
    for (const problem of report.problems) {
      for (const secret of PLANTED_SECRETS) expect(problem.message).not.toContain(secret.slice(4, 12));
    }
  });

  // Built by concatenation so that secret scanners do not flag this file.
  it.each([
    ["an OpenAI-style API key", "sk-" + "abcdefghij0123456789ABCD"],
    ["an OpenRouter API key", `sk-or-v1-${"0123456789abcdef".repeat(4)}`],
    ["a GitHub token", "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"],
    ["a GitHub token", "github_pat_" + "11ABCDEFG0123456789_abcdefghij"],
    ["a Groq API key", "gsk_" + "abcdefghij0123456789XYZ"],
    ["an xAI API key", "xai-" + "abcdefghij0123456789XYZ"],
    ["a Hugging Face token", "hf_" + "abcdefghij0123456789ABCDEFGHIJ"],
    ["a Replicate token", "r8_" + "abcdefghij0123456789ABCDEFGHIJ"],
    ["a Slack token", "xox" + "b-1234567890-abcdefghij"],
    ["a Stripe secret key", "sk_" + "live_" + "abcdefghij0123456789"],
    ["a private key", "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE"],
    ["a URL with an embedded password", "https://deploy:" + "s3cret@host.example.com/"],
  ])("recognises %s", (kind, value) => {
    expect(findSecret(value)?.kind).toBe(kind);
    // The cheap gate in front of the patterns lets it through, alone and inside other text.
    expect(mayHoldSecret(value)).toBe(true);
    expect(mayHoldSecret(`token: "${value}"`)).toBe(true);
  });

  it.each(["gpt-4o-2024-08-06", "claude-3-5-sonnet-20241022", "task-sk-large-2024", "Bearer", "https://api.example.com/v1", "ANTHROPIC_API_KEY"])(
    "does not take %s for a secret",
    (value) => {
      expect(findSecret(value)).toBeUndefined();
    },
  );

  it("finds a key however the text spells the value that holds it, and takes none for a word that only contains a prefix", async () => {
    // Built by concatenation so that secret scanners do not flag this file.
    const key = "xai-" + "abcdefghij0123456789XYZ";
    const aws = "AKIA" + "IOSFODNN7EXAMPLE";
    const spellings = [
      `"${key}"`,
      `'${key}'`,
      `'it''s${aws}'`,
      `!!str ${key}`,
      `[${key}]`,
      `>-\n      folded\n      ${key}`,
      `plain\n      ${key}`,
      `"${aws}"`,
    ];
    const dir = mkdtempSync(join(tmpdir(), "credential-"));
    try {
      cpSync(join(FIXTURES, "credential/valid/canonical.yaml"), join(dir, "canonical.yaml"));
      mkdirSync(join(dir, "providers"));
      // One file each: the text is judged per file, so one key must not make another file's walk.
      const provider = (name: string, id: string, tags = "[chat]") =>
        `name: ${name}\napi_base: https://api.${name}.example.com\napi_protocol: openai\nmodels:\n  - id: openai/gpt-4o\n    provider_model_id: ${id}\n    tags: ${tags}\n`;
      spellings.forEach((spelling, i) => writeFileSync(join(dir, `providers/s${i}.yaml`), provider(`s${i}`, "m", spelling)));
      writeFileSync(join(dir, "providers/words.yaml"), provider("words", `minimaxai-${"m1".repeat(12)}`));
      const report = await validateDirectory(dir);
      const found = report.problems.filter((problem) => problem.rule === "credential");
      expect(found.map((problem) => problem.file).sort()).toEqual(spellings.map((_, i) => `providers/s${i}.yaml`).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("masks a value down to a short prefix, and a short value to nothing", () => {
    expect(mask("sk-ant-api03-EXAMPLEexampleEXAMPLE")).toBe("sk-a… (34 characters)");
    expect(mask("hunter2hunter2")).toBe("… (14 characters)");
  });
});
