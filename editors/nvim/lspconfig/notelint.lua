---@brief
---
--- https://github.com/notelint/notelint
---
--- Linter and language server for talk-note markup: plain-text notes about
--- conference talks (`*.talk` files). Install the server with one of
---
--- ```sh
--- pip install notelint        # or: pipx install notelint / uv tool install notelint
--- cargo install notelint
--- ```
---
--- or a prebuilt binary from the GitHub releases, or `:MasonInstall notelint`.
---
--- `talknote` is not a built-in filetype; register it:
---
--- ```lua
--- vim.filetype.add({ extension = { talk = 'talknote' } })
--- ```
---
--- A `notelint.toml` other than the one found upward from each file can be
--- given as `init_options = { configPath = '/path/to/notelint.toml' }`.

-- Proposed as nvim-lspconfig's lsp/notelint.lua (Neovim 0.11+,
-- vim.lsp.enable('notelint')). The same config ships in this repository as
-- editors/nvim/lsp/notelint.lua.
---@type vim.lsp.Config
return {
  cmd = { 'notelint', 'lsp' },
  filetypes = { 'talknote' },
  root_markers = { 'notelint.toml', '.git' },
}
