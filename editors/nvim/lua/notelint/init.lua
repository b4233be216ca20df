-- notelint for Neovim 0.9+: starts `notelint lsp` for talk notes.
--
--   require('notelint').setup({
--     cmd = { 'notelint', 'lsp' },          -- the server command
--     config_path = nil,                     -- a notelint.toml to use (initializationOptions.configPath)
--     patterns = { ['.*/notes/.*%.txt'] = true }, -- more files to treat as talk notes (Lua patterns on the full path)
--     root_markers = { 'notelint.toml', '.git' },
--     on_attach = function(client, bufnr) end,
--     capabilities = nil,                    -- e.g. from a completion plugin
--   })
--
-- On Neovim 0.11+ you can instead use the bundled lsp/notelint.lua with
-- vim.lsp.enable('notelint').
--
-- Commands (plugin/notelint.lua): :NotelintImport [shape] converts the
-- current buffer to talk-note markup in a new buffer; :NotelintRestart.

local M = {}

M.defaults = {
  cmd = { 'notelint', 'lsp' },
  config_path = nil,
  patterns = {},
  root_markers = { 'notelint.toml', '.git' },
  on_attach = nil,
  capabilities = nil,
}

M.options = vim.deepcopy(M.defaults)

local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and vim.fs.dirname(name) or (vim.uv or vim.loop).cwd()
  local found = vim.fs.find(markers, { path = start, upward = true })[1]
  return found and vim.fs.dirname(found) or start
end

local function executable(exe)
  if vim.fn.executable(exe) ~= 1 then
    vim.notify_once(
      ('notelint: the server "%s" is not executable; install it (pip install notelint, or cargo install notelint) or set cmd in require("notelint").setup()'):format(exe),
      vim.log.levels.ERROR
    )
    return false
  end
  return true
end

-- One server per workspace: a file below a running client's root (say
-- notes/x.txt when no marker marks notes/ itself) joins that client.
local function reuse_client(client, config)
  if client.name ~= config.name then
    return false
  end
  local root, want = client.config.root_dir, config.root_dir
  return root == want or (root ~= nil and want ~= nil and vim.startswith(want, root .. '/'))
end

-- Neovim applies versioned edits (documentChanges, skipped when the buffer
-- changed since) but does not say so; the server offers whole-document
-- edits such as "Convert to talk-note markup" only to clients that do.
local function capabilities(user)
  return vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), user or {}, {
    workspace = { workspaceEdit = { documentChanges = true } },
  })
end

local function start(bufnr)
  local opts = M.options
  if not executable(opts.cmd[1]) then
    return nil
  end
  -- A buffer with no file (say, the result of :NotelintImport) has no
  -- workspace of its own: it joins a running server.
  if vim.api.nvim_buf_get_name(bufnr) == '' then
    local get = vim.lsp.get_clients or vim.lsp.get_active_clients
    local running = get({ name = 'notelint' })[1]
    if running then
      vim.lsp.buf_attach_client(bufnr, running.id)
      return running.id
    end
  end
  return vim.lsp.start({
    name = 'notelint',
    cmd = opts.cmd,
    root_dir = find_root(bufnr, opts.root_markers),
    init_options = { configPath = opts.config_path },
    capabilities = capabilities(opts.capabilities),
    on_attach = opts.on_attach,
  }, { bufnr = bufnr, reuse_client = reuse_client })
end

-- The server config for a buffer that is not a talk note: setup()'s, else
-- (Neovim 0.11+, vim.lsp.enable('notelint')) the one vim.lsp.config holds.
local function server_config(bufnr)
  local opts = M.options
  if not M.did_setup and vim.lsp.config then
    local ok, cfg = pcall(function()
      return vim.lsp.config.notelint
    end)
    if ok and cfg and cfg.cmd then
      cfg = vim.deepcopy(cfg)
      cfg.name = 'notelint'
      if type(cfg.root_dir) ~= 'string' then
        cfg.root_dir = find_root(bufnr, cfg.root_markers or opts.root_markers)
      end
      return cfg
    end
  end
  return {
    name = 'notelint',
    cmd = opts.cmd,
    root_dir = find_root(bufnr, opts.root_markers),
    init_options = { configPath = opts.config_path },
    capabilities = capabilities(opts.capabilities),
    on_attach = opts.on_attach,
  }
end

--- A running notelint client for `bufnr` (any buffer, talk note or not):
--- the one whose root holds the file, else any running one, else a new one
--- for the file's workspace, not attached to the buffer (it is not a talk
--- note, and the server would lint it as one). Returns nil after telling
--- the user why when there is none.
function M.client_for(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local name = vim.api.nvim_buf_get_name(bufnr)
  local any
  for _, c in ipairs(get({ name = 'notelint' })) do
    local root = c.config.root_dir
    if root and name ~= '' and vim.startswith(name, root .. '/') then
      return c
    end
    any = any or c
  end
  if any then
    return any
  end
  local cfg = server_config(bufnr)
  if type(cfg.cmd) == 'table' and not executable(cfg.cmd[1]) then
    return nil
  end
  local id
  if vim.fn.has('nvim-0.11') == 1 then
    id = vim.lsp.start(cfg, { bufnr = bufnr, attach = false, reuse_client = reuse_client })
  else
    id = vim.lsp.start_client(cfg)
  end
  local client = id and vim.lsp.get_client_by_id(id)
  if not client then
    vim.notify('notelint: could not start the language server', vim.log.levels.ERROR)
  end
  return client
end


function M.setup(user)
  M.did_setup = true
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), user or {})
  if next(M.options.patterns) ~= nil then
    local map = {}
    for pat, _ in pairs(M.options.patterns) do
      map[pat] = 'talknote'
    end
    vim.filetype.add({ pattern = map })
  end
  local group = vim.api.nvim_create_augroup('notelint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'talknote',
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'talknote' then
      start(buf)
    end
  end
end

--- Restarts the server for every talk-note buffer.
function M.restart()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get({ name = 'notelint' })) do
    vim.lsp.stop_client(client.id)
  end
  vim.defer_fn(function()
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'talknote' then
        start(buf)
      end
    end
  end, 500)
end

--- Converts `bufnr` (default: the current buffer; its text as it is in the
--- editor, saved or not) to talk-note markup through the server's
--- `notelint.import` command, and opens the result in a new buffer with
--- filetype talknote. `shape`: a name `notelint import --from` takes, or
--- nil for auto. See :NotelintImport.
function M.import(bufnr, shape)
  return require('notelint.import').run(bufnr, shape)
end

return M
