-- notelint's user commands, defined whichever way the server is configured
-- (require('notelint').setup() or vim.lsp.enable('notelint')).
if vim.g.loaded_notelint then
  return
end
vim.g.loaded_notelint = true

vim.api.nvim_create_user_command('NotelintRestart', function()
  require('notelint').restart()
end, { desc = 'Restart the notelint language server' })

vim.api.nvim_create_user_command('NotelintImport', function(args)
  local shape = args.fargs[1]
  require('notelint').import(0, shape)
end, {
  nargs = '?',
  complete = function()
    return require('notelint.import').shapes
  end,
  desc = 'Convert the current buffer to talk-note markup in a new buffer (notelint import)',
})
