-- wrk script: POST short reviews to :classify-text, one per request, cycling through a few texts.
-- wrk -t2 -c8 -d20s -s src/bench/serve/classify.lua http://127.0.0.1:8501/v1/models/review-classifier:classify-text
local reviews = {
  "A moving, beautifully acted film.",
  "Two hours I will never get back.",
  "The plot drags, but the cast is wonderful.",
  "I laughed, I cried, I bought the soundtrack.",
  "Flat dialogue and a twist you can see coming a mile away.",
  "Not perfect, but I would happily watch it again.",
  "The effects are cheap and the story makes no sense.",
  "An instant classic with a stunning final act.",
}
local i = 0
request = function()
  i = i % #reviews + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    '{"instances": ["' .. reviews[i] .. '"]}')
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
