-- Talk notes: `//` comments, tabs for indentation, folds from the server.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = true

vim.bo.commentstring = '// %s'
vim.bo.comments = '://'
vim.bo.expandtab = false
vim.bo.shiftwidth = 0 -- follow tabstop
vim.bo.softtabstop = 0
vim.bo.textwidth = 0
vim.opt_local.wrap = true
vim.opt_local.linebreak = true

-- Indentation folds until the server attaches; then its foldingRange
-- (talks and sections) where Neovim supports it (0.11+).
vim.opt_local.foldmethod = 'indent'
vim.opt_local.foldlevel = 99

local group = vim.api.nvim_create_augroup('notelint_ftplugin_' .. vim.api.nvim_get_current_buf(), { clear = true })
vim.api.nvim_create_autocmd('LspAttach', {
  group = group,
  buffer = vim.api.nvim_get_current_buf(),
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client and client.name == 'notelint' and vim.lsp.foldexpr
      and client.server_capabilities.foldingRangeProvider then
      for _, win in ipairs(vim.fn.win_findbuf(args.buf)) do
        vim.wo[win].foldmethod = 'expr'
        vim.wo[win].foldexpr = 'v:lua.vim.lsp.foldexpr()'
      end
    end
  end,
})

vim.b.undo_ftplugin = table.concat({
  'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< textwidth<',
  'setlocal wrap< linebreak< foldmethod< foldexpr< foldlevel<',
}, ' | ')
