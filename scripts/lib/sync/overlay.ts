/** The registry as it would be after a write: the working tree with the staged files read from memory. */
import type { ReadResult, RegistrySource, SourceEntry } from "../source.ts";

export class OverlaySource implements RegistrySource {
  constructor(
    private readonly inner: RegistrySource,
    private readonly texts: ReadonlyMap<string, string>,
  ) {}

  list(): SourceEntry[] {
    return this.inner.list();
  }

  hasProvidersDirectory(): boolean {
    return this.inner.hasProvidersDirectory();
  }

  read(path: string, maxBytes: number): ReadResult {
    const text = this.texts.get(path);
    if (text === undefined) return this.inner.read(path, maxBytes);
    const bytes = Buffer.from(text, "utf8");
    return bytes.length > maxBytes ? { ok: false, reason: "too-large", size: bytes.length } : { ok: true, bytes };
  }
}
