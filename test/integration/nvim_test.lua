-- Headless Neovim (0.7, as Debian 12 ships it) with coroguard-clangd as the
-- C++ language server, set up by the snippet of docs/integrations/clangd.md
-- (nvim_test.py takes it out of the page into $COROGUARD_NVIM_SNIPPET, with
-- the real coroguard-clangd path). Opens $COROGUARD_TEST_FILE, waits for the
-- coroguard diagnostics and prints them, one per line:
--   DIAG <line>:<col> <severity> <code> <message>
-- then opens $COROGUARD_TEST_FILE2 (another file of the same project, in a
-- subdirectory) and prints the language clients and their roots:
--   CLIENTS <count>
--   ROOT <root_dir>
-- then exits 0, or 1 when no diagnostic came. Run by nvim_test.py as
--   nvim --headless -n -u nvim_test.lua
vim.o.swapfile = false
local file = os.getenv('COROGUARD_TEST_FILE')
local file2 = os.getenv('COROGUARD_TEST_FILE2')

local function finish(code)
  io.stdout:flush()
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end

-- The snippet reacts to FileType, which Neovim enables only after the
-- startup script; this script edits files while it runs.
vim.cmd('filetype on')
dofile(os.getenv('COROGUARD_NVIM_SNIPPET'))

local function attached(buf)
  return next(vim.lsp.buf_get_clients(buf)) ~= nil
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
if not vim.wait(10000, function() return attached(bufnr) end, 50) then
  io.stdout:write('FAIL: the snippet attached no client to ' .. file .. '\n')
  finish(1)
end

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

if file2 then
  vim.cmd('edit ' .. vim.fn.fnameescape(file2))
  local buf2 = vim.api.nvim_get_current_buf()
  vim.wait(10000, function() return attached(buf2) end, 50)
end
local clients = vim.lsp.get_active_clients()
io.stdout:write(string.format('CLIENTS %d\n', #clients))
for _, c in ipairs(clients) do
  io.stdout:write('ROOT ' .. tostring(c.config.root_dir) .. '\n')
end
for _, c in ipairs(clients) do
  c.stop()
end
finish(0)
