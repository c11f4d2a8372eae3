import { PROVIDER_NAME_PATTERN } from "../schema-constants.ts";
import { asString } from "../data.ts";
import { providerFileFor } from "../registry-layout.ts";
import { defineRule } from "./types.ts";

export default defineRule({
  id: "filename-mismatch",
  severity: "error",
  summary: "file stem ≠ `name`, or extension is not `.yaml`",
  provider({ file, stem, extension, raw }, index, report) {
    const name = asString(raw.name);
    if (extension !== ".yaml") {
      report({ path: [], message: `provider files end in \`.yaml\`: rename ${file} to ${providerFileFor(name ?? stem)}` });
    }
    if (name !== undefined && name !== stem) {
      // Offer only the fixes that would work: no rename onto an existing file, no invalid name.
      const target = providerFileFor(name);
      const fixes: string[] = [];
      if (!index.providerPaths?.has(target) && PROVIDER_NAME_PATTERN.test(name)) fixes.push(`rename the file to ${target}`);
      if (PROVIDER_NAME_PATTERN.test(stem)) fixes.push(`set \`name: ${stem}\``);
      const fix = fixes.length > 0 ? `: ${fixes.join(", or ")}` : "";
      report({ path: ["name"], message: `\`name\` is \`${name}\` but the file is ${file}${fix}` });
    }
  },
});
