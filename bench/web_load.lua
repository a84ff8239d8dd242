-- wrk script for bench/web_load.py: each request goes as the next signed-in user in turn.
-- Arguments (after `--`): METHOD PATH USERS_FILE THREADS. Each line of USERS_FILE is
-- "<Cookie header>\t<CSRF token>\t<form body>" (the body is used only for POST). Thread n of
-- THREADS takes lines n+1, n+1+THREADS, ... so no two threads send the same set.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local requests = {}
local next_request = 1

function init(args)
  local method, path, users, threads = args[1], args[2], args[3], tonumber(args[4])
  local index = 0
  for line in io.lines(users) do
    local cookie, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)$")
    if cookie then
      if index % threads == id then
        local headers = { ["Cookie"] = cookie }
        if method == "POST" then
          headers["Content-Type"] = "application/x-www-form-urlencoded"
          headers["x-csrftoken"] = token
          headers["HX-Request"] = "true" -- as htmx sends it: the reply is the saved row
          requests[#requests + 1] = wrk.format("POST", path, headers, body)
        else
          requests[#requests + 1] = wrk.format("GET", path, headers, nil)
        end
      end
      index = index + 1
    end
  end
  if #requests == 0 then
    error("no users in " .. users)
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end
