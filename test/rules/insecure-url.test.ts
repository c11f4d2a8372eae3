import { describe, expect, it } from "vitest";
import { unsafeUrlReason } from "../../scripts/lib/rules/insecure-url.ts";
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
