import { asString, defineRule } from "./types.ts";

export default defineRule({
  id: "filename-mismatch",
  severity: "error",
  summary: "file stem ≠ `name`, or extension is not `.yaml`",
  provider({ file, stem, extension, raw }, _index, report) {
    const name = asString(raw.name);
    if (extension !== ".yaml") {
      report({ path: [], message: `provider files end in \`.yaml\`: rename ${file} to providers/${name ?? stem}.yaml` });
    }
    if (name !== undefined && name !== stem) {
      report({ path: ["name"], message: `\`name\` is \`${name}\` but the file is ${file}: rename the file to providers/${name}.yaml, or set \`name: ${stem}\`` });
    }
  },
});
