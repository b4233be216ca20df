// End-to-end test of the notelint extension in real VS Code (code-server),
// driven through Debian's Chromium by playwright-core.
//
// Installs the .vsix into a fresh extensions dir, opens a seed note, and
// checks what a user would see: diagnostics in the Problems panel, the talks
// in the Outline view and breadcrumbs, and a speaker completion. Screenshots
// go to $E2E_ARTIFACTS. Every wait is bounded; a hang fails with a message.
//
// Environment:
//   E2E_VSIX        the .vsix to install (required)
//   E2E_SEED        the note to open (copied into the workspace as a .talk)
//   E2E_ARTIFACTS   where screenshots and logs go
//   E2E_CODE_SERVER code-server launcher (default: node_modules/.bin/code-server)
//   E2E_CHROMIUM    browser binary (default: /usr/bin/chromium)
//   E2E_NOTELINT_BIN  notelint, run as `notelint import` for what the import
//                     command and quick fix must give (default: the bundled one)

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const vsix = required('E2E_VSIX');
const seed = required('E2E_SEED');
const artifacts = process.env.E2E_ARTIFACTS ?? path.join(here, 'artifacts');
const codeServer = process.env.E2E_CODE_SERVER ?? path.join(here, 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const notelintBin = process.env.E2E_NOTELINT_BIN; // for `notelint import`, to compare with
const fixtures = path.join(here, '..', '..', 'fixtures');
const noteName = 'pycon-proposals.talk';
const sharedTitle = 'A Title Shared By Two Notes';

// Flags this machine needs: no sandbox as root, and no background traffic
// (the closed network refuses it, many connections at a time).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let passed = 0;
let failed = 0;
const started = Date.now();

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`run.mjs: set ${name}`);
    process.exit(2);
  }
  return v;
}

function log(msg) {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${t}s] ${msg}`);
}

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL - ${name}: ${err && err.message ? err.message.split('\n')[0] : err}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `fn` until it returns a truthy value or `ms` pass; throws `what` on timeout. */
async function until(what, ms, fn) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) {
        return last;
      }
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms / 1000}s waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notelint-e2e-'));
  const workspace = path.join(tmp, 'talks');
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  fs.mkdirSync(workspace, { recursive: true });
  fs.copyFileSync(seed, path.join(workspace, noteName));
  // A note under another extension, associated through notelint.extraGlobs.
  fs.mkdirSync(path.join(workspace, 'notes'));
  fs.writeFileSync(path.join(workspace, 'notes', 'extra.txt'), '___\n\nA Talk Without Speaker\n\nDescription: Short.\n');
  // Notes under team/ (sorted after the seed in the Problems panel): two
  // with the same title (a cross-file finding), and one never opened.
  fs.mkdirSync(path.join(workspace, 'team'));
  fs.writeFileSync(path.join(workspace, 'team', 'dup-a.talk'), `____\n${sharedTitle}\n\nDescription: Short.\n`);
  fs.writeFileSync(
    path.join(workspace, 'team', 'dup-b.talk'),
    `Shared notes for the programme committee.\n\n____\n${sharedTitle}\n\nAuthor\nAnn Lee\n\nAbstract\nA talk.\n`,
  );
  fs.writeFileSync(path.join(workspace, 'team', 'never-opened.talk'), '____\nA Note Nobody Opened\n\nDescription: Short.\n');
  // Files to import: not talk notes (a CSV export, blog-style notes), and a
  // CSV export saved as .talk (a not-talk-notes finding with a quick fix).
  fs.mkdirSync(path.join(workspace, 'import'));
  fs.copyFileSync(path.join(fixtures, 'schedule.xml'), path.join(workspace, 'import', 'schedule.xml'));
  fs.copyFileSync(path.join(fixtures, 'blog-notes.txt'), path.join(workspace, 'import', 'blog-notes.txt'));
  fs.copyFileSync(path.join(fixtures, 'schedule.json'), path.join(workspace, 'import', 'export.talk'));
  writeJson(path.join(userData, 'User', 'settings.json'), {
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'editor.fontSize': 14,
    'breadcrumbs.enabled': true,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'notelint.trace.server': 'messages',
    'notelint.extraGlobs': ['**/notes/*.txt'],
  });
  // No notelint on PATH: the extension must use the bundled binary (and the
  // "not found" check below must not find one elsewhere).
  const pathDirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d && !fs.existsSync(path.join(d, 'notelint')));
  const csEnv = { ...process.env, PATH: pathDirs.join(path.delimiter), CODE_SERVER_CONFIG: path.join(tmp, 'config.yaml') };
  fs.writeFileSync(csEnv.CODE_SERVER_CONFIG, 'auth: none\ncert: false\n');
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];

  log(`installing ${vsix}`);
  const inst = spawnSync(codeServer, [...common, '--install-extension', vsix], {
    env: csEnv,
    encoding: 'utf8',
    timeout: 120_000,
  });
  fs.writeFileSync(path.join(artifacts, 'install-extension.log'), `${inst.stdout}\n${inst.stderr}`);
  await check('the .vsix installs into code-server', async () => {
    if (inst.status !== 0) {
      throw new Error(`code-server --install-extension exited ${inst.status}: ${inst.stderr || inst.stdout}`);
    }
    const dirs = fs.readdirSync(extensions).filter((d) => d.startsWith('notelint.notelint'));
    if (dirs.length !== 1) {
      throw new Error(`expected one notelint extension dir, found ${JSON.stringify(fs.readdirSync(extensions))}`);
    }
    const bundled = path.join(extensions, dirs[0], 'server', 'notelint');
    if (!fs.existsSync(bundled)) {
      throw new Error(`the installed extension has no bundled server at ${bundled}`);
    }
  });

  const port = await freePort();
  const csLog = fs.createWriteStream(path.join(artifacts, 'code-server.log'));
  const cs = spawn(
    codeServer,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let csOut = '';
  cs.stdout.on('data', (d) => { csOut += d; csLog.write(d); });
  cs.stderr.on('data', (d) => { csOut += d; csLog.write(d); });
  const stopCodeServer = () => {
    try {
      process.kill(-cs.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopCodeServer);

  let browser;
  try {
    await until('code-server to listen', 60_000, () => csOut.includes('HTTP server listening'));
    log(`code-server listening on ${port}`);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The import checks read an editor's whole text through the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
    page.setDefaultTimeout(30_000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
    log('workbench loaded');

    // Open the note from the explorer.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: noteName }).first().click();
    await page.waitForSelector(`.tabs-container .tab[aria-label*="${noteName}"]`, { timeout: 30_000 });
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
    log('note open');

    await check('the editor shows the note as talk notes (language mode)', async () => {
      const mode = await until('the language status to read Talk notes', 30_000, async () => {
        const t = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText().catch(() => '');
        return t.includes('Talk notes') ? t : null;
      });
      log(`language mode: ${mode}`);
    });

    await check('the status bar item shows the server running', async () => {
      await until('"notelint" status item with a check mark', 60_000, async () => {
        const items = await page.locator('.statusbar-item').allInnerTexts();
        return items.some((t) => t.includes('notelint')) && (await page.locator('.statusbar-item .codicon-check').count()) > 0;
      });
    });

    // Problems panel.
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problems = await until('diagnostics in the Problems panel', 60_000, async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      // The seed's own talk: notes under team/ have missing-author rows too.
      return rows.some((r) => /missing-author|NL001/.test(r) && r.includes('Magic Considered Harmful?')) ? rows : null;
    }).catch((e) => e);
    await check('diagnostics appear in the Problems panel (missing-author on the talk without a speaker)', async () => {
      if (problems instanceof Error) {
        throw problems;
      }
      const text = problems.join('\n');
      if (!/NL001|missing-author/.test(text)) {
        throw new Error(`no missing-author row in:\n${text}`);
      }
      log(`problems rows: ${problems.length}; first: ${problems.slice(0, 3).map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`);
    });
    await check('the Problems panel names the rule incomplete-proposal too', async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      if (!rows.some((r) => /incomplete-proposal|NL002/.test(r))) {
        throw new Error(`no incomplete-proposal row in:\n${rows.join('\n')}`);
      }
    });

    await check('each problem is listed once (no push + pull duplicates)', async () => {
      const rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      const dupes = rows.filter((r, i) => rows.indexOf(r) !== i);
      if (dupes.length > 0) {
        throw new Error(`listed twice: ${dupes.join(' | ')}`);
      }
    });

    // Outline view: give it the side bar (fold the file list) and show the
    // talks only.
    await runCommand(page, 'Explorer: Focus on Outline View');
    await page.locator('.pane-header', { hasText: /^\s*talks/i }).first().click().catch(() => {});
    const outlineHeader = page.locator('.pane-header', { hasText: /outline/i }).first();
    await outlineHeader.hover();
    await outlineHeader.locator('.codicon-collapse-all').first().click({ timeout: 5_000 }).catch(() => {});
    await check('the Outline view lists the talks', async () => {
      const rows = await until('talks in the Outline view', 30_000, async () => {
        const r = await page.locator('.outline-pane .monaco-list-row').allInnerTexts();
        return r.some((t) => t.includes('Turnkey Distributed Tracing')) ? r : null;
      });
      log(`outline rows visible: ${rows.length}`);
      if (rows.length !== 16) {
        throw new Error(`expected the 16 talks of seed 004, the outline shows ${rows.length}: ${rows.join(' | ')}`);
      }
      for (const title of ['Python 103: Memory Model & Best Practices', 'Magic Considered Harmful?', 'The Tower of Abstraction']) {
        if (!rows.some((r) => r.includes(title))) {
          throw new Error(`outline lacks "${title}": ${rows.join(' | ')}`);
        }
      }
    });

    // Go to the talk without a speaker; the breadcrumbs follow the cursor.
    await gotoLine(page, 43);
    await check('the breadcrumbs show the talk at the cursor', async () => {
      await until('breadcrumbs naming "Magic Considered Harmful?"', 30_000, async () => {
        const t = await page.locator('.breadcrumbs-control').first().innerText().catch(() => '');
        return t.includes('Magic Considered Harmful?');
      });
    });
    await check('a squiggle is drawn in the editor', async () => {
      await until('squiggly decorations', 30_000, async () => (await page.locator('.monaco-editor .view-overlays .squiggly-error, .monaco-editor .view-overlays .squiggly-warning, .monaco-editor .view-overlays .squiggly-info').count()) > 0);
    });
    await page.screenshot({ path: path.join(artifacts, 'vscode-diagnostics-outline.png') });

    // Speaker completion: a speaker line for the talk that has none.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('by Al', { delay: 40 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    await check('a speaker completion is offered after "by Al"', async () => {
      const rows = await until('"Alex Martelli" in the suggest widget', 30_000, async () => {
        const r = await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').allInnerTexts();
        return r.some((t) => t.includes('Alex Martelli')) ? r : null;
      });
      log(`completion rows: ${rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`);
    });
    await page.screenshot({ path: path.join(artifacts, 'vscode.png') });
    await check('accepting the completion writes the name into the document', async () => {
      await page.keyboard.press('Enter');
      await until('the line to read "by Alex Martelli"', 10_000, async () => {
        const lines = await page.locator('.monaco-editor .view-lines').first().innerText();
        return lines.replace(/\u00a0/g, ' ').includes('by Alex Martelli');
      });
    });

    await check('notelint.extraGlobs opens notes/*.txt as talk notes', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('extra.txt');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'extra.txt' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.tabs-container .tab.active[aria-label*="extra.txt"]', { timeout: 15_000 });
      await until('the language status to read Talk notes for extra.txt', 15_000, async () => {
        const t = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText().catch(() => '');
        return t.includes('Talk notes');
      });
      await until('missing-author for the talk in extra.txt', 20_000, async () => {
        const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
        return rows.some((r) => r.includes('A Talk Without Speaker') && /NL001|missing-author/.test(r));
      });
    });

    // Pulled diagnostics across files. The Problems panel is filtered to
    // the rows in question (it lists every note of the workspace).
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const filter = page.locator('.markers-panel-action-filter input, input[placeholder*="node_modules"]').first();
    // The filter applies after a pause in typing: set it once, then poll
    // the rows (rows of other notes gone shows it took effect).
    const filtered = async (text) => {
      if ((await filter.inputValue()) !== text) {
        await filter.fill(text);
      }
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      return rows.some((r) => r.includes('Magic Considered Harmful?')) ? [] : rows;
    };
    await check('the Problems panel lists the problems of a note that was never opened', async () => {
      await until('missing-author for never-opened.talk', 30_000, async () => {
        const rows = await filtered('Nobody Opened');
        return rows.some((r) => r.includes('A Note Nobody Opened') && /NL001|missing-author/.test(r));
      });
      if ((await page.locator('.tabs-container .tab[aria-label*="never-opened.talk"]').count()) !== 0) {
        throw new Error('never-opened.talk has a tab: it was opened');
      }
    });
    await check('editing note B updates the Problems panel for note A (open, not edited)', async () => {
      // A stays visible beside B: VS Code re-pulls a visible document with
      // the result id it holds (a hidden one is pulled afresh), so a stale
      // `unchanged` answer would show here.
      await quickOpen(page, 'dup-a.talk');
      await runCommand(page, 'View: Split Editor Right');
      await quickOpen(page, 'dup-b.talk');
      if ((await page.locator('.editor-group-container').count()) < 2) {
        throw new Error('the editor did not split: dup-a.talk would not stay visible');
      }
      const shared = () => filtered('Shared By Two');
      await until('duplicate-title in dup-a.talk before the edit', 30_000, async () => {
        const rows = await shared();
        return rows.some((r) => /NL009|duplicate-title/.test(r)) && rows.some((r) => /NL001|missing-author/.test(r));
      });
      // Retitle B's talk (line 4): A's duplicate-title must go, although A's
      // text did not change.
      await gotoLine(page, 4, false);
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('A Title Only B Has', { delay: 20 });
      await page.keyboard.press('Escape');
      const rows = await until('duplicate-title gone from dup-a.talk', 30_000, async () => {
        const r = await shared();
        return !r.some((x) => /NL009|duplicate-title/.test(x)) && r.some((x) => /NL001|missing-author/.test(x)) ? r : null;
      });
      log(`dup-a.talk rows after the edit: ${rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}`);
    });
    await page.screenshot({ path: path.join(artifacts, 'vscode-cross-file.png') });
    await filter.fill('').catch(() => {});

    // A wrong notelint.path: a clear error, not a silent failure. The
    // workspace settings file is edited on disk, as a user would; the
    // extension restarts on the change.
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'notelint.path': '/nonexistent/notelint' }, null, 2));
    await check('a notelint.path that points nowhere gives an error message and a red status item', async () => {
      await until('an error notification naming notelint.path', 30_000, async () => {
        const t = await page.locator('.notifications-toasts').innerText().catch(() => '');
        return t.includes('notelint.path') && t.includes('/nonexistent/notelint');
      });
      await until('the status item to show an error', 10_000, async () =>
        (await page.locator('.statusbar-item', { hasText: 'notelint' }).locator('.codicon-error').count()) > 0);
    });
    await page.screenshot({ path: path.join(artifacts, 'vscode-missing-binary.png') });
    fs.writeFileSync(settingsFile, '{}\n');
    await check('fixing the setting brings the server back; "Restart notelint" restarts it', async () => {
      await until('the status item to show the server running again', 30_000, async () =>
        (await page.locator('.statusbar-item', { hasText: 'notelint' }).locator('.codicon-check').count()) > 0);
      await runCommand(page, 'notelint: Restart notelint');
      await until('the status item to show the server running after Restart', 30_000, async () =>
        (await page.locator('.statusbar-item', { hasText: 'notelint' }).locator('.codicon-check').count()) > 0);
      // The restarted server answers: its diagnostics are in the Problems panel.
      await until('diagnostics from the restarted server', 30_000, async () => {
        const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
        return rows.some((r) => /NL002|incomplete-proposal/.test(r));
      });
    });

    await check('no binary anywhere (none bundled, empty notelint.path, none on PATH): a message says so', async () => {
      const dir = fs.readdirSync(extensions).find((d) => d.startsWith('notelint.notelint'));
      const bundled = path.join(extensions, dir, 'server', 'notelint');
      fs.renameSync(bundled, `${bundled}.off`);
      try {
        await page.locator('.notifications-toasts .codicon-notifications-clear-all, .notifications-toasts .codicon-close').first().click({ timeout: 2_000 }).catch(() => {});
        await runCommand(page, 'notelint: Restart notelint');
        await until('a "not found" error notification', 30_000, async () => {
          const t = await page.locator('.notifications-toasts').innerText().catch(() => '');
          return t.includes('notelint language server was not found') && t.includes('PATH');
        });
      } finally {
        fs.renameSync(`${bundled}.off`, bundled);
      }
      await runCommand(page, 'notelint: Restart notelint');
      await until('the status item to show the server running again', 30_000, async () =>
        (await page.locator('.statusbar-item', { hasText: 'notelint' }).locator('.codicon-check').count()) > 0);
    });

    await check('notelint.trace.server: messages logs the LSP traffic to the "notelint trace" output', async () => {
      const find = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? find(path.join(dir, e.name)) : e.name.endsWith('notelint trace.log') ? [path.join(dir, e.name)] : []);
      await until('initialize and didOpen in the trace log', 10_000, () => {
        const text = find(path.join(userData, 'logs')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
        return text.includes("Sending request 'initialize") && text.includes("Sending notification 'textDocument/didOpen'");
      });
    });

    // Import: the palette command on a file that is not a talk note, with an
    // unsaved edit (the server sees only the file on disk otherwise).
    const importBin = notelintBin ?? path.join(extensions, fs.readdirSync(extensions).find((d) => d.startsWith('notelint.notelint')), 'server', 'notelint');
    await check('"Convert File to Talk-Note Markup" on a schedule export with an unsaved edit opens what notelint import gives, as talk notes', async () => {
      await closeAllEditors(page);
      await quickOpen(page, 'schedule.xml');
      // Line 14: <title>Why Software Breaks</title>; type before </title>.
      await gotoLine(page, 14);
      await page.keyboard.press('End');
      for (let i = 0; i < '</title>'.length; i++) {
        await page.keyboard.press('ArrowLeft');
      }
      await page.keyboard.type(' Again', { delay: 20 });
      const edited = fs.readFileSync(path.join(fixtures, 'schedule.xml'), 'utf8').replace('Why Software Breaks</title>', 'Why Software Breaks Again</title>');
      const want = cliImport(importBin, edited);
      if (!want.ok || !want.out.includes('Why Software Breaks Again')) {
        throw new Error(`notelint import: ${want.err || want.out}`);
      }
      await runCommand(page, 'notelint: Convert File to Talk-Note Markup');
      await page.waitForSelector('.tabs-container .tab.active[aria-label*="Untitled"]', { timeout: 20_000 });
      await until('the language status to read Talk notes for the new document', 15_000, async () => {
        const t = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText().catch(() => '');
        return t.includes('Talk notes');
      });
      await sameText(page, want.out);
      if (fs.readFileSync(path.join(workspace, 'import', 'schedule.xml'), 'utf8').includes('Again')) {
        throw new Error('the XML file was saved');
      }
    });
    await page.screenshot({ path: path.join(artifacts, 'vscode-import.png') });

    await check('"Convert File to Talk-Note Markup" on blog-style notes (.txt) agrees with notelint import', async () => {
      await closeAllEditors(page);
      await quickOpen(page, 'blog-notes.txt');
      const want = cliImport(importBin, fs.readFileSync(path.join(fixtures, 'blog-notes.txt'), 'utf8'));
      await runCommand(page, 'notelint: Convert File to Talk-Note Markup');
      if (want.ok && want.out !== '') {
        await page.waitForSelector('.tabs-container .tab.active[aria-label*="Untitled"]', { timeout: 20_000 });
        await sameText(page, want.out);
      } else {
        // Where the CLI converts nothing, the editor gives its reason and
        // opens nothing. (Blog notes read as talk-note markup until the text
        // shapes are detected.)
        const reason = /already talk-note markup/.test(want.err)
          ? 'already talk-note markup'
          : want.err.trim().split('\n').pop().replace(/^notelint: <stdin>:\s*/, '');
        await until(`an error notification saying "${reason}"`, 20_000, async () => {
          const t = await page.locator('.notifications-toasts').innerText().catch(() => '');
          return t.includes('cannot convert') && t.includes(reason);
        });
        if ((await page.locator('.tabs-container .tab[aria-label*="Untitled"]').count()) !== 0) {
          throw new Error('a new document was opened');
        }
      }
    });

    await check('the quick fix "Convert to talk-note markup" on a .talk file in another shape shows a preview, then rewrites the file', async () => {
      await closeAllEditors(page);
      await quickOpen(page, 'export.talk');
      const want = cliImport(importBin, fs.readFileSync(path.join(fixtures, 'schedule.json'), 'utf8'));
      if (!want.ok || want.out === '') {
        throw new Error(`notelint import: ${want.err}`);
      }
      await until('the not-talk-notes finding to be drawn', 30_000, async () =>
        (await page.locator('.monaco-editor .view-overlays .squiggly-error, .monaco-editor .view-overlays .squiggly-warning, .monaco-editor .view-overlays .squiggly-info').count()) > 0);
      await gotoLine(page, 1);
      await page.keyboard.press('Control+.');
      const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Convert to talk-note markup' }).first();
      await item.waitFor({ state: 'visible', timeout: 15_000 });
      // The keyboard, as a user would (the squiggle's hover can cover the
      // menu for the mouse): down to the action, then Enter.
      await until('"Convert to talk-note markup" to be the focused action', 10_000, async () => {
        const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => '');
        if (focused.includes('Convert to talk-note markup')) {
          return true;
        }
        await page.keyboard.press('ArrowDown');
        return false;
      });
      await page.keyboard.press('Enter');
      // needsConfirmation: VS Code shows the edit in the Refactor Preview
      // (in the panel) and changes nothing until Apply.
      const pane = page.locator('.part.panel').first();
      const apply = pane.locator('.monaco-button', { hasText: /^\s*Apply\s*$/ }).first();
      await apply.waitFor({ state: 'visible', timeout: 15_000 });
      await until('the Refactor Preview naming export.talk', 10_000, async () => {
        const t = await pane.innerText();
        return /refactor preview/i.test(t) && t.includes('export.talk');
      });
      await page.screenshot({ path: path.join(artifacts, 'vscode-import-preview.png') });
      const editor = await editorText(page);
      if (!editor.includes('"schedule"')) {
        throw new Error('the file changed before the preview was applied');
      }
      // A change that needs confirmation is listed unchecked: tick it, then Apply.
      const tick = pane.locator('.monaco-list-row', { hasText: 'export.talk' }).first().locator('.monaco-checkbox, input[type="checkbox"]').first();
      await tick.click();
      await until('the change to be ticked', 5_000, async () =>
        (await tick.getAttribute('aria-checked')) === 'true' || (await tick.getAttribute('class') ?? '').includes('checked') || (await tick.isChecked().catch(() => false)));
      await apply.click();
      await page.locator('.tabs-container .tab.active[aria-label*="export.talk"]').first().waitFor({ timeout: 10_000 }).catch(() => {});
      await quickOpen(page, 'export.talk');
      await sameText(page, want.out);
    });
  } catch (err) {
    failed++;
    console.log(`FAIL - e2e run aborted: ${err && err.message ? err.message : err}`);
    if (browser) {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) {
        await pages[0].screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
      }
    }
  } finally {
    if (browser) {
      await browser.close().catch(() => {});
    }
    stopCodeServer();
  }
  if (failed === 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
  } else {
    console.log(`kept ${tmp} (workspace, user data and VS Code logs) for a look`);
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`vscode e2e: ${secs}s, artifacts in ${artifacts}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

/** What `notelint import -` prints for `text`. */
function cliImport(bin, text) {
  const r = spawnSync(bin, ['import', '-'], { input: text, encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: r.stderr ?? String(r.error ?? '') };
}

/**
 * The active editor's whole text: selected and copied, read from the
 * clipboard (Monaco draws only the lines in view, so the DOM does not have
 * them all).
 */
async function editorText(page) {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  const text = await until('the copied text on the clipboard', 5_000, () => page.evaluate(() => navigator.clipboard.readText()));
  await page.keyboard.press('ArrowLeft');
  return text;
}

/**
 * Waits until the active editor holds `want`, line for line (runs of
 * whitespace compare equal; every word and line break must match).
 */
async function sameText(page, want) {
  const norm = (t) => t.replace(/\u00a0/g, ' ').split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).join('\n').replace(/\n+$/, '');
  let have = '';
  await until('the editor to show the text notelint import gives', 15_000, async () => {
    have = await editorText(page);
    return norm(have) === norm(want);
  }).catch(() => {
    throw new Error(`the editor shows:\n${norm(have)}\n--- notelint import gives:\n${norm(want)}`);
  });
}

/** Closes every editor, without saving the changed ones. */
async function closeAllEditors(page) {
  await runCommand(page, 'View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ }).first();
  await until('the editors to close', 15_000, async () => {
    if (await dontSave.isVisible().catch(() => false)) {
      await dontSave.click();
    }
    return (await page.locator('.tabs-container .tab').count()) === 0;
  });
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
}

async function quickOpen(page, name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${name}"]`, { timeout: 15_000 });
}

async function gotoLine(page, line, click = true) {
  if (click) {
    await page.locator('.monaco-editor .view-lines').first().click();
  }
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
}

main().catch((err) => {
  console.error(err);
  console.log(`0 passed, 1 failed`);
  process.exit(1);
});
