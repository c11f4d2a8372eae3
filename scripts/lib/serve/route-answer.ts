/**
 * `/v1/route?model=`: how a model name resolves, as the router resolves it
 * (SPEC §4) — the same `resolveRoute` that `manage route` prints, over the
 * snapshot's providers as they are. The server holds no keys, so every
 * provider counts as configured.
 */
import { resolveRoute, type RouteProviderInput } from "../route.ts";
import { didYouMean } from "../suggest.ts";
import type { Catalog } from "./catalog.ts";
import { ApiError } from "./errors.ts";

export type RouteAnswer = (catalog: Catalog, model: string) => unknown;

export const answerRoute: RouteAnswer = (catalog, query) => {
  // Aliases (SPEC §9), bare or pinned, route as the model they name.
  const colon = query.indexOf(":");
  const pinnedProvider = colon > 0 && catalog.providers.has(query.slice(0, colon)) ? query.slice(0, colon) : undefined;
  const model = pinnedProvider === undefined ? (catalog.aliases.get(query) ?? query) : query;
  const resolution = resolveRoute(catalog.snapshot.providers as unknown as RouteProviderInput[], query, { aliases: catalog.aliases });
  if (resolution.mode === "cascade" && resolution.routes.length === 0 && resolution.excluded.length === 0) {
    const served = new Set<string>();
    for (const provider of catalog.snapshot.providers) for (const entry of provider.models) served.add(entry.id);
    if (!catalog.models.has(model) && !served.has(model)) {
      const names = colon > 0 ? ` (\`${query.slice(0, colon)}\` is not a provider${didYouMean(query.slice(0, colon), catalog.providerNames)})` : "";
      throw new ApiError(
        404,
        "unknown_model",
        `no provider declares \`${query}\`${names}${colon > 0 ? "" : didYouMean(query, [...catalog.modelIds, ...catalog.aliases.keys()])}`,
      );
    }
  }
  return resolution;
};
