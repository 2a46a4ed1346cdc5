package dev.bertune.spark;

import dev.bertune.config.BertuneConfig;
import dev.bertune.config.ConfigLoader;
import dev.bertune.inference.TextEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** BERT's features of one partition of {@code (id, text)} rows, with the executor's shared embedder. */
final class PartitionEmbedder implements MapPartitionsFunction<Row, Row> {
  static final String FEATURES = "features";

  private final ModelRef model;
  private final List<String> settings; // the driver's config, as overrides (BertuneConfig is not serializable)
  private final int batchSize;

  PartitionEmbedder(ModelRef model, BertuneConfig config, int batchSize) {
    this.model = model;
    this.settings = List.of("head.features=" + config.head().features().name().toLowerCase(java.util.Locale.ROOT),
        "tokenizer.max-length=" + (config.tokenizer().autoLength() ? "auto" : config.tokenizer().maxLength()),
        "tokenizer.truncation=" + config.tokenizer().truncation().configName(),
        "runtime.intra-op-threads=" + config.runtime().intraOpThreads(),
        "runtime.precision=" + config.runtime().precision().name().toLowerCase(java.util.Locale.ROOT));
    this.batchSize = batchSize;
  }

  /** The output: the id column as it came, then {@code features} (array of float). */
  static Encoder<Row> encoder(Dataset<Row> input) {
    StructType schema = new StructType().add(input.schema().fields()[0])
        .add(FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return Encoders.row(schema);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TextEmbedder embedder = ExecutorModels.get(model.key() + "|embed|" + batchSize + "|" + settings, this::load);
    return new Chunks<>(rows, batchSize * PartitionScorer.CHUNK_BATCHES, chunk -> {
      List<String> texts = new ArrayList<>(chunk.size());
      chunk.forEach(r -> texts.add(r.getString(1)));
      float[][] features = embedder.embed(texts);
      List<Row> out = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        Float[] boxed = new Float[features[i].length];
        for (int h = 0; h < boxed.length; h++) {
          boxed[h] = features[i][h];
        }
        out.add(RowFactory.create(chunk.get(i).get(0), boxed));
      }
      return out;
    });
  }

  private TextEmbedder load() {
    Path dir = model.localDir();
    List<String> all = new ArrayList<>(settings);
    all.add("model.dir=\"" + dir.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    BertuneConfig config = ConfigLoader.load(Optional.empty(), all);
    if (model.isExport()) {
      return TextEmbedder.fromExport(dir, batchSize, config.runtime(), model.trusted());
    }
    return TextEmbedder.fromBert(config, batchSize, Path.of(System.getProperty("java.io.tmpdir"), "bertune-embed"));
  }
}
