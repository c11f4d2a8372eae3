import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUN, REPO_ROOT } from "../helpers.ts";
import { placeholderReason, unsafeUrlReason } from "../../scripts/lib/rules/insecure-url.ts";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("insecure-url");

describe("insecure-url", () => {
  it.each([
    ["https://user@api.example.com/", "carries a user name or password"],
    ["https://LOCALHOST./v1", "`localhost`, a name for the local machine"],
    ["https://api.localhost/", "`api.localhost`, a name for the local machine"],
    ["https://127.1/", "`127.1` (127.0.0.1), a loopback address"],
    ["https://0177.0.0.1/", "`0177.0.0.1` (127.0.0.1), a loopback address"],
    ["https://0/", "`0` (0.0.0.0), an unspecified address"],
    ["https://[::]/", "`::`, an unspecified address"],
    ["https://100.64.1.1/", "a carrier-grade NAT address"],
    ["https://169.254.170.2/v2/credentials", "a cloud metadata address"],
    ["https://100.100.100.200/latest/meta-data", "a cloud metadata address"],
    ["https://metadata/computeMetadata/v1", "`metadata`, a cloud metadata endpoint"],
    ["https://metadata.google.internal./", "`metadata.google.internal`, a cloud metadata endpoint"],
    ["https://[::ffff:10.0.0.1]/", "(10.0.0.1), a private address"],
    ["https://[::ffff:169.254.169.254]/", "(169.254.169.254), a cloud metadata address"],
    ["https://[64:ff9b::a9fe:a9fe]/", "(169.254.169.254), a cloud metadata address"],
    ["https://[2002:7f00:1::]/", "(127.0.0.1), a loopback address"],
    ["https://[::127.0.0.1]/", "(127.0.0.1), a loopback address"],
    ["https://[fe80::1%25eth0]/", "is not a valid URL"],
    ["https://[fc00::1]/", "a unique-local address"],
    ["https://[fec0::1]/", "a site-local address"],
    ["https://224.0.0.1/", "a multicast address"],
  ])("refuses %s", (url, reason) => {
    expect(unsafeUrlReason(url)).toContain(reason);
  });

  it.each([
    "https://api.openai.com/v1",
    "https://8.8.8.8/",
    "https://[2606:4700:4700::1111]/",
    "https://localhost.example.com/",
    "https://metadata.example.com/",
    "https://api.example.com:8443/v1?region=eu#x",
  ])("accepts the public endpoint %s", (url) => {
    expect(unsafeUrlReason(url)).toBeUndefined();
  });

  it("checks every URL field and nothing else", async () => {
    const report = await validateDirectory(
      writeRegistry({
        "providers/fields.yaml": providerYaml(
          "fields",
          "display_name: https://localhost/\nauth:\n  kind: oauth\n  handler: login\n  params:\n    redirect_uri: http://127.0.0.1:1455/callback\n    token_url: https://localhost:1455/token\n",
        ),
      }),
    );
    expect(report.problems).toEqual([]);
  });
});

describe("insecure-url placeholders", () => {
  it.each([
    ["https://${AZURE_OPENAI_RESOURCE}.openai.azure.com/openai/v1"],
    ["https://bedrock-mantle.${AWS_REGION:-us-east-1}.api.aws/v1"],
    ["https://${REGION}-aiplatform.example.com/v1"],
    ["https://api.example.com/${DEPLOYMENT}/v1?version=${API_VERSION:-2024-10-21}"],
    ["https://api.example.com:${PORT:-443}/v1"],
  ])("accepts %s", (url) => {
    expect(placeholderReason(url)).toBeUndefined();
  });

  it.each([
    ["https://${HOST}/v1", "lets `${HOST}` choose the whole host"],
    ["https://${TENANT}.com/v1", "choose the whole host"],
    ["https://api.${DOMAIN}.com/v1", "choose the whole host"],
    // azurewebsites.net is a public suffix: the variable would pick any tenant's site.
    ["https://${APP}.azurewebsites.net/v1", "choose the whole host"],
    ["https://${A}.co.uk/v1", "choose the whole host"],
    // So is googleapis.com: each of its subdomains is a registrable domain of its own.
    ["https://${REGION}-aiplatform.googleapis.com/v1", "choose the whole host"],
    ["https://10.0.0.${N}/v1", "choose the whole host"],
    ["https://${region}.api.example.com", "malformed placeholder `${region}`"],
    ["https://${REGION.api.example.com", "malformed placeholder `${REGION.api.example.com`"],
    ["https://$REGION.api.example.com", "malformed placeholder `$REGION`"],
    ["https://${}.api.example.com", "malformed placeholder `${}`"],
    ["https://${REGION:us}.api.example.com", "malformed placeholder `${REGION:us}`"],
    ["https://${REGION:-evil.com/}.api.example.com", "the default `evil.com/`, which could change the URL's structure"],
    ["https://${REGION:-a@b}.api.example.com", "the default `a@b`"],
    ["https://${HOST:-localhost}/v1", "choose the whole host"],
  ])("refuses %s", (url, reason) => {
    expect(placeholderReason(url)).toContain(reason);
  });

  it("checks the URL with its defaults filled in, too", () => {
    expect(placeholderReason("https://${SUB}.google.internal/v1")).toBeUndefined();
    expect(placeholderReason("https://${SUB:-metadata}.google.internal/v1")).toContain(
      "with its default filled in (`https://metadata.google.internal/v1`) points at `metadata.google.internal`, a cloud metadata endpoint",
    );
  });

  it("says a placeholder cannot choose the scheme (rule insecure-url, from the schema)", async () => {
    const report = await validateDirectory(
      writeRegistry({ "providers/scheme.yaml": providerYaml("scheme").replace("https://api.scheme.example.com/v1", "${SCHEME}://api.scheme.example.com/v1") }),
    );
    expect(report.problems).toMatchObject([
      { rule: "insecure-url", path: ["api_base"], message: expect.stringContaining("a `${…}` placeholder cannot choose the scheme") },
    ]);
  });
});

describe("insecure-url's public-suffix memo", () => {
  const MEMO = join(REPO_ROOT, "node_modules/.cache/provider-registry/public-suffixes.json");
  // A fresh process judges a placeholder host and says whether it had to load tldts for it.
  const probe = (url: string) => {
    const script = `import { placeholderReason } from ${JSON.stringify(join(REPO_ROOT, "scripts/lib/rules/insecure-url.ts"))};
const reason = placeholderReason(${JSON.stringify(url)});
console.log(JSON.stringify({ reason: reason ?? null, loaded: Object.keys(require.cache).some((path) => path.includes("/tldts/")) }));`;
    const result = spawnSync(BUN, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    return JSON.parse(result.stdout) as { reason: string | null; loaded: boolean };
  };

  it("answers a host it has seen without loading tldts, with the same verdict", () => {
    const url = "https://${RESOURCE}.memo-probe.openai.azure.com/v1";
    const first = probe(url);
    expect(first.reason).toBeNull();
    expect(probe(url)).toEqual({ reason: null, loaded: false });
    const refused = "https://${TENANT}.co.uk/v1";
    expect(probe(refused).reason).toContain("choose the whole host");
    expect(probe(refused)).toMatchObject({ loaded: false, reason: expect.stringContaining("choose the whole host") });
  });

  it("never trusts answers recorded for another copy of tldts", () => {
    mkdirSync(dirname(MEMO), { recursive: true });
    // A wrong answer under a stamp no installed tldts has: it must be ignored.
    writeFileSync(MEMO, JSON.stringify({ stamp: "another tldts", domains: { "zzplaceholder0zz.com": "example.com" } }));
    expect(probe("https://${TENANT}.com/v1")).toMatchObject({ loaded: true, reason: expect.stringContaining("choose the whole host") });
  });
});
