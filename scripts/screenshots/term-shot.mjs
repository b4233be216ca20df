// Renders a terminal capture (text with ANSI SGR colour codes, as printed by
// `tmux capture-pane -e -p`) to a PNG through Debian's Chromium.
//
//   node term-shot.mjs capture.ansi out.png "title shown in the window bar"
//
// playwright-core comes from editors/vscode/e2e/node_modules (installed by
// scripts/editors-e2e.sh vscode).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'editors', 'vscode', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

const [input, output, title = 'terminal'] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node term-shot.mjs capture.ansi out.png [title]');
  process.exit(2);
}

// A dark palette (the 16 basic colours).
const PALETTE = [
  '#1e1e1e', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#cccccc',
  '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#e5e5e5',
];

function color256(n) {
  if (n < 16) return PALETTE[n];
  if (n < 232) {
    const c = n - 16;
    const v = (x) => (x === 0 ? 0 : 55 + x * 40);
    return `rgb(${v(Math.floor(c / 36))},${v(Math.floor(c / 6) % 6)},${v(c % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

function esc(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function ansiToHtml(text) {
  let state = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };
  let html = '';
  const parts = text.split(/(\x1b\[[0-9;]*m)/);
  for (const part of parts) {
    const m = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (!m) {
      if (part === '') continue;
      const style = [];
      if (state.fg) style.push(`color:${state.fg}`);
      if (state.bg) style.push(`background:${state.bg}`);
      if (state.bold) style.push('font-weight:bold');
      if (state.dim) style.push('opacity:0.7');
      if (state.italic) style.push('font-style:italic');
      if (state.underline) style.push('text-decoration:underline');
      html += style.length ? `<span style="${style.join(';')}">${esc(part)}</span>` : esc(part);
      continue;
    }
    const codes = m[1] === '' ? [0] : m[1].split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) state = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };
      else if (c === 1) state.bold = true;
      else if (c === 2) state.dim = true;
      else if (c === 3) state.italic = true;
      else if (c === 4) state.underline = true;
      else if (c === 22) state.bold = state.dim = false;
      else if (c === 23) state.italic = false;
      else if (c === 24) state.underline = false;
      else if (c >= 30 && c <= 37) state.fg = PALETTE[c - 30 + (state.bold ? 8 : 0)];
      else if (c === 39) state.fg = null;
      else if (c >= 40 && c <= 47) state.bg = PALETTE[c - 40];
      else if (c === 49) state.bg = null;
      else if (c >= 90 && c <= 97) state.fg = PALETTE[c - 90 + 8];
      else if (c >= 100 && c <= 107) state.bg = PALETTE[c - 100 + 8];
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
        state[c === 38 ? 'fg' : 'bg'] = color256(codes[i + 2]);
        i += 2;
      } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
        state[c === 38 ? 'fg' : 'bg'] = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
        i += 4;
      }
    }
  }
  return html;
}

const text = fs.readFileSync(input, 'utf8').replace(/\s+$/, '');
const page = `<!doctype html><meta charset="utf-8"><style>
body { margin: 0; background: #ffffff; }
.win { display: inline-block; margin: 16px; border-radius: 8px; overflow: hidden; box-shadow: 0 4px 16px rgba(0,0,0,.35); background: #1e1e1e; }
.bar { background: #323233; color: #cccccc; font: 13px 'DejaVu Sans', sans-serif; padding: 7px 12px; text-align: center; position: relative; }
.dots { position: absolute; left: 12px; top: 9px; }
.dots i { display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin-right: 6px; }
pre { margin: 0; padding: 12px 16px 14px; color: #cccccc; font: 14px/1.35 'DejaVu Sans Mono', monospace; }
</style><div class="win"><div class="bar"><span class="dots"><i style="background:#ff5f56"></i><i style="background:#ffbd2e"></i><i style="background:#27c93f"></i></span>${esc(title)}</div><pre>${ansiToHtml(text)}</pre></div>`;

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  timeout: 60_000,
});
try {
  const p = await browser.newPage({ viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 });
  await p.setContent(page);
  await p.locator('.win').screenshot({ path: output });
} finally {
  await browser.close();
}
console.log(`wrote ${output}`);
