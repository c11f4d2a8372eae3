/**
 * Noticing that the registry or snapshot changed: fs.watch on its
 * directories for speed, and a poll of the files' sizes and times as the
 * fallback (fs.watch misses events on some file systems and cannot watch a
 * directory that does not exist yet). Bursts of events — a build renames
 * several files — are folded into one reload.
 */
import { lstatSync, readdirSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
import { CANONICAL_FILE, CONFIG_FILE, MODELS_DIR, PROVIDERS_DIR } from "../registry-layout.ts";

export interface WatchSpec {
  /** Directories to watch (those that exist). */
  directories: string[];
  /** A fingerprint of everything that, changed, means a reload. */
  fingerprint(): string;
}

export interface WatchOptions {
  debounceMs: number;
  /** 0: no polling. */
  pollMs: number;
  /** Use fs.watch as well as the poll (default true). */
  fsWatch?: boolean;
  onChange(): void;
}

function stamp(path: string): string {
  try {
    const stats = lstatSync(path);
    return `${path}:${stats.size}:${stats.mtimeMs}:${stats.ino}`;
  } catch {
    return `${path}:-`;
  }
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** A snapshot directory: the four view files. */
export function snapshotWatch(dir: string): WatchSpec {
  const files = ["providers.json", "models.json", "registry/providers.json", "registry/models.json"].map((file) => join(dir, file));
  return { directories: [dir, join(dir, "registry")], fingerprint: () => files.map(stamp).join("|") };
}

/** A registry root: its canonical files, its providers and its config. */
export function registryWatch(root: string): WatchSpec {
  const fixed = [CANONICAL_FILE, CONFIG_FILE].map((file) => join(root, file));
  const directories = [root, join(root, PROVIDERS_DIR), join(root, MODELS_DIR)];
  return {
    directories,
    fingerprint: () => [...fixed, ...listing(directories[1]!), ...listing(directories[2]!)].map(stamp).join("|"),
  };
}

export class Watcher {
  private readonly watchers: FSWatcher[] = [];
  private poll: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: string;

  constructor(
    private readonly spec: WatchSpec,
    private readonly options: WatchOptions,
  ) {
    this.last = spec.fingerprint();
  }

  /** Starts watching; says how ("fs.watch + poll every 2000 ms"). */
  start(): string {
    for (const dir of this.options.fsWatch === false ? [] : this.spec.directories) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.changed());
        watcher.on("error", () => watcher.close());
        this.watchers.push(watcher);
      } catch {
        // absent or unwatchable: the poll covers it
      }
    }
    if (this.options.pollMs > 0) {
      this.poll = setInterval(() => {
        if (this.spec.fingerprint() !== this.last) this.changed();
      }, this.options.pollMs);
      this.poll.unref();
    }
    const modes = [this.watchers.length > 0 ? "fs.watch" : "", this.poll ? `poll every ${this.options.pollMs} ms` : ""].filter(Boolean);
    return modes.length > 0 ? modes.join(" + ") : "off";
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.last = this.spec.fingerprint();
      this.options.onChange();
    }, this.options.debounceMs);
    this.timer.unref();
  }

  stop(): void {
    for (const watcher of this.watchers.splice(0)) watcher.close();
    clearInterval(this.poll);
    clearTimeout(this.timer);
  }
}
