/**
 * Rule `layout` (SPEC §2): a registry root holds its canonical models in
 * exactly one of two forms — `canonical.yaml`, or a `models/` directory of
 * `<org>.yaml` files — and `models/` holds nothing else. Judged from the
 * listing, before any file is read.
 */
import type { Finding } from "../problems.ts";
import { CANONICAL_FILE, MODELS_DIR } from "../registry-layout.ts";

function layout(message: string): Finding {
  return { rule: "layout", severity: "error", path: [], message, line: 1, column: 1 };
}

/** Reported on canonical.yaml: it is the file to remove, or to split. */
export function bothLayouts(): Finding {
  return layout(
    `the registry holds canonical models both in ${CANONICAL_FILE} and in ${MODELS_DIR}/; keep one layout — move these models into ${MODELS_DIR}/<org>.yaml files and delete ${CANONICAL_FILE}, or the other way round`,
  );
}

/** Reported on canonical.yaml, the file most registries start with. */
export function noCanonicalModels(): Finding {
  return layout(
    `${CANONICAL_FILE} is missing and there is no ${MODELS_DIR}/ directory: every registry needs its canonical model list — ${CANONICAL_FILE} (\`models:\` with at least one entry) or ${MODELS_DIR}/<org>.yaml files (each a list of models whose ids start with \`<org>/\`)`,
  );
}

/** Reported on the models/ directory itself. */
export function emptyModelsDirectory(): Finding {
  return layout(`${MODELS_DIR}/ holds no <org>.yaml file: add one per org (a list of models whose ids start with \`<org>/\`), or use ${CANONICAL_FILE}`);
}

/** A file under models/ that is not `<org>.yaml` (lowercase org, `.yaml`). */
export function notOrgFile(path: string): Finding {
  const name = path.slice(MODELS_DIR.length + 1);
  const stem = name.replace(/\.[^.]*$/, "");
  const yamlNamed = /\.ya?ml$/i.test(name) && /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(stem);
  const suggestion = yamlNamed
    ? ` — rename it to ${MODELS_DIR}/${stem.toLowerCase()}.yaml if it holds the \`${stem.toLowerCase()}/\` models, or move it out of ${MODELS_DIR}/`
    : ` — move it out of ${MODELS_DIR}/`;
  return layout(
    `${path} is not a \`<org>.yaml\` file (a lowercase org: letters, digits, \`.\`, \`_\`, \`-\`, then \`.yaml\`); ${MODELS_DIR}/ holds only canonical model files${suggestion}`,
  );
}
