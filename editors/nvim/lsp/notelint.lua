-- Config for Neovim 0.11+'s vim.lsp.enable('notelint').
-- Override with vim.lsp.config('notelint', { cmd = { '/path/to/notelint', 'lsp' } }).
---@type vim.lsp.Config
return {
  cmd = { 'notelint', 'lsp' },
  filetypes = { 'talknote' },
  root_markers = { 'notelint.toml', '.git' },
  -- The server both pushes diagnostics and answers pulls; use the pushed ones
  -- only, or every problem shows twice.
  on_init = function(client)
    client.server_capabilities.diagnosticProvider = nil
  end,
  -- init_options = { configPath = '/path/to/notelint.toml' },
}
