import { describe, expect, it } from "vitest";
import { describeRuleFixtures, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("active-without-models");

describe("active-without-models", () => {
  it("accepts local_pkce access like local_oauth", async () => {
    const provider =
      "name: pkce\nstatus: active\naccess: local_pkce\napi_base: https://api.pkce.example.com\nauth:\n  kind: native\n  handler: pkce-login\nmodels: []\n";
    expect((await validateDirectory(writeRegistry({ "providers/pkce.yaml": provider }))).problems).toEqual([]);
  });

  it("does not apply to suspended or withdrawn providers", async () => {
    for (const status of ["suspended", "withdrawn"]) {
      const provider = `name: gone\nstatus: ${status}\napi_base: https://api.gone.example.com\nmodels: []\n`;
      expect((await validateDirectory(writeRegistry({ "providers/gone.yaml": provider }))).problems).toEqual([]);
    }
  });

  it("names the manage command that fixes it", async () => {
    const provider = "name: bare\nstatus: active\naccess: api_key\napi_base: https://api.bare.example.com\nmodels: []\n";
    const report = await validateDirectory(writeRegistry({ "providers/bare.yaml": provider }));
    expect(report.problems).toMatchObject([
      { rule: "active-without-models", line: 5, column: 9, message: expect.stringContaining("`manage add-model bare <canonical-id> <provider-model-id>`") },
    ]);
  });
});
