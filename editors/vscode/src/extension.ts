// VS Code client for the notelint language server (`notelint lsp`).
//
// The format knowledge lives in the server; this file only finds the binary,
// starts it over stdio, and shows the user what state it is in.

import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { isExecutable, makeExecutable, resolveServer } from './server';

const LANGUAGE_ID = 'talknote';
const SECTION = 'notelint';
// The server's command (advertised in executeCommandProvider, so the client
// registers a VS Code command of that id itself) and the one this extension
// contributes, which must not have the same id.
const SERVER_IMPORT = 'notelint.import';
const IMPORT_FILE = 'notelint.importFile';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
let extensionPath = '';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('notelint');
  traceOutput = vscode.window.createOutputChannel('notelint trace');
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'notelint';
  statusItem.command = 'notelint.showOutput';
  context.subscriptions.push(output, traceOutput, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('notelint.restart', () => restart()),
    vscode.commands.registerCommand('notelint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(IMPORT_FILE, (target?: unknown) => importFile(target)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration(`${SECTION}.path`) ||
        e.affectsConfiguration(`${SECTION}.configPath`) ||
        e.affectsConfiguration(`${SECTION}.maxIndexFiles`) ||
        e.affectsConfiguration(`${SECTION}.maxIndexBytes`) ||
        e.affectsConfiguration(`${SECTION}.extraGlobs`)
      ) {
        void restart();
      }
    }),
    // Extra globs: files that match are switched to the talknote language,
    // which is what the client's document selector (and the grammar) key on.
    vscode.workspace.onDidOpenTextDocument((doc) => {
      void applyExtraGlobs(doc);
      startOnFirstNote(doc);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatusVisibility()),
  );
  for (const doc of vscode.workspace.textDocuments) {
    void applyExtraGlobs(doc);
    startOnFirstNote(doc);
  }
  // The extension activates at startup so that extra globs can claim their
  // files; the server starts with the first talk note (or a workspace that
  // has .talk files), not in every window.
  const talks = await vscode.workspace.findFiles('**/*.talk', '**/node_modules/**', 1);
  if (talks.length > 0) {
    await ensureStarted();
  }
}

let starting: Promise<void> | undefined;

function ensureStarted(): Promise<void> {
  if (!starting) {
    starting = start();
  }
  return starting;
}

function startOnFirstNote(doc: vscode.TextDocument): void {
  if (doc.languageId === LANGUAGE_ID) {
    void ensureStarted();
  }
}

export async function deactivate(): Promise<void> {
  await stop();
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function extraGlobs(): string[] {
  return (config().get<string[]>('extraGlobs') ?? []).filter((g) => typeof g === 'string' && g.trim() !== '');
}

async function applyExtraGlobs(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId === LANGUAGE_ID || doc.uri.scheme !== 'file') {
    return;
  }
  for (const pattern of extraGlobs()) {
    // A filter with only a pattern matches on the path, like files.associations.
    if (vscode.languages.match({ pattern }, doc) > 0) {
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
      return;
    }
  }
}

function expandPath(p: string): string {
  let out = p.trim();
  if (out.startsWith('~/') || out === '~') {
    out = path.join(os.homedir(), out.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
    if (!path.isAbsolute(out)) {
      out = path.join(folder, out);
    }
  }
  return out;
}

/** The server binary, looked up as `resolveServer` describes. */
function findServer(): ReturnType<typeof resolveServer> {
  return resolveServer({
    configured: config().get<string>('path') ?? '',
    expand: expandPath,
    bundledDir: path.join(extensionPath, 'server'),
    platform: process.platform,
    arch: process.arch,
    pathEnv: process.env.PATH ?? '',
    isExecutable,
    makeExecutable,
  });
}

function setStatus(text: string, tooltip: string, error = false): void {
  statusItem.text = text;
  statusItem.tooltip = tooltip;
  statusItem.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  updateStatusVisibility();
}

function updateStatusVisibility(): void {
  // Always visible when something is wrong; otherwise only next to talk notes.
  const editor = vscode.window.activeTextEditor;
  const relevant = editor?.document.languageId === LANGUAGE_ID;
  if (relevant || statusItem.backgroundColor !== undefined) {
    statusItem.show();
  } else {
    statusItem.hide();
  }
}

async function start(): Promise<void> {
  const resolved = findServer();
  if ('error' in resolved) {
    output.appendLine(resolved.error);
    setStatus('$(error) notelint', resolved.error, true);
    const choice = await vscode.window.showErrorMessage(resolved.error, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'notelint.path');
    } else if (choice === 'Show Output') {
      output.show(true);
    }
    return;
  }

  const configPath = (config().get<string>('configPath') ?? '').trim();
  const serverOptions: ServerOptions = {
    run: { command: resolved.command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command: resolved.command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const watched = ['**/*.talk', '**/notelint.toml', ...extraGlobs()];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: {
      fileEvents: watched.map((g) => vscode.workspace.createFileSystemWatcher(g)),
    },
    initializationOptions: {
      configPath: configPath === '' ? null : expandPath(configPath),
      extraGlobs: extraGlobs(),
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    // Diagnostics: VS Code pulls them (textDocument/diagnostic); the server
    // then does not also push, and asks for a re-pull when another file
    // changes a workspace rule.
  };

  // The id 'notelint' makes the client read `notelint.trace.server` itself.
  const c = new LanguageClient(SECTION, 'notelint', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      setStatus('$(check) notelint', `notelint language server running\n${resolved.command} (${resolved.origin})`);
    } else if (e.newState === State.Starting) {
      setStatus('$(sync~spin) notelint', 'notelint language server starting');
    } else {
      setStatus('$(error) notelint', 'notelint language server stopped — run "Restart notelint"', true);
    }
  });
  setStatus('$(sync~spin) notelint', 'notelint language server starting');
  output.appendLine(`Starting ${resolved.command} lsp (from ${resolved.origin})`);
  try {
    await c.start();
  } catch (err) {
    const msg = `notelint language server failed to start (${resolved.command} lsp): ${String(err)}`;
    output.appendLine(msg);
    setStatus('$(error) notelint', msg, true);
    void vscode.window.showErrorMessage(msg, 'Show Output').then((choice) => {
      if (choice === 'Show Output') {
        output.show(true);
      }
    });
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (err) {
      output.appendLine(`Stopping the server failed: ${String(err)}`);
    }
  }
}

async function restart(): Promise<void> {
  output.appendLine('Restarting notelint');
  await stop();
  starting = start();
  await starting;
}

interface ImportResult {
  text: string;
  shape: string;
  talks: number;
}

/**
 * "Convert File to Talk-Note Markup": the active editor's document (or the
 * file chosen in the explorer), whatever its language, converted by the
 * server's `notelint.import` and opened as a new untitled talk note. The
 * document's text goes with the request: the server is not sent documents
 * that are not talk notes, so it would see only the file on disk, without
 * unsaved edits.
 */
async function importFile(target?: unknown): Promise<void> {
  let doc: vscode.TextDocument | undefined;
  try {
    doc =
      target instanceof vscode.Uri
        ? await vscode.workspace.openTextDocument(target)
        : vscode.window.activeTextEditor?.document;
  } catch (err) {
    void vscode.window.showErrorMessage(`notelint: cannot open ${String(target)}: ${errorMessage(err)}`);
    return;
  }
  if (!doc) {
    void vscode.window.showErrorMessage('notelint: open the file to convert to talk-note markup first.');
    return;
  }
  const name = doc.isUntitled ? doc.uri.toString() : vscode.workspace.asRelativePath(doc.uri);
  await ensureStarted();
  const c = client;
  if (!c || c.state !== State.Running) {
    void vscode.window.showErrorMessage(
      'notelint: the language server is not running, so the file cannot be converted; see the "notelint" output.',
    );
    return;
  }
  let result: ImportResult;
  try {
    result = (await c.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_IMPORT,
      arguments: [{ uri: doc.uri.toString(), text: doc.getText() }],
    })) as ImportResult;
    if (!result || typeof result.text !== 'string') {
      throw new Error(`the server answered no text (${JSON.stringify(result)})`);
    }
  } catch (err) {
    void vscode.window.showErrorMessage(`notelint: cannot convert ${name}: ${errorMessage(err)}`);
    return;
  }
  const out = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: result.text });
  await vscode.window.showTextDocument(out);
  const talks = `${result.talks} talk${result.talks === 1 ? '' : 's'}`;
  vscode.window.setStatusBarMessage(`notelint: ${talks} converted from ${name} (read as ${result.shape})`, 10_000);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
