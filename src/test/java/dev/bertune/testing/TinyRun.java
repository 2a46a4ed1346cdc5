package dev.bertune.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A complete tiny experiment in a temporary folder: the tiny BERT, separable review files and the
 * {@code --set} overrides that point a run at them.
 */
public final class TinyRun {
  private static final List<String> POSITIVE = List.of("great", "good", "wonderful", "loved", "brilliant");
  private static final List<String> NEGATIVE = List.of("bad", "terrible", "awful", "hated", "boring");
  private static final List<String> FILLER = List.of("the", "movie", "film", "was", "is", "plot", "acting",
      "very", "really", "this", "story", "music", "it", "a", "and");

  public final Path root;
  public final Path model;
  public final Path train;
  public final Path test;

  private TinyRun(Path root, Path model, Path train, Path test) {
    this.root = root;
    this.model = model;
    this.train = train;
    this.test = test;
  }

  /** Creates the model and data under {@code root}. */
  public static TinyRun create(Path root) throws IOException {
    Path model = TinyBert.write(root.resolve("tiny-bert"), 7);
    Path train = writeReviews(root.resolve("train.tsv"), 200, 1);
    Path test = writeReviews(root.resolve("test.tsv"), 60, 2);
    return new TinyRun(root, model, train, test);
  }

  /** Overrides for a run on the tiny model; add more after these. */
  public List<String> overrides() {
    return new ArrayList<>(List.of(
        "model.dir=\"" + model + "\"",
        "data.train=\"" + train + "\"",
        "data.test=\"" + test + "\"",
        "data.cache-dir=\"" + root.resolve("cache") + "\"",
        "run.dir=\"" + root.resolve("runs") + "\"",
        "run.progress=false",
        "export.dir=\"" + root.resolve("export") + "\"",
        "tokenizer.max-length=32",
        "train.batch-size=8",
        "head.dropout=0"));
  }

  /**
   * Trains through the CLI with {@code train.mode=frozen} for a few epochs (overridable in {@code extra}) and
   * returns the export's version folder {@code export/<name>/1}.
   *
   * @throws AssertionError when the run fails
   */
  public Path export(String name, String... extra) {
    List<String> args = new ArrayList<>(List.of("train"));
    List<String> sets = overrides();
    sets.addAll(List.of("train.mode=frozen", "train.epochs=3", "run.id=" + name, "export.name=" + name,
        "train.learning-rate.head=5e-2"));
    sets.addAll(List.of(extra));
    sets.forEach(s -> {
      args.add("--set");
      args.add(s);
    });
    Captured r = Captured.run("", args);
    if (r.status() != 0) {
      throw new AssertionError("training " + name + " failed: " + r.err() + r.out());
    }
    return root.resolve("export").resolve(name).resolve("1");
  }

  /** {@code n} reviews, half positive: filler words with one or two sentiment words, label last. */
  public static Path writeReviews(Path file, int n, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>(List.of("text\tlabel"));
    for (int i = 0; i < n; i++) {
      boolean positive = i % 2 == 0;
      List<String> sentiment = positive ? POSITIVE : NEGATIVE;
      List<String> words = new ArrayList<>();
      int length = 3 + random.nextInt(10);
      for (int w = 0; w < length; w++) {
        words.add(FILLER.get(random.nextInt(FILLER.size())));
      }
      words.add(random.nextInt(words.size() + 1), sentiment.get(random.nextInt(sentiment.size())));
      lines.add(String.join(" ", words) + " .\t" + (positive ? "pos" : "neg"));
    }
    Files.write(file, lines);
    return file;
  }

  /**
   * {@code n} long reviews, half positive, of {@code minWords..maxWords} filler words with one sentiment word every
   * ~12 words (so every window of a few dozen WordPieces carries the verdict), label last; header {@code text, label}.
   */
  public static Path writeLongReviews(Path file, int n, long seed, int minWords, int maxWords) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>(List.of("text\tlabel"));
    for (int i = 0; i < n; i++) {
      boolean positive = i % 2 == 0;
      List<String> sentiment = positive ? POSITIVE : NEGATIVE;
      int length = minWords + random.nextInt(maxWords - minWords + 1);
      List<String> words = new ArrayList<>();
      for (int w = 0; w < length; w++) {
        words.add(w % 12 == 6 ? sentiment.get(random.nextInt(sentiment.size()))
            : FILLER.get(random.nextInt(FILLER.size())));
      }
      lines.add(String.join(" ", words) + " .\t" + (positive ? "pos" : "neg"));
    }
    Files.write(file, lines);
    return file;
  }

  private static final List<String> MUSIC = List.of("music", "story", "acting");
  private static final List<String> NEUTRAL = List.of("the", "movie", "film", "was", "is", "it", "a", "and", "this",
      "very", "really", "i");

  /**
   * {@code n} reviews of three mutually exclusive classes, separable by their words: {@code praise} (positive
   * words), {@code complaint} (negative words), {@code about} (music, story, acting); header {@code text, label}.
   */
  public static Path writeMultiClass(Path file, int n, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>(List.of("text\tlabel"));
    List<List<String>> words = List.of(POSITIVE, NEGATIVE, MUSIC);
    List<String> names = List.of("praise", "complaint", "about");
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      lines.add(sentence(random, List.of(words.get(c))) + "\t" + names.get(c));
    }
    Files.write(file, lines);
    return file;
  }

  /**
   * {@code n} reviews tagged with any subset of {@code praise}, {@code complaint}, {@code music} (the empty set
   * included), each tag carried by its words; header {@code text, labels}, tags comma-joined.
   */
  public static Path writeMultiLabel(Path file, int n, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>(List.of("text\tlabels"));
    List<List<String>> words = List.of(POSITIVE, NEGATIVE, MUSIC);
    List<String> names = List.of("praise", "complaint", "music");
    for (int i = 0; i < n; i++) {
      List<List<String>> carried = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        if (((i >> k) & 1) == 1) { // every subset of the three, in turn
          carried.add(words.get(k));
          tags.add(names.get(k));
        }
      }
      lines.add(sentence(random, carried) + "\t" + String.join(",", tags));
    }
    Files.write(file, lines);
    return file;
  }

  /** Neutral words with one word of each of {@code groups} inserted at random places. */
  private static String sentence(SplittableRandom random, List<List<String>> groups) {
    List<String> words = new ArrayList<>();
    int length = 3 + random.nextInt(8);
    for (int w = 0; w < length; w++) {
      words.add(NEUTRAL.get(random.nextInt(NEUTRAL.size())));
    }
    for (List<String> g : groups) {
      words.add(random.nextInt(words.size() + 1), g.get(random.nextInt(g.size())));
    }
    return String.join(" ", words) + " .";
  }
}
