-- *.talk files are talk notes. More patterns: require('notelint').setup({ patterns = { ... } }).
vim.filetype.add({ extension = { talk = 'talknote' } })
