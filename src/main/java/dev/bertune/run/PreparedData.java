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
import dev.bertune.task.Targets;
import dev.bertune.task.Task;
import dev.bertune.task.TaskResolver;
import dev.bertune.text.Encoding;
import dev.bertune.text.LengthStats;
import dev.bertune.text.TextWindows;
import dev.bertune.text.WordPieceTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's data, read, given its task, split and tokenized once into the TFRecord cache: {@code Review ->
 * (task) label vector -> Encoding -> TokenizedExample -> cache entry}.
 *
 * @param task the task chosen from the training data and the config
 * @param sha256 SHA-256 of each data source, for provenance
 * @param tokenizeSeconds time spent reading and tokenizing (0 when every part came from the cache)
 */
public record PreparedData(
    TaskResolver.Resolved task, Part train, Optional<Part> validation, Optional<Part> test,
    Map<String, String> sha256, double tokenizeSeconds) {

  /**
   * One part of the data.
   *
   * @param targets the label vector of each review, in order
   * @param description e.g. "train: 432 reviews (positive 216, negative 216) from classpath:sample/train.tsv"
   */
  public record Part(String name, List<Review> reviews, List<float[]> targets, TokenCache.Entry entry,
      String description) {}

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

  /** Reads, labels, splits and tokenizes everything the config names, printing a line per part. */
  public static PreparedData prepare(BertuneConfig config, WordPieceTokenizer tokenizer, PrintStream log) {
    BertuneConfig.Data d = config.data();
    Map<String, String> hashes = new LinkedHashMap<>();
    DataSource trainSource = DataSource.parse(d.train());
    List<Review> trainReviews = read(trainSource, config, log, hashes);
    TaskResolver.Resolved resolved = TaskResolver.resolve(config.task(), trainReviews);
    log.println(resolved.describe());
    resolved.warnings().forEach(w -> log.println("warning: " + w));
    Task task = resolved.task();
    trainReviews = encode(task, trainReviews, config, "train", log).reviews();
    List<Review> validationReviews;
    String validationOrigin;
    if (d.validation().isPresent()) {
      DataSource vs = DataSource.parse(d.validation().get());
      validationReviews = encode(task, read(vs, config, log, hashes), config, "validation", log).reviews();
      validationOrigin = vs.location();
    } else {
      Splits.Split split = task.split(trainReviews, d.validationFraction(), config.train().seed());
      trainReviews = split.train();
      validationReviews = split.held();
      validationOrigin = String.format("a %.0f%% split of %s (seed %d)", 100 * d.validationFraction(),
          trainSource.location(), config.train().seed());
      log.println("validation split: " + split.summary());
    }
    List<Review> testReviews = null;
    DataSource testSource = null;
    if (d.test().isPresent()) {
      testSource = DataSource.parse(d.test().get());
      testReviews = encode(task, read(testSource, config, log, hashes), config, "test", log).reviews();
    }
    TokenCache cache = new TokenCache(d.cacheDir().resolve("tokens"));
    double[] seconds = {0};
    Part train = part("train", trainReviews, trainSource.location(), task, config, tokenizer, cache, seconds);
    Part validation = validationReviews.isEmpty() ? null
        : part("validation", validationReviews, validationOrigin, task, config, tokenizer, cache, seconds);
    Part test = testReviews == null ? null
        : part("test", testReviews, testSource.location(), task, config, tokenizer, cache, seconds);
    for (Part p : new Part[] {train, validation, test}) {
      if (p != null) {
        log.println(p.description() + (p.entry().hit() ? " [token cache hit]" : " [tokenized]"));
      }
    }
    boolean pairs = d.options().textPairs();
    TextWindows windows = config.tokenizer().windows();
    log.println(pairs
        ? LengthStats.of(untruncatedLengths(tokenizer, train.reviews())).describeCuts("truncation (train)",
            tokenizer.maxLength(), 3) + " (" + tokenizer.truncation().configName() + ", text pairs longest first)"
        : windows.describe(windows.windowed() ? "train" : "truncation (train)",
            LengthStats.of(untruncatedLengths(tokenizer, train.reviews())), tokenizer.maxLength(),
            tokenizer.truncation()));
    return new PreparedData(resolved, train, Optional.ofNullable(validation), Optional.ofNullable(test), hashes,
        seconds[0]);
  }

  private static Targets.Encoded encode(Task task, List<Review> reviews, BertuneConfig config, String part,
      PrintStream log) {
    Targets.Encoded encoded = Targets.encode(task, reviews, config.data().options().onInvalid(), part);
    if (encoded.skipped() > 0) {
      log.println("warning: " + part + ": " + encoded.skippedSummary());
    }
    if (encoded.reviews().isEmpty()) {
      throw new BertuneException(part + " data has no review with a valid label for the task");
    }
    return encoded;
  }

  private static List<Review> read(DataSource source, BertuneConfig config, PrintStream log,
      Map<String, String> hashes) {
    ReadResult result = ReviewReader.read(source, config.data().options());
    result.warnings().forEach(w -> log.println("warning: " + w));
    if (result.skipped() > 0) {
      log.println("warning: " + source.location() + ": " + result.skippedSummary());
    }
    hashes.put(source.location(), source.sha256());
    return result.reviews();
  }

  private static Part part(String name, List<Review> reviews, String origin, Task task, BertuneConfig config,
      WordPieceTokenizer tokenizer, TokenCache cache, double[] seconds) {
    List<float[]> targets = reviews.stream().map(r -> task.target(r.labels()).orElseThrow()).toList();
    // The key covers exactly these reviews (after any split) with their label vectors, the task and its label
    // order, the vocabulary and the tokenizer settings: an old cache is never read as another task.
    StringBuilder content = new StringBuilder();
    content.append("task=").append(task.type().configName()).append('\t').append(String.join("\u0001", task.labels()))
        .append('\n');
    boolean pairs = isPairs(reviews);
    if (pairs) { // a line single texts never have; NUL (never in a text) separates the two texts
      content.append("text-pairs\n");
    }
    for (int i = 0; i < reviews.size(); i++) {
      content.append(Arrays.toString(targets.get(i))).append('\t').append(reviews.get(i).text());
      if (pairs) {
        content.append('\0').append(reviews.get(i).textPair());
      }
      content.append('\n');
    }
    content.append("bucket-width=").append(config.pipeline().bucketWidth());
    TextWindows windows = config.tokenizer().windows();
    String cut = tokenizer.truncation().configName() + (windows.windowed() ? " | " + windows.describe() : "");
    TokenCache.CacheKey key = new TokenCache.CacheKey(TokenCache.sha256Hex(content.toString()),
        tokenizer.vocabulary().sha256(), tokenizer.maxLength(), cut, tokenizer.lowerCase(), TokenCache.FORMAT_VERSION);
    TokenCache.Entry entry;
    try {
      entry = cache.getOrCreate(key, () -> {
        long t0 = System.nanoTime();
        List<TokenizedExample> out = tokenize(tokenizer, windows, reviews, targets);
        seconds[0] += (System.nanoTime() - t0) / 1e9;
        return out;
      }, config.pipeline().bucketWidth());
    } catch (IOException e) {
      throw new BertuneException("token cache " + cache.root() + ": " + e.getMessage(), e);
    }
    String description = LabelStats.of(reviews).describe(name) + " from " + origin;
    return new Part(name, reviews, targets, entry, description);
  }

  /**
   * Tokenizes reviews with their label vectors: single texts in one window each or as {@code windows} says, or text
   * pairs (one window) when they are pairs.
   */
  public static List<TokenizedExample> tokenize(WordPieceTokenizer tokenizer, TextWindows windows,
      List<Review> reviews, List<float[]> targets) {
    List<String> texts = reviews.stream().map(Review::text).toList();
    List<List<Encoding>> encodings = isPairs(reviews)
        ? tokenizer.encodePairs(texts, reviews.stream().map(Review::textPair).toList()).stream().map(List::of).toList()
        : windows.encode(tokenizer, texts);
    List<TokenizedExample> out = new ArrayList<>(reviews.size());
    for (int i = 0; i < reviews.size(); i++) {
      out.add(TokenizedExample.ofWindows(encodings.get(i), targets.get(i)));
    }
    return out;
  }

  /** The WordPiece length of each review (of both texts of a pair) before truncation, special tokens included. */
  public static int[] untruncatedLengths(WordPieceTokenizer tokenizer, List<Review> reviews) {
    List<String> texts = reviews.stream().map(Review::text).toList();
    return isPairs(reviews) ? tokenizer.untruncatedPairLengths(texts, reviews.stream().map(Review::textPair).toList())
        : tokenizer.untruncatedLengths(texts);
  }

  private static boolean isPairs(List<Review> reviews) {
    return !reviews.isEmpty() && reviews.get(0).isPair();
  }
}
