/**
 * A command's output written straight to file descriptors 1 and 2. Bun
 * builds process.stdout (and node:stream with it) on first access, 15–25 ms
 * of start-up — a sizeable share of `validate` on a small registry — and
 * `process.stdout.isTTY` costs as much. Nothing here needs a stream: each
 * write is complete when it returns, so a large report to a slow pipe is
 * never cut off at exit.
 */
import { fstatSync, writeSync } from "node:fs";
import { createRequire } from "node:module";

const STDOUT = 1;
const STDERR = 2;

/** Descriptors a write failed on (other than a closed pipe): nothing more can be said on them. */
const broken = new Set<number>();

export function writeOut(text: string): void {
  writeAll(STDOUT, text);
}

export function writeErr(text: string): void {
  writeAll(STDERR, text);
}

/** Is stdout (or stderr) a terminal? Decided without node:tty when it is a pipe or a file, as it is in CI and under a benchmark. */
export function isTerminal(stream: "stdout" | "stderr"): boolean {
  const fd = stream === "stdout" ? STDOUT : STDERR;
  try {
    // Every terminal is a character device; a pipe or a regular file never is.
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  // A character device may still be /dev/null: only isatty can tell.
  const tty = createRequire(import.meta.url)("node:tty") as typeof import("node:tty");
  return tty.isatty(fd);
}

/** A reader that stops early (`| head`) is not a failure: end quietly, with the code the run has so far. */
function readerGone(): never {
  process.exit(process.exitCode ?? 0);
}

/** Sleeps the thread (there is nothing else for it to do while its output cannot be written). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function writeAll(fd: number, text: string): void {
  if (text === "" || broken.has(fd)) return;
  const bytes = Buffer.from(text, "utf8");
  let written = 0;
  let wait = 1;
  while (written < bytes.length) {
    try {
      // A pipe may take part of it.
      written += writeSync(fd, bytes, written, bytes.length - written);
      wait = 1;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EINTR") continue;
      if (code === "EAGAIN" || code === "EWOULDBLOCK") {
        // A non-blocking pipe (set so by whoever shares it) that is full: wait for its reader.
        pause(wait);
        wait = Math.min(wait * 2, 50);
        continue;
      }
      if (code === "EPIPE") readerGone();
      broken.add(fd);
      process.exitCode = 1;
      return;
    }
  }
}
