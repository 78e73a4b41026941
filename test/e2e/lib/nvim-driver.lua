-- Headless Neovim (0.7+) as a real LSP client for the end-to-end tests.
-- The job comes as JSON in $POLYSYNC_NVIM_JOB:
--   { cmd = {...}, file = "/abs/x.polysync.json", timeoutMs = 10000, checks = { {...}, ... } }
-- One JSON object is written to $POLYSYNC_NVIM_OUT:
--   { diagnostics = <first publishDiagnostics for the file>, checks = { [name] = {...} },
--     serverInfo = ..., capabilities = ..., error = "..." (only on failure) }
-- Checks run in order; each is a table with a unique `name` and a `kind`:
--   request: sends `method` for the buffer. `position` {line, character} (0-based) or `range`
--            becomes part of the params; `params` adds or overrides fields. For textDocument/codeAction
--            the context carries the published diagnostics that overlap the range.
--            Records { result = ..., error = ... }.
--   edit:    replaces `range` with `text` in the buffer (sent as didChange), waits for the next
--            publishDiagnostics and records { diagnostics = ..., text = <buffer text> }.
--   applyCodeAction: asks for code actions at `range`, applies the first whose title contains
--            `title` (a plain substring), waits for new diagnostics and records
--            { title = ..., diagnostics = ..., text = ... }.
-- Neovim 0.7 has no vim.lsp.start: start_client + buf_attach_client is the portable form.

local out_path = os.getenv('POLYSYNC_NVIM_OUT')
local result = { checks = vim.empty_dict() }

local function write_result()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function range_overlaps(a, b)
  local function before(p, q)
    return p.line < q.line or (p.line == q.line and p.character <= q.character)
  end
  return before(a.start, b['end']) and before(b.start, a['end'])
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function main()
  local raw_job = os.getenv('POLYSYNC_NVIM_JOB')
  assert(raw_job, 'POLYSYNC_NVIM_JOB is not set')
  local job = vim.fn.json_decode(raw_job)
  local timeout = job.timeoutMs or 10000

  vim.cmd('edit ' .. vim.fn.fnameescape(job.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)

  local latest = nil -- the newest publishDiagnostics params for this file
  local publishes = 0
  local client_id = vim.lsp.start_client({
    name = 'polysync',
    cmd = job.cmd,
    root_dir = vim.fn.fnamemodify(job.file, ':p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        if params and params.uri == uri then
          latest = params
          publishes = publishes + 1
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
    on_init = function(_, initialize_result)
      result.serverInfo = initialize_result and initialize_result.serverInfo or vim.NIL
    end,
    on_exit = function(code, signal)
      result.serverExit = { code = code, signal = signal }
    end,
  })
  assert(client_id, 'vim.lsp.start_client returned nothing')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  local function wait_for(what, condition)
    if not vim.wait(timeout, condition, 10) then
      error('timed out after ' .. timeout .. ' ms waiting for ' .. what)
    end
  end

  wait_for('the server to initialize', function()
    return client.initialized == true or client.server_capabilities ~= nil
  end)
  result.capabilities = client.server_capabilities or client.resolved_capabilities or vim.NIL

  wait_for('publishDiagnostics for ' .. uri, function()
    return publishes > 0
  end)
  result.diagnostics = latest.diagnostics

  local function request(method, params)
    local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
    if err then
      return { error = tostring(err) }
    end
    local response = responses and responses[client_id]
    if not response then
      return { error = 'no response' }
    end
    return { result = response.result == nil and vim.NIL or response.result, error = response.error }
  end

  local function after_change(change)
    local before = publishes
    change()
    wait_for('publishDiagnostics after the change', function()
      return publishes > before
    end)
    return latest.diagnostics
  end

  local function code_action_params(check)
    local range = check.range or { start = check.position, ['end'] = check.position }
    local overlapping = {}
    for _, d in ipairs(latest.diagnostics or {}) do
      if range_overlaps(d.range, range) then
        table.insert(overlapping, d)
      end
    end
    return { textDocument = { uri = uri }, range = range, context = { diagnostics = overlapping } }
  end

  for _, check in ipairs(job.checks or {}) do
    local record
    if check.kind == 'request' then
      local params = { textDocument = { uri = uri } }
      if check.method == 'textDocument/codeAction' then
        params = code_action_params(check)
      else
        if check.position then params.position = check.position end
        if check.range then params.range = check.range end
      end
      for k, v in pairs(check.params or {}) do
        params[k] = v
      end
      record = request(check.method, params)
    elseif check.kind == 'edit' then
      local r = check.range
      local diagnostics = after_change(function()
        vim.api.nvim_buf_set_text(bufnr, r.start.line, r.start.character, r['end'].line, r['end'].character, vim.split(check.text, '\n', true))
      end)
      record = { diagnostics = diagnostics, text = buffer_text(bufnr) }
    elseif check.kind == 'applyCodeAction' then
      local answer = request('textDocument/codeAction', code_action_params(check))
      local chosen, titles = nil, {}
      for _, action in ipairs((answer.result ~= vim.NIL and answer.result) or {}) do
        table.insert(titles, action.title)
        if not chosen and action.edit and string.find(action.title, check.title, 1, true) then
          chosen = action
        end
      end
      if not chosen then
        record = { error = 'no code action with an edit titled like "' .. check.title .. '"', titles = titles }
      else
        local diagnostics = after_change(function()
          vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
        end)
        record = { title = chosen.title, titles = titles, diagnostics = diagnostics, text = buffer_text(bufnr) }
      end
    else
      error('unknown check kind "' .. tostring(check.kind) .. '" in check ' .. tostring(check.name))
    end
    result.checks[check.name] = record
  end

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function()
    return vim.lsp.client_is_stopped(client_id)
  end, 10)
end

local ok, err = pcall(main)
if not ok then
  result.error = tostring(err)
end
local wrote, werr = pcall(write_result)
if not wrote then
  io.stderr:write('could not write ' .. tostring(out_path) .. ': ' .. tostring(werr) .. '\n')
  vim.cmd('cquit')
end
vim.cmd(ok and 'qall!' or 'cquit')
