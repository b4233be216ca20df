// The lookup order of the server binary: notelint.path, then the bundled
// binary, then PATH, then a message with the install commands. Runs in plain
// Node (`npm run test:unit`), against a fake file system.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTALL_HINT, Lookup, resolveServer } from '../../src/server';

/** A machine where exactly `executables` can be run. */
function machine(executables: string[], over: Partial<Lookup> = {}): Lookup & { chmodded: string[] } {
  const runnable = new Set(executables);
  const chmodded: string[] = [];
  return {
    configured: '',
    expand: (p) => (p.startsWith('/') ? p : `/work/${p}`),
    bundledDir: '/ext/server',
    platform: 'linux',
    arch: 'x64',
    pathEnv: '/usr/local/bin:/home/me/.local/bin:/usr/bin',
    isExecutable: (f) => runnable.has(f),
    makeExecutable: (f) => chmodded.push(f),
    chmodded,
    ...over,
  };
}

const everywhere = ['/opt/notelint', '/ext/server/notelint', '/home/me/.local/bin/notelint', '/usr/bin/notelint'];

test('notelint.path wins over the bundled binary and PATH', () => {
  assert.deepEqual(resolveServer(machine(everywhere, { configured: '/opt/notelint' })), {
    command: '/opt/notelint',
    origin: 'setting',
  });
});

test('notelint.path is expanded (relative to the workspace) and trimmed', () => {
  assert.deepEqual(resolveServer(machine(['/work/bin/notelint'], { configured: ' bin/notelint ' })), {
    command: '/work/bin/notelint',
    origin: 'setting',
  });
});

test('a notelint.path that points nowhere is an error, not a fallback to the bundled binary', () => {
  const r = resolveServer(machine(everywhere, { configured: '/nonexistent/notelint' }));
  assert.ok('error' in r);
  assert.match(r.error, /notelint\.path is set to "\/nonexistent\/notelint"/);
});

test('without the setting, the bundled binary wins over PATH', () => {
  assert.deepEqual(resolveServer(machine(everywhere)), { command: '/ext/server/notelint', origin: 'bundled' });
});

test('a bundled binary that lost its mode bits is made executable and used', () => {
  const m = machine([]);
  m.makeExecutable = (f) => {
    m.chmodded.push(f);
    m.isExecutable = (g) => g === f;
  };
  assert.deepEqual(resolveServer(m), { command: '/ext/server/notelint', origin: 'bundled' });
  assert.deepEqual(m.chmodded, ['/ext/server/notelint']);
});

test('without setting or bundled binary, the first notelint on PATH', () => {
  assert.deepEqual(resolveServer(machine(['/home/me/.local/bin/notelint', '/usr/bin/notelint'])), {
    command: '/home/me/.local/bin/notelint',
    origin: 'PATH',
  });
});

test('Windows: notelint.exe, and PATH split at ";"', () => {
  const m = machine(['C:\\Users\\me\\.cargo\\bin\\notelint.exe'], {
    platform: 'win32',
    bundledDir: 'C:\\ext\\server',
    pathEnv: 'C:\\Windows;C:\\Users\\me\\.cargo\\bin',
  });
  assert.deepEqual(resolveServer(m), { command: 'C:\\Users\\me\\.cargo\\bin\\notelint.exe', origin: 'PATH' });
});

test('nothing anywhere: the message says where it looked and how to install', () => {
  const r = resolveServer(machine([], { arch: 'arm64', platform: 'darwin' }));
  assert.ok('error' in r);
  assert.match(r.error, /notelint language server was not found/);
  assert.match(r.error, /no bundled binary for darwin-arm64/);
  assert.match(r.error, /notelint\.path is empty/);
  assert.match(r.error, /no "notelint" is on PATH/);
  assert.ok(r.error.includes(INSTALL_HINT));
  assert.match(r.error, /pip install notelint/);
  assert.match(r.error, /cargo install notelint/);
});
