// Where the extension finds the `notelint` binary. No `vscode` import: the
// lookup order is unit-tested in plain Node (test/unit/server.test.ts).

import * as fs from 'fs';
import * as path from 'path';

/** Where the binary came from, so messages can say which setting to change. */
export type Origin = 'setting' | 'bundled' | 'PATH';

export interface ResolvedServer {
  command: string;
  origin: Origin;
}

/** What the lookup reads; the extension passes the real machine's. */
export interface Lookup {
  /** The `notelint.path` setting as written (may be empty). */
  configured: string;
  /** Resolves `~`, `${workspaceFolder}` and relative paths of the setting. */
  expand: (p: string) => string;
  /** The folder holding the bundled binary (`<extension>/server`). */
  bundledDir: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The PATH environment variable. */
  pathEnv: string;
  isExecutable: (file: string) => boolean;
  /** Restores the mode bits some unzip paths drop from files in a .vsix. */
  makeExecutable: (file: string) => void;
}

/** How to get a binary when none is found; also in docs/editors.md. */
export const INSTALL_HINT =
  'Install notelint with "pip install notelint" (or "pipx install notelint", "uv tool install notelint") ' +
  'or "cargo install notelint", or set notelint.path to the binary.';

export function exeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'notelint.exe' : 'notelint';
}

/**
 * The setting wins (and is an error if it points nowhere: a typo should not
 * silently fall through to another binary); then the binary bundled in the
 * platform .vsix; then `notelint` on PATH (pip, pipx, uv, cargo install).
 */
export function resolveServer(l: Lookup): ResolvedServer | { error: string } {
  const paths = l.platform === 'win32' ? path.win32 : path.posix;
  const exe = exeName(l.platform);
  const configured = l.configured.trim();
  if (configured !== '') {
    const p = l.expand(configured);
    if (l.isExecutable(p)) {
      return { command: p, origin: 'setting' };
    }
    return { error: `notelint.path is set to "${configured}", but no executable file is there.` };
  }
  const bundled = paths.join(l.bundledDir, exe);
  if (!l.isExecutable(bundled)) {
    l.makeExecutable(bundled);
  }
  if (l.isExecutable(bundled)) {
    return { command: bundled, origin: 'bundled' };
  }
  for (const dir of l.pathEnv.split(paths.delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = paths.join(dir, exe);
    if (l.isExecutable(candidate)) {
      return { command: candidate, origin: 'PATH' };
    }
  }
  return {
    error:
      'The notelint language server was not found: this extension has no bundled binary for ' +
      `${l.platform}-${l.arch}, notelint.path is empty, and no "notelint" is on PATH. ${INSTALL_HINT}`,
  };
}

/** A regular file this process may run. */
export function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** chmod 755 a file that exists (a no-op on Windows and where it fails). */
export function makeExecutable(file: string): void {
  if (process.platform === 'win32' || !fs.existsSync(file)) {
    return;
  }
  try {
    fs.chmodSync(file, 0o755);
  } catch {
    // read-only install: the lookup goes on to PATH
  }
}
