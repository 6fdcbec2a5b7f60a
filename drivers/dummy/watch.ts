/**
 * File change notification for dummy-ups: one Deno.watchFs per directory
 * and process (inotify instances are limited to 128 per user, and many
 * instances can share a process), watching the directory so that editors'
 * atomic renames are seen too. Callers keep an mtime+size poll as fallback.
 *
 * @module
 */

type Callback = () => void;

interface DirWatch {
  watcher: Deno.FsWatcher;
  subs: Map<string, Set<Callback>>;
}

const DIRS = new Map<string, DirWatch>();

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

async function pump(dir: string, w: DirWatch): Promise<void> {
  try {
    for await (const ev of w.watcher) {
      for (const p of ev.paths) {
        const subs = w.subs.get(p);
        if (subs) { for (const cb of [...subs]) cb(); }
      }
    }
  } catch {
    // watcher closed or failed: the poll fallback remains
  }
  if (DIRS.get(dir) === w) DIRS.delete(dir);
}

/**
 * Calls `cb` (possibly several times) when `path` may have changed. Returns
 * the function that stops watching, or undefined when watching is
 * unavailable (then only polling notices changes).
 */
export function watchFile(path: string, cb: Callback): Callback | undefined {
  const dir = dirOf(path);
  let w = DIRS.get(dir);
  if (!w) {
    let watcher: Deno.FsWatcher;
    try {
      watcher = Deno.watchFs(dir, { recursive: false });
    } catch {
      return undefined;
    }
    w = { watcher, subs: new Map() };
    DIRS.set(dir, w);
    void pump(dir, w);
  }
  const entry = w;
  let subs = entry.subs.get(path);
  if (!subs) entry.subs.set(path, subs = new Set());
  subs.add(cb);
  return () => {
    subs.delete(cb);
    if (subs.size === 0) entry.subs.delete(path);
    if (entry.subs.size === 0) {
      DIRS.delete(dir);
      try {
        entry.watcher.close();
      } catch {
        // already closed
      }
    }
  };
}
