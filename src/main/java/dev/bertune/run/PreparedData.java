package dev.bertune.run;

import dev.bertune.BertuneException;
import dev.bertune.config.BertuneConfig;
import dev.bertune.data.DataSource;
import dev.bertune.data.LabelStats;
import dev.bertune.data.ReadResult;
import dev.bertune.data.Review;
import dev.bertune.data.ReviewReader;
import dev.bertune.data.Splits;
import dev.bertune.pipeline.TokenCache;
import dev.bertune.pipeline.TokenizedExample;
import dev.bertune.text.Encoding;
import dev.bertune.text.WordPieceTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's data, read, split and tokenized once into the TFRecord cache: {@code Review -> Encoding ->
 * TokenizedExample -> cache entry}.
 *
 * @param sha256 SHA-256 of each data source, for provenance
 * @param tokenizeSeconds time spent reading and tokenizing (0 when every part came from the cache)
 */
public record PreparedData(
    Part train, Optional<Part> validation, Optional<Part> test, Map<String, String> sha256,
    double tokenizeSeconds) {

  /**
   * One part of the data.
   *
   * @param description e.g. "train: 432 reviews (216 pos / 216 neg) from classpath:sample/train.tsv"
   */
  public record Part(String name, List<Review> reviews, TokenCache.Entry entry, String description) {}

  /** Number of parts (train, validation, test) present. */
  public int parts() {
    return 1 + (validation.isPresent() ? 1 : 0) + (test.isPresent() ? 1 : 0);
  }

  /** Number of parts whose tokens came from the cache. */
  public int cacheHits() {
    int hits = train.entry().hit() ? 1 : 0;
    hits += validation.map(p -> p.entry().hit() ? 1 : 0).orElse(0);
    return hits + test.map(p -> p.entry().hit() ? 1 : 0).orElse(0);
  }

  /** Reads, splits and tokenizes everything the config names, printing a line per part. */
  public static PreparedData prepare(BertuneConfig config, WordPieceTokenizer tokenizer, PrintStream log) {
    BertuneConfig.Data d = config.data();
    Map<String, String> hashes = new LinkedHashMap<>();
    DataSource trainSource = DataSource.parse(d.train());
    List<Review> trainReviews = read(trainSource, config, log, hashes);
    List<Review> validationReviews = null;
    String validationOrigin = null;
    if (d.validation().isPresent()) {
      DataSource vs = DataSource.parse(d.validation().get());
      validationReviews = read(vs, config, log, hashes);
      validationOrigin = vs.location();
    } else {
      Splits.Split split = Splits.stratified(trainReviews, d.validationFraction(), config.train().seed());
      trainReviews = split.train();
      validationReviews = split.held();
      validationOrigin = String.format("a %.0f%% stratified split of %s (seed %d)", 100 * d.validationFraction(),
          trainSource.location(), config.train().seed());
    }
    List<Review> testReviews = null;
    DataSource testSource = null;
    if (d.test().isPresent()) {
      testSource = DataSource.parse(d.test().get());
      testReviews = read(testSource, config, log, hashes);
    }
    TokenCache cache = new TokenCache(d.cacheDir().resolve("tokens"));
    double[] seconds = {0};
    Part train = part("train", trainReviews, trainSource.location(), config, tokenizer, cache, seconds);
    Part validation = validationReviews.isEmpty() ? null
        : part("validation", validationReviews, validationOrigin, config, tokenizer, cache, seconds);
    Part test = testReviews == null ? null
        : part("test", testReviews, testSource.location(), config, tokenizer, cache, seconds);
    for (Part p : new Part[] {train, validation, test}) {
      if (p != null) {
        log.println(p.description() + (p.entry().hit() ? " [token cache hit]" : " [tokenized]"));
      }
    }
    return new PreparedData(train, Optional.ofNullable(validation), Optional.ofNullable(test), hashes, seconds[0]);
  }

  private static List<Review> read(DataSource source, BertuneConfig config, PrintStream log,
      Map<String, String> hashes) {
    ReadResult result = ReviewReader.read(source, config.data().options());
    if (result.skipped() > 0) {
      log.println("warning: " + source.location() + ": " + result.skippedSummary());
    }
    hashes.put(source.location(), source.sha256());
    return result.reviews();
  }

  private static Part part(String name, List<Review> reviews, String origin, BertuneConfig config,
      WordPieceTokenizer tokenizer, TokenCache cache, double[] seconds) {
    // The key covers exactly these reviews (after any split), the vocabulary and the tokenizer settings.
    StringBuilder content = new StringBuilder();
    for (Review r : reviews) {
      content.append(r.label()).append('\t').append(r.text()).append('\n');
    }
    content.append("bucket-width=").append(config.pipeline().bucketWidth());
    TokenCache.CacheKey key = new TokenCache.CacheKey(TokenCache.sha256Hex(content.toString()),
        tokenizer.vocabulary().sha256(), tokenizer.maxLength(), tokenizer.truncation().configName(),
        tokenizer.lowerCase(), TokenCache.FORMAT_VERSION);
    TokenCache.Entry entry;
    try {
      entry = cache.getOrCreate(key, () -> {
        long t0 = System.nanoTime();
        List<TokenizedExample> out = tokenize(tokenizer, reviews);
        seconds[0] += (System.nanoTime() - t0) / 1e9;
        return out;
      }, config.pipeline().bucketWidth());
    } catch (IOException e) {
      throw new BertuneException("token cache " + cache.root() + ": " + e.getMessage(), e);
    }
    String description = LabelStats.of(reviews).describe(name) + " from " + origin;
    return new Part(name, reviews, entry, description);
  }

  /** Tokenizes reviews with their labels. */
  public static List<TokenizedExample> tokenize(WordPieceTokenizer tokenizer, List<Review> reviews) {
    List<String> texts = reviews.stream().map(Review::text).toList();
    List<Encoding> encodings = tokenizer.encodeAll(texts);
    List<TokenizedExample> out = new ArrayList<>(reviews.size());
    for (int i = 0; i < reviews.size(); i++) {
      Encoding e = encodings.get(i);
      out.add(new TokenizedExample(e.inputIds(), e.segmentIds(), reviews.get(i).label()));
    }
    return out;
  }
}
