package dev.bertune.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run's work went: tokens the encoder saw (real) against tokens it computed (padding included), cache
 * hits, and seconds per stage. Printed at the end of {@code train} and written to {@code run-stats.json}.
 */
record RunStats(long realTokens, long computedTokens, int tokenCacheHits, int tokenCacheParts, int featureCacheHits,
    int featureCacheParts, Map<String, Double> seconds) {

  /** Computed / real tokens: 1.0 means no padding was computed. */
  double paddingWaste() {
    return realTokens == 0 ? Double.NaN : (double) computedTokens / realTokens;
  }

  String describe() {
    StringBuilder sb = new StringBuilder("stats: ");
    sb.append(realTokens == 0 ? "encoder ran on no tokens (all features cached); "
        : String.format(Locale.ROOT, "encoder tokens %,d real / %,d computed (padding waste %.3fx); ",
            realTokens, computedTokens, paddingWaste()));
    sb.append(String.format(Locale.ROOT, "token cache %d/%d hits", tokenCacheHits, tokenCacheParts));
    if (featureCacheParts > 0) {
      sb.append(String.format(Locale.ROOT, ", feature cache %d/%d hits", featureCacheHits, featureCacheParts));
    }
    sb.append("\n       time:");
    seconds.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.1f s;", k, v)));
    return sb.toString();
  }

  /** Rows for the report's data table. */
  Map<String, String> summary() {
    Map<String, String> rows = new java.util.LinkedHashMap<>();
    rows.put("encoder tokens (real / computed)", realTokens == 0 ? "none (all features cached)"
        : String.format(Locale.ROOT, "%,d / %,d (padding waste %.3fx)", realTokens, computedTokens, paddingWaste()));
    rows.put("token cache", tokenCacheHits + " of " + tokenCacheParts + " parts reused");
    if (featureCacheParts > 0) {
      rows.put("feature cache", featureCacheHits + " of " + featureCacheParts + " parts reused");
    }
    return rows;
  }

  String json() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("real_tokens", realTokens);
    root.put("computed_tokens", computedTokens);
    if (realTokens > 0) {
      root.put("padding_waste", paddingWaste());
    } else {
      root.putNull("padding_waste");
    }
    root.put("token_cache_hits", tokenCacheHits);
    root.put("token_cache_parts", tokenCacheParts);
    root.put("feature_cache_hits", featureCacheHits);
    root.put("feature_cache_parts", featureCacheParts);
    ObjectNode s = root.putObject("seconds");
    seconds.forEach(s::put);
    return root.toPrettyString() + "\n";
  }
}
