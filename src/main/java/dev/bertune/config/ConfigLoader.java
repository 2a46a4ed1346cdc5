package dev.bertune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.bertune.BertuneException;
import dev.bertune.data.DataOptions;
import dev.bertune.data.OnInvalid;
import dev.bertune.task.ClassWeights;
import dev.bertune.task.LabelWeights;
import dev.bertune.task.LossFunction;
import dev.bertune.task.TaskSettings;
import dev.bertune.task.TaskType;
import dev.bertune.text.LongText;
import dev.bertune.text.TextWindows;
import dev.bertune.text.Truncation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a run's configuration: {@code reference.conf} (every default) ← the {@code --config} file ←
 * {@code --set key=value} overrides. Rejects unknown keys (suggesting the nearest known one), wrong types
 * and out-of-range values, naming the key and the accepted values. All checks happen here, at start-up.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param file the experiment file, or empty for the defaults alone
   * @param overrides {@code key=value} strings (HOCON values: {@code train.epochs=2}, {@code train.mode=full})
   */
  public static BertuneConfig load(Optional<Path> file, List<String> overrides) {
    Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config user = ConfigFactory.empty();
    if (file.isPresent()) {
      Path path = file.get();
      if (!Files.isRegularFile(path)) {
        throw new BertuneException("config file not found: " + path);
      }
      try {
        user = ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new BertuneException("cannot parse " + path + ": " + e.getMessage());
      }
    }
    for (String override : overrides) {
      user = parseOverride(override).withFallback(user);
    }
    rejectUnknownKeys(user, reference);
    Config config;
    try {
      config = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new BertuneException("config: " + e.getMessage());
    }
    return read(config);
  }

  private static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new BertuneException("--set '" + override + "': expected key=value, e.g. --set train.epochs=2");
    }
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    try {
      return ConfigFactory.parseString(key + " = " + (value.isEmpty() ? "\"\"" : value));
    } catch (ConfigException e) {
      try {
        return ConfigFactory.parseMap(Map.of(key, value));
      } catch (ConfigException e2) {
        throw new BertuneException("--set '" + override + "': " + e.getMessage());
      }
    }
  }

  /**
   * Keys that take a number or a word ({@code auto}), or a map by label name: their type is checked where they are
   * read.
   */
  static final Set<String> BY_LABEL_KEYS = Set.of("head.positive-class-weight", "head.class-weights",
      "tokenizer.max-length");

  private static void rejectUnknownKeys(Config user, Config reference) {
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      known.add(e.getKey());
    }
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (BY_LABEL_KEYS.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + "."))) {
        continue;
      }
      if (!known.contains(key)) {
        String nearest = known.stream().min(Comparator.comparingInt(k -> editDistance(k, key))).orElse("");
        throw new BertuneException("unknown config key '" + key + "'"
            + origin(e.getValue()) + "; did you mean '" + nearest + "'? (all keys: see reference.conf)");
      }
      ConfigValueType expected = reference.getValue(key).valueType();
      ConfigValueType actual = e.getValue().valueType();
      if (expected != actual && !convertible(actual, expected, e.getValue())) {
        throw new BertuneException("config key '" + key + "'" + origin(e.getValue()) + " must be a "
            + expected.name().toLowerCase(Locale.ROOT) + ", got " + actual.name().toLowerCase(Locale.ROOT)
            + " " + e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
  }

  private static boolean convertible(ConfigValueType actual, ConfigValueType expected, ConfigValue value) {
    if (actual != ConfigValueType.STRING) {
      return expected == ConfigValueType.STRING && actual != ConfigValueType.OBJECT
          && actual != ConfigValueType.LIST;
    }
    String s = String.valueOf(value.unwrapped()).trim();
    return switch (expected) {
      case NUMBER -> s.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?");
      case BOOLEAN -> Set.of("true", "false", "yes", "no", "on", "off").contains(s.toLowerCase(Locale.ROOT));
      default -> false;
    };
  }

  private static String origin(ConfigValue value) {
    var origin = value.origin();
    if (origin == null || origin.filename() == null) {
      return "";
    }
    return " (" + origin.filename() + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "") + ")";
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static BertuneConfig read(Config c) {
    Reader r = new Reader(c);
    BertuneConfig.Model model = new BertuneConfig.Model(
        Path.of(r.nonEmpty("model.dir")), r.nonEmpty("model.tag"), r.nonEmpty("model.signature"),
        r.nonEmpty("model.inputs.input-ids"), r.nonEmpty("model.inputs.input-mask"),
        r.nonEmpty("model.inputs.segment-ids"), r.nonEmpty("model.outputs.pooled"),
        r.nonEmpty("model.outputs.sequence"), r.autoBoolean("model.lower-case"),
        c.getBoolean("model.cls-only-top-layer"), r.autoBoolean("model.einsum-attention"),
        c.getBoolean("model.fused-layer-norm"));
    boolean autoLength = r.autoOrInt("tokenizer.max-length", 3, MAX_LENGTH_CAP);
    BertuneConfig.TokenizerSettings tokenizer = new BertuneConfig.TokenizerSettings(
        autoLength ? MAX_LENGTH_CAP : r.intIn("tokenizer.max-length", 3, MAX_LENGTH_CAP),
        Truncation.parse(c.getString("tokenizer.truncation"), "tokenizer.truncation"), autoLength,
        new TextWindows(LongText.parse(c.getString("tokenizer.long-text"), "tokenizer.long-text"),
            r.intIn("tokenizer.stride", 0, MAX_LENGTH_CAP), r.intIn("tokenizer.max-windows", 1, 1024)));
    if (!autoLength) {
      tokenizer.windows().check(tokenizer.maxLength());
    }
    BertuneConfig.Data data = new BertuneConfig.Data(
        r.nonEmpty("data.train"), r.optional("data.validation"),
        r.doubleOpen("data.validation-fraction", 0, 1), r.optional("data.test"),
        new DataOptions(r.nonEmpty("data.text-column"), r.nonEmpty("data.label-column"),
            r.enumValue("data.on-invalid", OnInvalid.class), labelSeparator(c), r.stringList("task.labels"),
            c.getBoolean("data.follow-symlinks"), r.string("data.text-pair-column")),
        Path.of(r.nonEmpty("data.cache-dir")));
    if (data.options().textPairs() && tokenizer.windows().windowed()) {
      throw new BertuneException("tokenizer.long-text = windows does not take text pairs (data.text-pair-column = '"
          + data.options().textPairColumn() + "'): use tokenizer.long-text = truncate, whose pairs are cut longest"
          + " first");
    }
    TaskSettings task = new TaskSettings(r.taskType("task.type"), r.stringList("task.labels"),
        r.enumValue("head.loss", LossFunction.class), r.classWeights("head.class-weights"),
        r.labelWeights("head.positive-class-weight"), r.doubleOpen("train.threshold", 0, 1),
        c.getBoolean("task.tune-thresholds"), r.intIn("task.top-k", 1, 1000),
        c.getBoolean("task.allow-degenerate-labels"));
    BertuneConfig.Head head = new BertuneConfig.Head(
        r.enumValue("head.features", FeatureSource.class), r.doubleIn("head.dropout", 0, 0.99),
        r.enumValue("head.window-pooling", WindowPooling.class));
    BertuneConfig.Train train = new BertuneConfig.Train(
        r.enumValue("train.mode", FineTuneMode.class), r.intIn("train.trainable-layers", 1, 1000),
        r.doubleIn("train.layer-decay", 0.01, 1), r.intIn("train.accumulation-steps", 1, 10_000),
        r.intIn("train.epochs", 1, 100_000),
        r.intIn("train.batch-size", 1, 4096), c.getLong("train.seed"),
        r.doubleIn("train.learning-rate.encoder", 0, 1), r.doubleIn("train.learning-rate.head", 0, 1),
        r.doubleIn("train.warmup-fraction", 0, 1), r.doubleIn("train.weight-decay", 0, 1),
        r.doubleIn("train.clip-norm", 0, Double.MAX_VALUE), r.doubleOpen("train.adam.beta1", 0, 1),
        r.doubleOpen("train.adam.beta2", 0, 1), r.positive("train.adam.epsilon"));
    BertuneConfig.Callbacks callbacks = new BertuneConfig.Callbacks(
        new BertuneConfig.EarlyStopping(c.getBoolean("callbacks.early-stopping.enabled"),
            r.monitor("callbacks.early-stopping"), r.intIn("callbacks.early-stopping.patience", 0, 100_000),
            c.getBoolean("callbacks.early-stopping.restore-best")),
        new BertuneConfig.Checkpoint(c.getBoolean("callbacks.checkpoint.enabled"), r.monitor("callbacks.checkpoint"),
            c.getBoolean("callbacks.checkpoint.save-best"), r.intIn("callbacks.checkpoint.every-steps", 0,
                Integer.MAX_VALUE), c.getBoolean("callbacks.checkpoint.keep")),
        new BertuneConfig.TensorBoard(c.getBoolean("callbacks.tensorboard.enabled"),
            r.intIn("callbacks.tensorboard.every-steps", 1, Integer.MAX_VALUE)));
    BertuneConfig.Pipeline pipeline = new BertuneConfig.Pipeline(
        r.intIn("pipeline.bucket-width", 1, 512), r.intIn("pipeline.prefetch", 1, 64));
    BertuneConfig.Runtime runtime = new BertuneConfig.Runtime(
        r.intIn("runtime.intra-op-threads", 0, 1024), r.intIn("runtime.inter-op-threads", 0, 1024),
        r.enumValue("runtime.precision", Precision.class), c.getBoolean("runtime.xla"),
        c.getBoolean("runtime.trim-native-memory"));
    BertuneConfig.Run run = new BertuneConfig.Run(
        Path.of(r.nonEmpty("run.dir")), r.optional("run.id"), c.getBoolean("run.progress"));
    String name = r.nonEmpty("export.name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new BertuneException("export.name = '" + name + "': use letters, digits, '.', '_' and '-' only");
    }
    BertuneConfig.Export export = new BertuneConfig.Export(
        c.getBoolean("export.enabled"), Path.of(r.nonEmpty("export.dir")), name,
        r.intIn("export.verify-examples", 1, 1024), c.getBoolean("export.require-better-than-chance"));
    return new BertuneConfig(model, tokenizer, data, task, head, train, callbacks, pipeline, runtime, run, export,
        renderOwnKeys(c));
  }

  /** The longest max length BERT's position embeddings allow, and what {@code auto} chooses at most. */
  static final int MAX_LENGTH_CAP = 512;

  private static String labelSeparator(Config c) {
    String sep = c.getString("data.label-separator");
    if (sep.isEmpty() || sep.contains("\t") || sep.contains("\n")) {
      throw new BertuneException("config key 'data.label-separator' = '" + sep + "' is not valid; accepted: one or"
          + " more characters other than tab and newline (default ',')");
    }
    return sep;
  }

  private static String renderOwnKeys(Config c) {
    Config own = ConfigFactory.empty();
    for (String top : List.of("model", "tokenizer", "data", "task", "head", "train", "callbacks", "pipeline",
        "runtime", "run", "export")) {
      own = own.withValue(top, c.getValue(top));
    }
    return own.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
  }

  /** Typed getters whose errors name the key and the accepted values. */
  private record Reader(Config c) {
    String nonEmpty(String key) {
      String v = string(key);
      if (v.isBlank()) {
        throw new BertuneException("config key '" + key + "' must not be empty");
      }
      return v;
    }

    String string(String key) {
      try {
        return c.getString(key).trim();
      } catch (ConfigException.WrongType e) {
        throw new BertuneException("config key '" + key + "' must be a string: " + e.getMessage());
      }
    }

    Optional<String> optional(String key) {
      String v = string(key);
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    Optional<Boolean> autoBoolean(String key) {
      String v = string(key).toLowerCase(Locale.ROOT);
      return switch (v) {
        case "auto" -> Optional.empty();
        case "true", "yes", "on" -> Optional.of(true);
        case "false", "no", "off" -> Optional.of(false);
        default -> throw new BertuneException(
            "config key '" + key + "' = '" + v + "' is not valid; accepted values: auto, true, false");
      };
    }

    /** Whether {@code key} is {@code auto}; else checks that it is an integer in range. */
    boolean autoOrInt(String key, int min, int max) {
      ConfigValue v = c.getValue(key);
      String text = String.valueOf(v.unwrapped()).trim();
      if (v.valueType() == ConfigValueType.STRING && text.equalsIgnoreCase("auto")) {
        return true;
      }
      if (v.valueType() != ConfigValueType.NUMBER && !text.matches("[0-9]+")) {
        throw new BertuneException("config key '" + key + "'" + origin(v) + " = '" + text + "' is not valid;"
            + " accepted: an integer " + min + " to " + max + ", or auto");
      }
      intIn(key, min, max);
      return false;
    }

    int intIn(String key, int min, int max) {
      int v;
      try {
        v = c.getInt(key);
      } catch (ConfigException.WrongType e) {
        throw new BertuneException("config key '" + key + "' must be an integer in [" + min + ", " + max + "]");
      }
      if (v < min || v > max) {
        throw new BertuneException(
            "config key '" + key + "' = " + v + " is out of range; accepted: " + min + " to " + max);
      }
      return v;
    }

    double number(String key) {
      try {
        return c.getDouble(key);
      } catch (ConfigException.WrongType e) {
        throw new BertuneException("config key '" + key + "' must be a number: " + e.getMessage());
      }
    }

    double doubleIn(String key, double min, double max) {
      double v = number(key);
      if (!(v >= min && v <= max)) {
        throw new BertuneException("config key '" + key + "' = " + v + " is out of range; accepted: "
            + min + " to " + (max == Double.MAX_VALUE ? "any" : max));
      }
      return v;
    }

    double doubleOpen(String key, double min, double max) {
      double v = number(key);
      if (!(v > min && v < max)) {
        throw new BertuneException("config key '" + key + "' = " + v + " is out of range; accepted: "
            + "strictly between " + min + " and " + max);
      }
      return v;
    }

    double positive(String key) {
      double v = number(key);
      if (!(v > 0)) {
        throw new BertuneException("config key '" + key + "' = " + v + " must be > 0");
      }
      return v;
    }

    /** {@code <prefix>.monitor}, {@code .mode} (min, max, auto) and {@code .min-delta} (only early stopping). */
    BertuneConfig.Monitor monitor(String prefix) {
      String metric = nonEmpty(prefix + ".monitor");
      String base = metric.startsWith("val_") ? metric.substring(4) : metric;
      if (!MetricNames.isKnown(base)) {
        throw new BertuneException("config key '" + prefix + ".monitor' = '" + metric + "' is not valid; accepted: "
            + String.join(", ", MetricNames.ALL) + ", each optionally prefixed by val_ (which of them a run has"
            + " depends on its task)");
      }
      String mode = string(prefix + ".mode").toLowerCase(Locale.ROOT);
      boolean higher = switch (mode) {
        case "max" -> true;
        case "min" -> false;
        case "auto" -> !MetricNames.lowerIsBetter(base);
        default -> throw new BertuneException("config key '" + prefix + ".mode' = '" + mode
            + "' is not valid; accepted values: auto, min, max");
      };
      double delta = c.hasPath(prefix + ".min-delta") ? doubleIn(prefix + ".min-delta", 0, Double.MAX_VALUE) : 0;
      return new BertuneConfig.Monitor(metric, higher, delta);
    }

    List<String> stringList(String key) {
      try {
        return c.getStringList(key).stream().map(String::trim).toList();
      } catch (ConfigException.WrongType e) {
        throw new BertuneException("config key '" + key + "' must be a list of label names, e.g. [neg, pos]");
      }
    }

    Optional<TaskType> taskType(String key) {
      String v = string(key);
      if (v.equalsIgnoreCase("auto")) {
        return Optional.empty();
      }
      TaskType t = TaskType.parse(v);
      if (t == null) {
        throw new BertuneException("config key '" + key + "' = '" + v + "' is not valid; accepted values: auto, "
            + Arrays.stream(TaskType.values()).map(TaskType::configName).collect(Collectors.joining(", ")));
      }
      return Optional.of(t);
    }

    /** A number for every label, or a map {@code {label = weight}}. */
    LabelWeights labelWeights(String key) {
      ConfigValue v = c.getValue(key);
      if (v.valueType() == ConfigValueType.OBJECT) {
        return new LabelWeights(1.0, weightMap(key));
      }
      return new LabelWeights(positive(key), Map.of());
    }

    /** {@code none}, {@code balanced} or a map {@code {label = weight}}. */
    ClassWeights classWeights(String key) {
      ConfigValue v = c.getValue(key);
      if (v.valueType() == ConfigValueType.OBJECT) {
        return new ClassWeights(ClassWeights.Kind.GIVEN, weightMap(key));
      }
      String s = string(key).toLowerCase(Locale.ROOT);
      return switch (s) {
        case "none" -> ClassWeights.NONE;
        case "balanced" -> new ClassWeights(ClassWeights.Kind.BALANCED, Map.of());
        default -> throw new BertuneException("config key '" + key + "' = '" + s + "' is not valid; accepted: none,"
            + " balanced, or a map by label such as { spam = 3.0 }");
      };
    }

    private Map<String, Double> weightMap(String key) {
      Map<String, Double> out = new java.util.TreeMap<>();
      for (Map.Entry<String, Object> e : c.getObject(key).unwrapped().entrySet()) {
        if (!(e.getValue() instanceof Number n) || !(n.doubleValue() > 0)) {
          throw new BertuneException("config key '" + key + "." + e.getKey() + "' = " + e.getValue()
              + ": a weight must be a number > 0");
        }
        out.put(e.getKey(), n.doubleValue());
      }
      return out;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
      String v = string(key);
      for (E e : type.getEnumConstants()) {
        if (e.name().replace('_', '-').equalsIgnoreCase(v)) {
          return e;
        }
      }
      throw new BertuneException("config key '" + key + "' = '" + v + "' is not valid; accepted values: "
          + Arrays.stream(type.getEnumConstants())
              .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .collect(Collectors.joining(", ")));
    }
  }
}
