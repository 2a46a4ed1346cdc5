package dev.bertune.spark;

import dev.bertune.inference.TextClassifier;
import dev.bertune.task.Prediction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Scores one partition of {@code (id, text)} rows with the executor's shared classifier: rows in chunks of {@link
 * #CHUNK_BATCHES} batches, each chunk sorted by length inside ({@link TextClassifier#classify(List)}).
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  /** Batches per chunk: enough texts that length sorting pays, few enough that memory stays small. */
  static final int CHUNK_BATCHES = 16;

  private final ModelRef model;
  private final int batchSize;
  private final int threads;
  private final ScoredColumns columns;

  PartitionScorer(ModelRef model, int batchSize, int threads, ScoredColumns columns) {
    this.model = model;
    this.batchSize = batchSize;
    this.threads = threads;
    this.columns = columns;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TextClassifier classifier = ExecutorModels.get(model.key() + "|classify|" + batchSize + "|" + threads,
        () -> TextClassifier.builder(model.localDir()).batchSize(batchSize).threads(threads)
            .trustModel(model.trusted()).build());
    return new Chunks<>(rows, batchSize * CHUNK_BATCHES, chunk -> {
      List<String> texts = new ArrayList<>(chunk.size());
      chunk.forEach(r -> texts.add(r.getString(1)));
      List<Prediction> predictions = classifier.classify(texts);
      List<Row> out = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        out.add(columns.row(chunk.get(i).get(0), predictions.get(i)));
      }
      return out;
    });
  }
}
