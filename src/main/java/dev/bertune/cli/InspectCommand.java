package dev.bertune.cli;

import dev.bertune.BertuneException;
import dev.bertune.run.TokenizerSettingsFile;
import dev.bertune.task.Task;
import dev.bertune.task.TaskFile;
import dev.bertune.export.ModelAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bertune inspect DIR}: what {@code saved_model_cli show --all} prints; then an error when the variables do not
 * match the graph (a missing variable, a truncated data file), or when {@link ModelAudit} refuses the export.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show a SavedModel's tags, signatures, method names, input/output dtypes and shapes.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "SavedModel folder (holding saved_model.pb).")
  Path dir;

  @Option(names = "--trust-model",
      description = "Accept an export that has no bertune provenance or holds ops that touch files or processes"
          + " (an error by default: a SavedModel is a program).")
  boolean trustModel;

  @Override
  public Integer call() {
    System.out.print(describe(dir));
    List<String> variables = ModelAudit.variableProblems(dir);
    if (!variables.isEmpty()) {
      throw new BertuneException("the variables of " + dir + " do not match its graph: "
          + String.join("; ", variables));
    }
    ModelAudit.requireTrusted(dir, trustModel);
    return 0;
  }

  /** The description printed by the command. */
  static String describe(Path dir) {
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new BertuneException("no SavedModel at " + dir + " (" + pb + " not found)");
    }
    SavedModel model = ModelAudit.read(dir);
    StringBuilder sb = new StringBuilder();
    for (MetaGraphDef meta : model.getMetaGraphsList()) {
      sb.append("\nMetaGraphDef with tag-set: '").append(String.join(", ", meta.getMetaInfoDef().getTagsList()))
          .append("' contains the following SignatureDefs:\n");
      for (Map.Entry<String, SignatureDef> e : meta.getSignatureDefMap().entrySet()) {
        SignatureDef sig = e.getValue();
        sb.append("\nsignature_def['").append(e.getKey()).append("']:\n");
        sb.append("  The given SavedModel SignatureDef contains the following input(s):\n");
        sig.getInputsMap().forEach((k, v) -> tensor(sb, "inputs", k, v));
        sb.append("  The given SavedModel SignatureDef contains the following output(s):\n");
        sig.getOutputsMap().forEach((k, v) -> tensor(sb, "outputs", k, v));
        sb.append("  Method name is: ").append(sig.getMethodName()).append('\n');
      }
      long variables = meta.getGraphDef().getNodeList().stream()
          .filter(n -> n.getOp().equals("VarHandleOp") || n.getOp().equals("VariableV2")).count();
      sb.append("\n  graph: ").append(meta.getGraphDef().getNodeCount()).append(" nodes, ").append(variables)
          .append(" variable ops; saver restores with '").append(meta.getSaverDef().getRestoreOpName()).append("'\n");
    }
    if (Files.isDirectory(dir.resolve("assets.extra"))) {
      Task task = TaskFile.read(dir);
      sb.append("\n  task: ").append(task.type().configName()).append(", ").append(task.labels().size())
          .append(" labels: ").append(String.join(", ", task.labels()));
      if (task.thresholds().length > 0) {
        sb.append("; thresholds ").append(java.util.Arrays.toString(task.thresholds()));
      }
      sb.append(Files.isRegularFile(dir.resolve("assets.extra").resolve(TaskFile.NAME)) ? ""
          : " (no assets.extra/" + TaskFile.NAME + ": an export from before multi-class support)").append('\n');
      if (Files.isRegularFile(dir.resolve("assets.extra").resolve(TokenizerSettingsFile.NAME))) {
        TokenizerSettingsFile.Settings settings = TokenizerSettingsFile.read(dir);
        sb.append("  input: ").append(settings.textPair()
            ? "text pairs, [CLS] text [SEP] text_pair [SEP]" : "single texts").append(", max length ")
            .append(settings.maxLength()).append(", long texts: ").append(settings.windows().windowed()
                ? settings.windows().describe() + ", pooled (signature serving_windows)"
                : "cut (" + settings.truncation().configName() + ")").append('\n');
      }
    }
    return sb.toString();
  }

  private static void tensor(StringBuilder sb, String kind, String key, TensorInfo info) {
    sb.append("    ").append(kind).append("['").append(key).append("'] tensor_info:\n");
    sb.append("        dtype: ").append(info.getDtype()).append('\n');
    sb.append("        shape: ").append(shape(info.getTensorShape())).append('\n');
    sb.append("        name: ").append(info.getName()).append('\n');
  }

  static String shape(TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      return "unknown_rank";
    }
    return shape.getDimList().stream().map(d -> Long.toString(d.getSize()))
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
