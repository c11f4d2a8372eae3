/**
 * The catalogue `build` writes to `dist/site/` (SPEC §10): deterministic
 * pages from the same files, seen at the same moment, as the views.
 */
import { SiteCollector } from "./collect.ts";
import { writeDataScript, indexPage, providerPage, SCRIPT, STYLESHEET } from "./render.ts";

export const SITE_DIR = "dist/site";
export { SiteCollector };

/** Every file of the site, relative to `dist/site/`: always the same five, whatever the registry's size; data.js is written piece by piece. */
export function* siteFiles(collector: SiteCollector): Generator<[string, string | ((out: { text(text: string): void }) => void)]> {
  const data = collector.data();
  yield ["index.html", indexPage(data)];
  yield ["site.css", STYLESHEET];
  yield ["catalogue.js", SCRIPT];
  yield ["data.js", (out) => writeDataScript(data, out)];
  yield ["provider.html", providerPage()];
}
