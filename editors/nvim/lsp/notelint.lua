-- Config for Neovim 0.11+'s vim.lsp.enable('notelint').
-- Override with vim.lsp.config('notelint', { cmd = { '/path/to/notelint', 'lsp' } }).
---@type vim.lsp.Config
return {
  cmd = { 'notelint', 'lsp' },
  filetypes = { 'talknote' },
  root_markers = { 'notelint.toml', '.git' },
  -- Neovim applies versioned edits but does not declare it; the server
  -- offers "Convert to talk-note markup" only to clients that do.
  capabilities = { workspace = { workspaceEdit = { documentChanges = true } } },
  -- init_options = { configPath = '/path/to/notelint.toml' },
}
