-- :NotelintImport — the current buffer, converted to talk-note markup by the
-- server's `notelint.import` command, in a new buffer with filetype
-- talknote (unsaved: :w name.talk keeps it).
--
-- The file to import (notes.txt, schedule.xml) is usually not a talk note,
-- so no notelint client is attached to it: the command uses any running
-- notelint client (or starts one, unattached) and sends the buffer's text
-- with the request, so unsaved edits are imported too.

local M = {}

-- The names `notelint import --from` takes.
M.shapes = { 'auto', 'blog', 'schedule', 'prose', 'markdown', 'frab-xml', 'frab-json', 'csv' }

-- The buffer's text as :write would save it.
local function buffer_text(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  if #lines == 1 and lines[1] == '' then
    return ''
  end
  local text = table.concat(lines, '\n')
  if vim.bo[bufnr].eol or (vim.bo[bufnr].fixeol and not vim.bo[bufnr].binary) then
    text = text .. '\n'
  end
  return text
end

local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function open_result(result)
  local lines = vim.split(result.text, '\n', { plain = true })
  if lines[#lines] == '' then
    table.remove(lines)
  end
  local buf = vim.api.nvim_create_buf(true, false)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.api.nvim_set_current_buf(buf)
  vim.bo[buf].filetype = 'talknote'
  return buf
end

--- Imports `bufnr` (0: current); `shape` nil or 'auto' guesses it.
--- `on_done(buf_or_nil, err_or_nil)`, if given, is called at the end.
function M.run(bufnr, shape, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local done = on_done or function() end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local label = name ~= '' and vim.fn.fnamemodify(name, ':~:.') or ('buffer ' .. bufnr)
  local function fail(msg)
    vim.notify(('notelint: %s: %s'):format(label, msg), vim.log.levels.ERROR)
    done(nil, msg)
  end
  if shape ~= nil and not vim.tbl_contains(M.shapes, shape) then
    return fail(('unknown shape "%s"; shapes: %s'):format(shape, table.concat(M.shapes, ', ')))
  end
  local client = require('notelint').client_for(bufnr)
  if not client then
    return done(nil, 'no notelint language server')
  end
  if not vim.wait(15000, function()
    return client.initialized
  end, 20) then
    return fail('the notelint language server did not start within 15 s')
  end
  local uri = name ~= '' and vim.uri_from_bufnr(bufnr) or ('untitled:buffer-' .. bufnr)
  local params = {
    command = 'notelint.import',
    arguments = { { uri = uri, shape = shape, text = buffer_text(bufnr) } },
  }
  request(client, 'workspace/executeCommand', params, vim.schedule_wrap(function(err, result)
    if err then
      return fail(err.message or vim.inspect(err))
    end
    if type(result) ~= 'table' or type(result.text) ~= 'string' then
      return fail('the server answered no text: ' .. vim.inspect(result))
    end
    local buf = open_result(result)
    vim.notify(
      ('notelint: %s: %d talk%s read as %s; :w name.talk to keep them'):format(
        label,
        result.talks or 0,
        result.talks == 1 and '' or 's',
        tostring(result.shape)
      ),
      vim.log.levels.INFO
    )
    done(buf, nil)
  end), bufnr)
end

return M
