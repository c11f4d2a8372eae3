/**
 * Which canonical model a feed's model id names (SPEC §8): the provider's own
 * `provider_model_id` first, then a canonical id written out, then a model
 * slug (the part after `<org>/`) that exactly one canonical id has.
 */
export class CanonicalIndex {
  private readonly ids: Set<string>;
  private readonly bySlug = new Map<string, string[]>();

  constructor(ids: Iterable<string>) {
    this.ids = new Set(ids);
    for (const id of this.ids) {
      const slug = id.slice(id.indexOf("/") + 1);
      const list = this.bySlug.get(slug) ?? [];
      list.push(id);
      this.bySlug.set(slug, list);
    }
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** The canonical id `feedId` names, or undefined when none or several could be meant. */
  map(feedId: string): string | undefined {
    const lower = feedId.toLowerCase();
    if (this.ids.has(lower)) return lower;
    // `claude-sonnet-4-5`, or a gateway's `vendor/claude-sonnet-4-5`: the last segment is the model.
    for (const slug of new Set([lower, lower.slice(lower.lastIndexOf("/") + 1)])) {
      const candidates = this.bySlug.get(slug);
      if (candidates?.length === 1) return candidates[0];
    }
    return undefined;
  }
}
