local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
local run = tostring(os.time())
request = function()
  counter = counter + 1
  local body = '{"reservationId":"ab-' .. run .. '-' .. tid .. '-' .. counter .. '","lines":[{"sku":"SKU-0001","storeId":"S001","quantity":1}],"ttlSeconds":3600}'
  return wrk.format("POST", "/api/v1/reservations", {["Content-Type"]="application/json", ["X-Api-Key"]=os.getenv("AB_KEY")}, body)
end
local codes = {}
response = function(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end
