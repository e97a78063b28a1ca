request = function()
  return wrk.format("GET", "/api/v1/stock/SKU-0001/stores/S001", {["X-Api-Key"]=os.getenv("AB_KEY")})
end
