package dev.bertune.text;

import dev.bertune.UmaskFiles;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * BERT WordPiece tokenization with the model's own {@code vocab.txt}, run by the HuggingFace tokenizers
 * native library (through DJL). A {@code tokenizer.json} is generated from the vocabulary (WordPiece model,
 * BERT normalizer with the model's casing, BERT pre-tokenizer) and cached next to the other caches.
 *
 * <p>Owns a native tokenizer: close it.
 */
public final class WordPieceTokenizer implements AutoCloseable {
  public static final String CLS = "[CLS]";
  public static final String SEP = "[SEP]";
  public static final String PAD = "[PAD]";
  public static final String UNK = "[UNK]";
  public static final String MASK = "[MASK]";
  /** [CLS] and [SEP]. */
  public static final int SPECIAL_TOKENS_PER_TEXT = 2;
  private static final int SPECIAL_TOKENS_PER_PAIR = 3;

  private final HuggingFaceTokenizer tokenizer;
  private final Vocabulary vocabulary;
  private final int maxLength;
  private final Truncation truncation;
  private final boolean lowerCase;
  private final Path tokenizerJson;

  private WordPieceTokenizer(
      HuggingFaceTokenizer tokenizer, Vocabulary vocabulary, int maxLength, Truncation truncation,
      boolean lowerCase, Path tokenizerJson) {
    this.tokenizer = tokenizer;
    this.vocabulary = vocabulary;
    this.maxLength = maxLength;
    this.truncation = truncation;
    this.lowerCase = lowerCase;
    this.tokenizerJson = tokenizerJson;
  }

  /**
   * Creates a tokenizer for {@code vocabFile}.
   *
   * @param cacheDir where the generated tokenizer.json is kept (keyed by vocabulary hash and casing)
   * @param maxLength maximum pieces per text, [CLS] and [SEP] included (3..512)
   */
  public static WordPieceTokenizer create(
      Path vocabFile, boolean lowerCase, int maxLength, Truncation truncation, Path cacheDir) {
    if (maxLength < SPECIAL_TOKENS_PER_TEXT + 1) {
      throw new BertuneException("tokenizer.max-length = " + maxLength + " is too small; use 3..512");
    }
    Vocabulary vocabulary = Vocabulary.load(vocabFile);
    Path json = cacheDir.resolve("tokenizer")
        .resolve(vocabulary.sha256().substring(0, 16) + (lowerCase ? "-uncased" : "-cased"))
        .resolve("tokenizer.json");
    try {
      if (!Files.isRegularFile(json)) {
        writeTokenizerJson(vocabulary, lowerCase, json);
      }
      HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(
          json, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
      return new WordPieceTokenizer(hf, vocabulary, maxLength, truncation, lowerCase, json);
    } catch (IOException e) {
      throw new BertuneException("cannot create the tokenizer from " + vocabFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * A tokenizer from an existing {@code tokenizer.json} (an export's {@code assets.extra/}) and its vocabulary:
   * reads both, writes nothing.
   */
  public static WordPieceTokenizer fromFiles(Path tokenizerJson, Path vocabFile, boolean lowerCase, int maxLength,
      Truncation truncation) {
    if (maxLength < SPECIAL_TOKENS_PER_TEXT + 1) {
      throw new BertuneException("max length " + maxLength + " is too small; use 3..512");
    }
    Vocabulary vocabulary = Vocabulary.load(vocabFile);
    try {
      HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(
          tokenizerJson, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
      return new WordPieceTokenizer(hf, vocabulary, maxLength, truncation, lowerCase, tokenizerJson);
    } catch (IOException | RuntimeException e) {
      throw new BertuneException("cannot load the tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  /** Tokenizes one text: pieces, truncation to the budget, then [CLS] ... [SEP]. */
  public Encoding encode(String text) {
    long[] pieces = tokenizer.encode(text, false, false).getIds();
    return wrap(pieces);
  }

  /** Tokenizes many texts at once (the native library runs them in parallel). */
  public List<Encoding> encodeAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    ai.djl.huggingface.tokenizers.Encoding[] encoded = tokenizer.batchEncode(texts, false, false);
    Encoding[] out = new Encoding[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      out[i] = wrap(encoded[i].getIds());
    }
    return List.of(out);
  }

  /** The WordPiece length of each text before truncation, [CLS] and [SEP] included. */
  public int[] untruncatedLengths(List<String> texts) {
    if (texts.isEmpty()) {
      return new int[0];
    }
    ai.djl.huggingface.tokenizers.Encoding[] encoded = tokenizer.batchEncode(texts, false, false);
    int[] out = new int[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      out[i] = encoded[i].getIds().length + SPECIAL_TOKENS_PER_TEXT;
    }
    return out;
  }

  /** The WordPiece ids of each text, untruncated, without [CLS] and [SEP]. */
  public long[][] pieces(List<String> texts) {
    if (texts.isEmpty()) {
      return new long[0][];
    }
    ai.djl.huggingface.tokenizers.Encoding[] encoded = tokenizer.batchEncode(texts, false, false);
    long[][] out = new long[encoded.length][];
    for (int i = 0; i < encoded.length; i++) {
      out[i] = encoded[i].getIds();
    }
    return out;
  }

  /**
   * Tokenizes text pairs at once: {@code [CLS] a [SEP] b [SEP]}, segment ids 0 up to the first [SEP] and 1 after it;
   * pairs over the max length lose pieces longest first ({@link PairTruncation}), each text cut as {@link
   * #truncation()} says.
   *
   * @param texts the first texts (segment A)
   * @param pairs the second texts (segment B), as many
   */
  public List<Encoding> encodePairs(List<String> texts, List<String> pairs) {
    requirePairs(texts, pairs);
    if (texts.isEmpty()) {
      return List.of();
    }
    ai.djl.huggingface.tokenizers.Encoding[] a = tokenizer.batchEncode(texts, false, false);
    ai.djl.huggingface.tokenizers.Encoding[] b = tokenizer.batchEncode(pairs, false, false);
    Encoding[] out = new Encoding[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = wrapPair(a[i].getIds(), b[i].getIds());
    }
    return List.of(out);
  }

  /** The WordPiece length of each pair before truncation, [CLS] and both [SEP] included. */
  public int[] untruncatedPairLengths(List<String> texts, List<String> pairs) {
    requirePairs(texts, pairs);
    int[] a = untruncatedLengths(texts);
    int[] b = untruncatedLengths(pairs);
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i] - 2 * SPECIAL_TOKENS_PER_TEXT + SPECIAL_TOKENS_PER_PAIR;
    }
    return out;
  }

  /**
   * One window of a text: its pieces {@code [from, to)} as {@code [CLS] ... [SEP]} (at most the max length).
   *
   * @param truncated whether the text loses pieces that no window holds
   */
  public Encoding window(long[] pieces, int from, int to, boolean truncated) {
    if (to - from > maxLength - SPECIAL_TOKENS_PER_TEXT) {
      throw new IllegalArgumentException("window of " + (to - from) + " pieces exceeds max length " + maxLength);
    }
    return special(java.util.Arrays.copyOfRange(pieces, from, to), truncated);
  }

  private void requirePairs(List<String> texts, List<String> pairs) {
    if (texts.size() != pairs.size()) {
      throw new IllegalArgumentException(texts.size() + " texts but " + pairs.size() + " second texts");
    }
    if (maxLength < SPECIAL_TOKENS_PER_PAIR + 2) {
      throw new BertuneException("tokenizer.max-length = " + maxLength + " is too small for text pairs; use "
          + (SPECIAL_TOKENS_PER_PAIR + 2) + "..512");
    }
  }

  private Encoding wrapPair(long[] a, long[] b) {
    int[] kept = PairTruncation.longestFirst(a.length, b.length, maxLength - SPECIAL_TOKENS_PER_PAIR);
    long[] keptA = truncation.apply(a, kept[0]);
    long[] keptB = truncation.apply(b, kept[1]);
    int[] ids = new int[keptA.length + keptB.length + SPECIAL_TOKENS_PER_PAIR];
    int[] segments = new int[ids.length];
    ids[0] = vocabulary.id(CLS);
    for (int i = 0; i < keptA.length; i++) {
      ids[i + 1] = (int) keptA[i];
    }
    int second = keptA.length + 2;
    ids[second - 1] = vocabulary.id(SEP);
    for (int i = 0; i < keptB.length; i++) {
      ids[second + i] = (int) keptB[i];
    }
    ids[ids.length - 1] = vocabulary.id(SEP);
    java.util.Arrays.fill(segments, second, ids.length, 1);
    return new Encoding(ids, segments, keptA.length < a.length || keptB.length < b.length);
  }

  private Encoding wrap(long[] pieces) {
    int budget = maxLength - SPECIAL_TOKENS_PER_TEXT;
    long[] kept = truncation.apply(pieces, budget);
    return special(kept, kept.length < pieces.length);
  }

  private Encoding special(long[] kept, boolean truncated) {
    int[] ids = new int[kept.length + SPECIAL_TOKENS_PER_TEXT];
    ids[0] = vocabulary.id(CLS);
    for (int i = 0; i < kept.length; i++) {
      ids[i + 1] = (int) kept[i];
    }
    ids[ids.length - 1] = vocabulary.id(SEP);
    return new Encoding(ids, new int[ids.length], truncated);
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public int maxLength() {
    return maxLength;
  }

  public Truncation truncation() {
    return truncation;
  }

  public boolean lowerCase() {
    return lowerCase;
  }

  /** The generated tokenizer.json (exported with the model so that clients tokenize identically). */
  public Path tokenizerJson() {
    return tokenizerJson;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private static void writeTokenizerJson(Vocabulary vocabulary, boolean lowerCase, Path target)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String special : List.of(PAD, UNK, CLS, SEP, MASK)) {
      if (vocabulary.contains(special)) {
        ObjectNode t = added.addObject();
        t.put("id", vocabulary.id(special));
        t.put("content", special);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
      }
    }
    ObjectNode normalizer = root.putObject("normalizer");
    normalizer.put("type", "BertNormalizer");
    normalizer.put("clean_text", true);
    normalizer.put("handle_chinese_chars", true);
    normalizer.putNull("strip_accents");
    normalizer.put("lowercase", lowerCase);
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "BertProcessing");
    post.putArray("sep").add(SEP).add(vocabulary.id(SEP));
    post.putArray("cls").add(CLS).add(vocabulary.id(CLS));
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "WordPiece");
    decoder.put("prefix", "##");
    decoder.put("cleanup", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", UNK);
    model.put("continuing_subword_prefix", "##");
    model.put("max_input_chars_per_word", 100);
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < vocabulary.size(); i++) {
      vocab.put(vocabulary.token(i), i);
    }
    Files.createDirectories(target.getParent());
    Path tmp = UmaskFiles.createTempFile(target.getParent(), "tokenizer", ".json.tmp");
    try {
      Files.writeString(tmp, mapper.writeValueAsString(root), StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp); // a full disk leaves no half-written file
    }
  }
}
