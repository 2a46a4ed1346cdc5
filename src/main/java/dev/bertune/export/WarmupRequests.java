package dev.bertune.export;

import com.google.protobuf.CodedOutputStream;
import dev.bertune.pipeline.TFRecordFiles;
import dev.bertune.pipeline.TokenizedExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code assets.extra/tf_serving_warmup_requests}: a TFRecord file of {@code tensorflow.serving.PredictionLog}
 * protos, each a {@code :predict} request of typical lengths, which TF Serving replays when it loads the model so
 * that its first real request does not pay for graph warm-up. The serving protos are not in TF Java's jars; the
 * few fields needed are written by hand with their field numbers from {@code tensorflow_serving/apis}.
 */
public final class WarmupRequests {
  /** The file name TF Serving looks for in {@code assets.extra/}. */
  public static final String NAME = "tf_serving_warmup_requests";
  // tensorflow_serving/apis/prediction_log.proto: PredictionLog.predict_log = 6; PredictLog.request = 1
  private static final int PREDICTION_LOG_PREDICT_LOG = 6;
  private static final int PREDICT_LOG_REQUEST = 1;
  // predict.proto: PredictRequest.model_spec = 1, inputs = 2 (map<string, TensorProto>: key 1, value 2)
  private static final int PREDICT_REQUEST_MODEL_SPEC = 1;
  private static final int PREDICT_REQUEST_INPUTS = 2;
  // model.proto: ModelSpec.name = 1, signature_name = 3
  private static final int MODEL_SPEC_NAME = 1;
  private static final int MODEL_SPEC_SIGNATURE = 3;
  private static final String SIGNATURE = "serving_default";

  private WarmupRequests() {}

  /**
   * Writes requests for the shortest, the median and the longest window of {@code examples}, each alone, and all of
   * them as one batch padded to the longest ({@code serving_default} takes windows as rows).
   */
  public static void write(Path file, String modelName, List<TokenizedExample> examples) throws IOException {
    List<TokenizedExample> byLength = new ArrayList<>(examples.stream()
        .flatMap(ex -> ex.windowExamples().stream()).toList());
    byLength.sort(Comparator.comparingInt(TokenizedExample::length));
    List<List<TokenizedExample>> requests = new ArrayList<>();
    for (int i : new int[] {0, byLength.size() / 2, byLength.size() - 1}) {
      requests.add(List.of(byLength.get(i)));
    }
    requests.add(byLength);
    List<byte[]> records = new ArrayList<>();
    for (List<TokenizedExample> r : requests) {
      records.add(predictionLog(modelName, r));
    }
    TFRecordFiles.writeRecords(file, records);
  }

  /** One {@code PredictionLog} holding a {@code PredictRequest} for {@code rows}, padded to the longest. */
  static byte[] predictionLog(String modelName, List<TokenizedExample> rows) throws IOException {
    byte[] spec = message(out -> {
      out.writeString(MODEL_SPEC_NAME, modelName);
      out.writeString(MODEL_SPEC_SIGNATURE, SIGNATURE);
    });
    int t = rows.stream().mapToInt(TokenizedExample::length).max().orElse(0);
    byte[] request = message(out -> {
      out.writeByteArray(PREDICT_REQUEST_MODEL_SPEC, spec);
      for (String input : List.of("input_ids", "input_mask", "segment_ids")) {
        TensorProto tensor = tensor(rows, t, input);
        out.writeByteArray(PREDICT_REQUEST_INPUTS, message(entry -> {
          entry.writeString(1, input);
          entry.writeBytes(2, tensor.toByteString());
        }));
      }
    });
    byte[] predictLog = message(out -> out.writeByteArray(PREDICT_LOG_REQUEST, request));
    return message(out -> out.writeByteArray(PREDICTION_LOG_PREDICT_LOG, predictLog));
  }

  private static TensorProto tensor(List<TokenizedExample> rows, int t, String input) {
    TensorProto.Builder b = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(
        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(rows.size()))
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(t)));
    for (TokenizedExample ex : rows) {
      for (int j = 0; j < t; j++) {
        boolean real = j < ex.length();
        b.addIntVal(switch (input) {
          case "input_ids" -> real ? ex.inputId(j) : 0;
          case "input_mask" -> real ? 1 : 0;
          default -> real ? ex.segmentId(j) : 0;
        });
      }
    }
    return b.build();
  }

  @FunctionalInterface
  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    fields.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
