/**
 * The catalogue `build` writes to `dist/site/` (SPEC §10): deterministic
 * pages from the same files, seen at the same moment, as the views.
 */
import { SiteCollector, type SiteEntry } from "./collect.ts";
import { indexPage, providerPage, SCRIPT, STYLESHEET } from "./render.ts";

export const SITE_DIR = "dist/site";
export { SiteCollector };

/** Every file of the site, relative to `dist/site/`, in a stable order. */
export function* siteFiles(collector: SiteCollector): Generator<[string, string]> {
  const data = collector.data();
  yield ["index.html", indexPage(data)];
  yield ["site.css", STYLESHEET];
  yield ["catalogue.js", SCRIPT];
  const byProvider: SiteEntry[][] = data.providers.map(() => []);
  for (const entry of data.entries) byProvider[entry.provider]!.push(entry);
  for (const [i, provider] of data.providers.entries()) {
    // A provider page lists models in id order (the entries are sorted by model).
    yield [`providers/${provider.name}.html`, providerPage(provider, byProvider[i]!, data)];
  }
}
