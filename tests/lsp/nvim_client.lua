-- nvim_client.lua: headless Neovim as a real client of takt lsp (run by
-- tests/lsp/nvim.sh). Opens a copy of the test project's main.takt, which
-- names an unknown machine, and waits for E0203 among its diagnostics; then
-- asks for the definition of 'saw' and expects machines.takt. Exits 0 when
-- both came, 1 with a message when not. Waits are hang guards (120 s).
local takt, file, plugin = arg[1], arg[2], arg[3]
package.path = plugin .. '/lua/?.lua;' .. package.path
local function fail(msg)
  io.stderr:write('nvim client: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end
vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.bo.filetype = 'takt'
local id = require('takt_lsp').attach(0, { cmd = { takt, 'lsp' } })
if not id then
  fail('the server did not start')
end
local ok = vim.wait(120000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == 'E0203' then
      return true
    end
  end
  return false
end, 50)
if not ok then
  fail('no E0203 among the diagnostics')
end
local line = vim.fn.search('cut  on saw') - 1
local res = vim.lsp.buf_request_sync(0, 'textDocument/definition', {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = line, character = 13 },
}, 120000)
local got = nil
for _, r in pairs(res or {}) do
  if r.result then
    got = r.result.uri or (r.result[1] and r.result[1].uri)
  end
end
if not got or not got:match('machines%.takt$') then
  fail('definition of saw: ' .. vim.inspect(res))
end
io.stdout:write('nvim client: E0203 received, definition at ' .. got .. '\n')
vim.lsp.stop_client(id)
vim.cmd('qall!')
