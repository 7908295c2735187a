-- Headless Neovim (0.7, as Debian 12 ships it) with coroguard-clangd as the
-- C++ language server: opens $COROGUARD_TEST_FILE, waits for the coroguard
-- diagnostics and prints them, one per line:
--   DIAG <line>:<col> <severity> <code> <message>
-- then exits 0, or 1 when none came. Run by nvim_test.py as
--   nvim --headless -n -u nvim_test.lua
-- The client setup is the one docs/integrations/clangd.md gives for 0.7;
-- Neovim 0.8+ can use vim.lsp.start or nvim-lspconfig instead.
vim.o.swapfile = false
local clangd = os.getenv('COROGUARD_CLANGD')
local file = os.getenv('COROGUARD_TEST_FILE')
local root = vim.fn.fnamemodify(file, ':h')

local function finish(code)
  io.stdout:flush()
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end

local client_id = vim.lsp.start_client({
  name = 'coroguard-clangd',
  cmd = { clangd, '--background-index=false' },
  root_dir = root,
})
if not client_id then
  io.stdout:write('FAIL: could not start ' .. tostring(clangd) .. '\n')
  finish(1)
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

local function code_of(d)
  if d.code then return d.code end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or ''
end

local function ours()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if tostring(code_of(d)):match('^coroguard%-') then
      table.insert(found, d)
    end
  end
  return found
end

vim.wait(90000, function() return #ours() > 0 end, 100)
local found = ours()
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  io.stdout:write(string.format('DIAG %d:%d %s %s %s\n', d.lnum + 1, d.col + 1,
    vim.diagnostic.severity[d.severity] or '?', tostring(code_of(d)),
    (d.message:gsub('\n.*', ''))))
end
if #found == 0 then
  io.stdout:write('FAIL: no coroguard diagnostics within 90 s\n')
  finish(1)
end
vim.lsp.stop_client(client_id)
finish(0)
