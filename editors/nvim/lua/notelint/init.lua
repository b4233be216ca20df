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

local function start(bufnr)
  local opts = M.options
  local exe = opts.cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    vim.notify_once(
      ('notelint: the server "%s" is not executable; install it (pip install notelint, or cargo install notelint) or set cmd in require("notelint").setup()'):format(exe),
      vim.log.levels.ERROR
    )
    return nil
  end
  return vim.lsp.start({
    name = 'notelint',
    cmd = opts.cmd,
    root_dir = find_root(bufnr, opts.root_markers),
    init_options = { configPath = opts.config_path },
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
  }, {
    bufnr = bufnr,
    -- One server per workspace: a file below a running client's root (say
    -- notes/x.txt when no marker marks notes/ itself) joins that client.
    reuse_client = function(client, config)
      if client.name ~= config.name then
        return false
      end
      local root, want = client.config.root_dir, config.root_dir
      return root == want or (root ~= nil and want ~= nil and vim.startswith(want, root .. '/'))
    end,
  })
end


function M.setup(user)
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

vim.api.nvim_create_user_command('NotelintRestart', function()
  M.restart()
end, { desc = 'Restart the notelint language server' })

return M
