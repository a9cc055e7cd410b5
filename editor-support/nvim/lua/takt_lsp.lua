-- takt_lsp.lua: takt lsp for Neovim 0.7 and later, with no plugin needed.
--
--   require('takt_lsp').setup({ cmd = { 'takt', 'lsp' } })
--
-- Each buffer of filetype takt (editor-support/vim gives *.takt that
-- filetype) is attached to one server per workspace root: the nearest
-- folder above the file holding .git, else the file's folder.
local M = {}

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local found = vim.fn.finddir('.git', dir .. ';')
  if found ~= '' then
    return vim.fn.fnamemodify(found, ':p:h:h')
  end
  return dir
end

local clients = {}

function M.attach(bufnr, opts)
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then
    return
  end
  local root = root_of(path)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = 'takt',
      cmd = opts.cmd or { 'takt', 'lsp' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(opts)
  opts = opts or {}
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'takt',
    callback = function(args)
      M.attach(args.buf, opts)
    end,
  })
end

return M
