-- Headless end-to-end test of the notelint Neovim plugin against the real
-- `notelint lsp`. Run (see scripts/editors-e2e.sh):
--
--   NOTELINT_BIN=target/debug/notelint NOTELINT_SEED=../shared/seeds/004_*.txt \
--     timeout 180 nvim --clean --headless -l editors/nvim/test/e2e.lua
--
-- Every wait is bounded (vim.wait with a timeout); a timeout is a failure
-- with a message. Prints "ok - ..." / "FAIL - ..." and "N passed, N failed".

local plugin_dir = vim.fs.dirname(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)))
local bin = assert(os.getenv('NOTELINT_BIN'), 'set NOTELINT_BIN')
local seed = assert(os.getenv('NOTELINT_SEED'), 'set NOTELINT_SEED')
local mode = os.getenv('NOTELINT_NVIM_MODE') or 'setup' -- 'setup' or 'enable'

local passed, failed = 0, 0
local function out(s)
  io.stdout:write(s .. '\n')
end
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('FAIL - ' .. name .. ': ' .. tostring(err))
  end
  return ok
end
local function wait_for(what, ms, fn)
  local result
  local ok = vim.wait(ms, function()
    local good, v = pcall(fn)
    if good and v then
      result = v
      return true
    end
    return false
  end, 50)
  if not ok then
    error(('timed out after %d ms waiting for %s'):format(ms, what), 2)
  end
  return result
end
local function finish()
  out(('nvim e2e (%s): %d passed, %d failed'):format(mode, passed, failed))
  out(('%d passed, %d failed'):format(passed, failed))
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  -- os.exit skips Neovim's own tempdir cleanup.
  vim.fn.delete(vim.fn.fnamemodify(vim.fn.tempname(), ':h'), 'rf')
  os.exit((failed == 0 and passed > 0) and 0 or 1)
end

-- What a plugin manager does when it adds the plugin after startup (-l runs
-- after filetype detection was set up): put it on 'runtimepath' and source
-- its ftdetect files.
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
vim.cmd('runtime! ftdetect/*.lua')
vim.cmd('runtime! plugin/notelint.lua')

-- Messages the plugin gives the user, for the checks to read.
local notes = {}
local notify = vim.notify
vim.notify = function(msg, level, opts)
  notes[#notes + 1] = { msg = msg, level = level }
  -- Headless, an error message inside a command aborts it.
  if level ~= vim.log.levels.ERROR then
    return notify(msg, level, opts)
  end
end

-- A workspace with the seed as a .talk file.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
local note = dir .. '/proposals.talk'
assert(vim.uv.fs_copyfile(seed, note))
assert(vim.uv.fs_chmod(note, tonumber('644', 8)))

if mode == 'enable' then
  vim.lsp.config('notelint', { cmd = { bin, 'lsp' } })
  vim.lsp.enable('notelint')
else
  require('notelint').setup({ cmd = { bin, 'lsp' }, patterns = { ['.*/notes/.*%.txt'] = true } })
end

vim.cmd.edit(vim.fn.fnameescape(note))
local buf = vim.api.nvim_get_current_buf()

check('*.talk is detected as talknote with the ftplugin settings and syntax', function()
  assert(vim.bo[buf].filetype == 'talknote', 'filetype is ' .. vim.bo[buf].filetype)
  assert(vim.bo[buf].commentstring == '// %s', 'commentstring is ' .. vim.bo[buf].commentstring)
  assert(vim.bo[buf].expandtab == false, 'expandtab is set')
  assert(vim.b[buf].current_syntax == 'talknote', 'syntax not loaded')
  local id = vim.fn.synID(43, 1, 1)
  assert(vim.fn.synIDattr(id, 'name') == 'talknoteSepTitle', 'line 43 syntax: ' .. vim.fn.synIDattr(id, 'name'))
end)

local client
if not check('the notelint client attaches', function()
  client = wait_for('a notelint client on the buffer', 15000, function()
    return vim.lsp.get_clients({ bufnr = buf, name = 'notelint' })[1]
  end)
  wait_for('initialize to finish', 15000, function()
    return client.initialized
  end)
end) then
  finish()
end

local function find_diag(code_or_name, lnum)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = tostring(d.code or '')
    local hit = code == code_or_name or d.message:find(code_or_name, 1, true)
      or (d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription
        and d.user_data.lsp.codeDescription.href:find(code_or_name, 1, true))
    if hit and (lnum == nil or d.lnum == lnum) then
      return d
    end
  end
end

local function describe_diags()
  local s = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    s[#s + 1] = ('%d:%s:%s'):format(d.lnum + 1, tostring(d.code), d.message:sub(1, 40))
  end
  return table.concat(s, '; ')
end

check('diagnostics arrive: missing-author on "Magic Considered Harmful?" (line 43)', function()
  local ok = vim.wait(20000, function()
    return find_diag('NL001', 42) ~= nil or find_diag('missing-author', 42) ~= nil
  end, 50)
  assert(ok, 'no missing-author diagnostic on line 43; got: ' .. describe_diags())
end)

check('diagnostics: incomplete-proposal on "The Tower of Abstraction" (line 55)', function()
  assert(find_diag('NL002', 54) or find_diag('incomplete-proposal', 54),
    'no incomplete-proposal on line 55; got: ' .. describe_diags())
end)

check('each finding is shown once (pushed and pulled diagnostics are not both used)', function()
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local key = ('%d:%s:%s'):format(d.lnum, tostring(d.code), d.message)
    assert(not seen[key], 'shown twice: ' .. key)
    seen[key] = true
  end
end)

local function request(method, params)
  local resp, err = client:request_sync(method, params, 10000, buf)
  assert(resp, ('%s: %s'):format(method, tostring(err)))
  assert(not resp.err, ('%s error: %s'):format(method, vim.inspect(resp.err)))
  return resp.result
end

check('document symbols: 16 talks, the first with its sections', function()
  local syms = request('textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(buf) })
  assert(type(syms) == 'table', 'no symbols')
  assert(#syms == 16, ('expected 16 talks, got %d'):format(#syms))
  assert(syms[1].name == 'Python 103: Memory Model & Best Practices', 'first talk: ' .. tostring(syms[1].name))
  local kids = {}
  for _, c in ipairs(syms[1].children or {}) do
    kids[#kids + 1] = c.name
  end
  assert(table.concat(kids, ',') == 'Description,Abstract,Bio', 'first talk sections: ' .. table.concat(kids, ','))
  assert(syms[3].name == 'Magic Considered Harmful?', 'third talk: ' .. tostring(syms[3].name))
end)

local function completion_labels(line0, col)
  local result = request('textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = { line = line0, character = col },
  })
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, it in ipairs(items) do
    labels[#labels + 1] = it.label
  end
  return labels, items
end

check('speaker completions in an Author section (bare label, then a name)', function()
  -- Give "Magic Considered Harmful?" an Author section before its Description.
  local at = 46 -- 0-based: the blank line after the meta line (line 46)
  vim.api.nvim_buf_set_lines(buf, at, at, false, { 'Author', 'Wes', '' })
  local labels = completion_labels(at + 1, 3)
  assert(vim.tbl_contains(labels, 'Wesley Chun'), 'labels: ' .. table.concat(labels, ', '))
  vim.api.nvim_buf_set_lines(buf, at, at + 3, false, {})
end)

check('speaker completions after "Author: " (most used first)', function()
  local at = 46
  vim.api.nvim_buf_set_lines(buf, at, at, false, { 'Author: Al', '' })
  local labels, items = completion_labels(at, 10)
  assert(labels[1] == 'Alex Martelli', 'labels: ' .. table.concat(labels, ', '))
  assert(items[1].detail and items[1].detail:find('talk'), 'detail: ' .. tostring(items[1].detail))
  vim.api.nvim_buf_set_lines(buf, at, at + 2, false, {})
end)

check('the buffer is back to the seed after the completion edits', function()
  local want = vim.fn.readfile(seed)
  local have = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  assert(#want == #have, ('line count %d vs %d'):format(#have, #want))
  assert(vim.deep_equal(want, have), 'buffer differs from the seed')
end)

local function code_actions(d)
  local lsp_diag = d.user_data and d.user_data.lsp
  assert(lsp_diag, 'diagnostic carries no LSP data')
  local actions = request('textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  })
  assert(actions and #actions > 0, 'no code actions')
  return actions
end

local function titles(actions)
  return table.concat(vim.tbl_map(function(a)
    return a.title
  end, actions), ' | ')
end

check('quick fix "disable missing-author for this talk" inserts a suppression and the diagnostic goes', function()
  -- The completion edits gave the talk a speaker for a moment: wait for the
  -- diagnostics of the restored text.
  local d = wait_for('missing-author on line 43 again', 10000, function()
    return find_diag('NL001', 42) or find_diag('missing-author', 42)
  end)
  local actions = code_actions(d)
  local pick
  for _, a in ipairs(actions) do
    local t = a.title:lower()
    if a.edit and t:find('disable') and t:find('talk') and t:find('missing-author', 1, true) then
      pick = a
    end
  end
  assert(pick, 'no "disable ... for this talk" action among: ' .. titles(actions))
  local before = vim.api.nvim_buf_line_count(buf)
  vim.lsp.util.apply_workspace_edit(pick.edit, client.offset_encoding)
  assert(vim.api.nvim_buf_line_count(buf) > before, 'no line was inserted')
  -- The comment must land inside the talk: after its separator (line 41),
  -- before the next one.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local at
  for i, l in ipairs(lines) do
    if l:find('notelint: disable=missing-author', 1, true) then
      at = i
    end
  end
  assert(at, 'no suppression comment in the buffer; action: ' .. vim.inspect(pick.edit))
  local next_sep = 42
  while lines[next_sep] and not lines[next_sep]:match('^___') do
    next_sep = next_sep + 1
  end
  assert(at > 41 and at < next_sep, ('suppression on line %d, outside the talk (lines 42-%d)'):format(at, next_sep - 1))
  wait_for('the missing-author diagnostic to go away', 10000, function()
    return not (find_diag('NL001') or find_diag('missing-author'))
  end)
  vim.cmd('silent undo')
  wait_for('missing-author to come back after undo', 10000, function()
    return find_diag('NL001') or find_diag('missing-author')
  end)
end)

check('quick fix for trailing-whitespace removes it from the buffer', function()
  -- The seed has no fixable finding of its own: type one.
  vim.api.nvim_buf_set_lines(buf, 8, 9, false, { 'Wesley Chun  ' })
  local d = wait_for('a trailing-whitespace diagnostic on line 9', 10000, function()
    return find_diag('NL030', 8) or find_diag('trailing-whitespace', 8)
  end)
  local actions = code_actions(d)
  local fix
  for _, a in ipairs(actions) do
    if a.edit and not a.title:lower():find('disable') and (a.isPreferred or not fix) then
      fix = a
    end
  end
  assert(fix, 'no fix with an edit among: ' .. titles(actions))
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  local after = vim.api.nvim_buf_get_lines(buf, 8, 9, false)[1]
  assert(after == 'Wesley Chun', ('line 9 after the fix: %q'):format(after))
  wait_for('the trailing-whitespace diagnostic to go away', 10000, function()
    return not (find_diag('NL030', 8) or find_diag('trailing-whitespace', 8))
  end)
end)

check('folding ranges from the server cover the talks', function()
  local ranges = request('textDocument/foldingRange', { textDocument = vim.lsp.util.make_text_document_params(buf) })
  assert(type(ranges) == 'table' and #ranges >= 16, ('folding ranges: %d'):format(ranges and #ranges or 0))
  if vim.lsp.foldexpr then
    assert(vim.wo.foldmethod == 'expr' and vim.wo.foldexpr:find('vim.lsp.foldexpr'),
      'foldmethod ' .. vim.wo.foldmethod .. ' foldexpr ' .. vim.wo.foldexpr)
  end
end)

if mode == 'setup' then
  check('setup({ patterns }) opens notes/*.txt as talk notes, linted by the same server', function()
    vim.fn.mkdir(dir .. '/notes', 'p')
    local extra = dir .. '/notes/extra.txt'
    vim.fn.writefile({ '___', '', 'A Talk Without Speaker', '', 'Description: Short.' }, extra)
    vim.cmd.edit(vim.fn.fnameescape(extra))
    local b = vim.api.nvim_get_current_buf()
    assert(vim.bo[b].filetype == 'talknote', 'filetype is ' .. vim.bo[b].filetype)
    wait_for('missing-author in notes/extra.txt', 15000, function()
      for _, d in ipairs(vim.diagnostic.get(b)) do
        if d.lnum == 2 and (tostring(d.code) == 'NL001' or d.message:find('no speaker', 1, true)) then
          return true
        end
      end
    end)
    assert(#vim.lsp.get_clients({ name = 'notelint' }) == 1, 'a second server was started')
    vim.cmd.buffer(buf)
  end)
end


-- Import: files in other shapes. The fixtures are beside the plugin.
local fixtures = vim.fs.dirname(plugin_dir) .. '/fixtures'

-- What `notelint import` prints for `text`: { ok, out, err }.
local function cli_import(text, shape)
  local r = vim.system({ bin, 'import', '--from', shape or 'auto', '-' }, { stdin = text, text = true }):wait(30000)
  return { ok = r.code == 0, out = r.stdout or '', err = r.stderr or '' }
end

local function text_of(b)
  return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n') .. '\n'
end

-- Runs :NotelintImport on the current buffer; returns the buffer it opened.
local function run_import(args)
  local from = vim.api.nvim_get_current_buf()
  local seen = #notes
  vim.cmd('NotelintImport' .. (args and (' ' .. args) or ''))
  local r = wait_for(':NotelintImport to open a new buffer or report an error', 20000, function()
    local cur = vim.api.nvim_get_current_buf()
    if cur ~= from then
      return { buf = cur }
    end
    for i = seen + 1, #notes do
      if notes[i].level == vim.log.levels.ERROR then
        return { err = notes[i].msg }
      end
    end
  end)
  if r.err then
    error('the import failed: ' .. r.err, 0)
  end
  return r.buf
end

local function notelint_clients()
  return #vim.lsp.get_clients({ name = 'notelint' })
end

check(':NotelintImport converts a schedule export with unsaved edits into a new talknote buffer, as notelint import does', function()
  local xml = dir .. '/schedule.xml'
  assert(vim.uv.fs_copyfile(fixtures .. '/schedule.xml', xml))
  vim.cmd.edit(vim.fn.fnameescape(xml))
  local src = vim.api.nvim_get_current_buf()
  assert(vim.bo[src].filetype ~= 'talknote', 'an .xml file is not a talk note')
  -- An unsaved edit: the server cannot see it on disk.
  local lines = vim.api.nvim_buf_get_lines(src, 0, -1, false)
  local at = assert(vim.iter(ipairs(lines)):find(function(_, l)
    return l:find('<title>Packaging Without Tears</title>', 1, true)
  end))
  vim.api.nvim_buf_set_lines(src, at - 1, at, false, { '        <title>Packaging With Fewer Tears</title>' })
  local want = cli_import(text_of(src))
  assert(want.ok, 'notelint import failed: ' .. want.err)
  assert(want.out:find('Packaging With Fewer Tears', 1, true), 'the CLI did not import the edit')
  local before = {}
  for _, c in ipairs(vim.lsp.get_clients({ name = 'notelint' })) do
    before[c.id] = true
  end
  local out = run_import()
  assert(text_of(out) == want.out, ('imported text differs from notelint import:\n%s\n---\n%s'):format(text_of(out), want.out))
  assert(vim.bo[out].filetype == 'talknote', 'filetype is ' .. vim.bo[out].filetype)
  assert(vim.api.nvim_buf_get_name(out) == '', 'the new buffer has a name: ' .. vim.api.nvim_buf_get_name(out))
  -- The running client did the import: a client started since then is
  -- one the new talknote buffer started for itself (vim.lsp.enable does).
  for _, c in ipairs(vim.lsp.get_clients({ name = 'notelint' })) do
    assert(before[c.id] or c.attached_buffers[out], 'the import started a client of its own')
  end
  assert(#vim.lsp.get_clients({ bufnr = src, name = 'notelint' }) == 0, 'the server was attached to the XML buffer')
  assert(vim.bo[src].modified, 'the XML buffer was saved')
  assert(table.concat(vim.fn.readfile(xml), '\n'):find('Packaging Without Tears', 1, true), 'the XML file was changed on disk')
  vim.cmd.buffer(buf)
end)

check(':NotelintImport on blog-style notes (.txt) agrees with notelint import', function()
  local txt = dir .. '/blog-notes.txt'
  assert(vim.uv.fs_copyfile(fixtures .. '/blog-notes.txt', txt))
  vim.cmd.edit(vim.fn.fnameescape(txt))
  local src = vim.api.nvim_get_current_buf()
  assert(vim.bo[src].filetype ~= 'talknote', 'filetype is ' .. vim.bo[src].filetype)
  local want = cli_import(text_of(src))
  if want.ok and want.out ~= '' then
    local out = run_import()
    assert(text_of(out) == want.out, ('imported text differs from notelint import:\n%s\n---\n%s'):format(text_of(out), want.out))
    assert(vim.bo[out].filetype == 'talknote', 'filetype is ' .. vim.bo[out].filetype)
  else
    -- Where the CLI converts nothing, the editor gives its reason, and opens
    -- nothing. (Blog notes read as talk-note markup until the text shapes
    -- are detected.)
    local reason = want.err:match('already talk%-note markup')
      or vim.trim(want.err):match('[^\n]*$'):gsub('^notelint: <stdin>:%s*', '')
    local ok, err = pcall(run_import)
    assert(not ok, 'the editor imported what notelint import refused')
    assert(tostring(err):find(reason, 1, true), ('the error %q does not give the CLI\'s reason %q'):format(tostring(err), reason))
    assert(vim.api.nvim_get_current_buf() == src, 'a buffer was opened')
  end
  vim.cmd.buffer(buf)
end)

check(':NotelintImport with a wrong shape names the shapes', function()
  vim.cmd.buffer(buf)
  local seen = #notes
  vim.cmd('NotelintImport nope')
  local msg = notes[#notes] and #notes > seen and notes[#notes].msg or ''
  assert(msg:find('unknown shape "nope"', 1, true) and msg:find('frab-json', 1, true), 'message: ' .. msg)
  assert(vim.api.nvim_get_current_buf() == buf, 'a buffer was opened')
end)

check('quick fix "Convert to talk-note markup" on a .talk file in another shape (not-talk-notes) rewrites it', function()
  local talk = dir .. '/export.talk'
  assert(vim.uv.fs_copyfile(fixtures .. '/schedule.json', talk))
  vim.cmd.edit(vim.fn.fnameescape(talk))
  local b = vim.api.nvim_get_current_buf()
  assert(vim.bo[b].filetype == 'talknote', 'filetype is ' .. vim.bo[b].filetype)
  local d = wait_for('a not-talk-notes diagnostic in export.talk', 15000, function()
    for _, x in ipairs(vim.diagnostic.get(b)) do
      if tostring(x.code) == 'NL037' or x.message:find('talk-note markup', 1, true) then
        return x
      end
    end
  end)
  local c = vim.lsp.get_clients({ bufnr = b, name = 'notelint' })[1]
  local resp = assert(c:request_sync('textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(b),
    range = d.user_data.lsp.range,
    context = { diagnostics = { d.user_data.lsp }, only = { 'quickfix' } },
  }, 10000, b))
  local action
  for _, a in ipairs(resp.result or {}) do
    if a.title == 'Convert to talk-note markup' then
      action = a
    end
  end
  assert(action, 'not offered; actions: ' .. vim.inspect(resp.result))
  local change = action.edit.documentChanges[1]
  assert(change.textDocument.version == vim.lsp.util.buf_versions[b],
    ('the edit names version %s, the buffer is at %s'):format(change.textDocument.version, vim.lsp.util.buf_versions[b]))
  local want = cli_import(text_of(b))
  assert(want.ok, 'notelint import failed: ' .. want.err)
  vim.lsp.util.apply_workspace_edit(action.edit, c.offset_encoding)
  assert(text_of(b) == want.out, ('the buffer after the fix differs from notelint import:\n%s\n---\n%s'):format(text_of(b), want.out))
  wait_for('the not-talk-notes diagnostic to go away', 10000, function()
    for _, x in ipairs(vim.diagnostic.get(b)) do
      if tostring(x.code) == 'NL037' then
        return false
      end
    end
    return true
  end)
  vim.cmd.buffer(buf)
end)

check('the server exits when Neovim stops it', function()
  local id = client.id
  client:stop()
  wait_for('the client to stop', 10000, function()
    return vim.lsp.get_client_by_id(id) == nil or client:is_stopped()
  end)
end)

check(':NotelintImport csv with no server running starts one (not attached to the source buffer)', function()
  for _, c in ipairs(vim.lsp.get_clients({ name = 'notelint' })) do
    c:stop(true)
  end
  wait_for('every notelint client to stop', 10000, function()
    return notelint_clients() == 0
  end)
  local csv = dir .. '/talks.csv'
  assert(vim.uv.fs_copyfile(fixtures .. '/talks.csv', csv))
  vim.cmd.edit(vim.fn.fnameescape(csv))
  local src = vim.api.nvim_get_current_buf()
  local want = cli_import(text_of(src), 'csv')
  assert(want.ok, 'notelint import failed: ' .. want.err)
  local out = run_import('csv')
  assert(text_of(out) == want.out, ('imported text differs from notelint import:\n%s\n---\n%s'):format(text_of(out), want.out))
  assert(vim.bo[out].filetype == 'talknote', 'filetype is ' .. vim.bo[out].filetype)
  assert(notelint_clients() >= 1, 'no client was started')
  assert(#vim.lsp.get_clients({ bufnr = src, name = 'notelint' }) == 0, 'the server was attached to the CSV buffer')
end)

finish()
