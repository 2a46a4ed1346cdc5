package dev.bertune.export;

import dev.bertune.BertuneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * A SavedModel is a program: loading it runs its ops. Before a bertune command loads an export, this reads its
 * graph from {@code saved_model.pb} (without TensorFlow) and refuses it, unless the user trusts it, when it has no
 * bertune provenance ({@code assets.extra/provenance.json}) or holds ops that touch files or processes outside the
 * saver that restores its variables ({@code save/...}, {@link dev.bertune.model.VariableSaver}).
 */
public final class ModelAudit {
  /** Offending ops listed in a refusal; the rest are counted. */
  static final int LISTED = 10;
  /** Ops that read or write files, or run code outside the graph. */
  static final Set<String> RISKY = Set.of("ReadFile", "WriteFile", "MatchingFiles", "PyFunc", "EagerPyFunc",
      "PyFuncStateless", "ImmutableConst", "TFRecordDataset", "TextLineDataset", "FixedLengthRecordDataset",
      "LoadAndRemapMatrix", "DebugIdentityV2");
  /** Checkpoint ops: fine inside the SavedModel's saver scope, refused elsewhere. */
  static final Set<String> SAVER = Set.of("Save", "SaveV2", "SaveSlices", "Restore", "RestoreV2", "RestoreSlice",
      "MergeV2Checkpoints", "ShardedFilename", "ShardedFilespec");
  /** Parts of op names that suggest files, shells or processes. */
  static final List<String> RISKY_PARTS = List.of("File", "Shell", "Exec");

  private ModelAudit() {}

  /** Refuses {@code dir} (an export version folder) unless {@link #problems} finds nothing or {@code trusted}. */
  public static void requireTrusted(Path dir, boolean trusted) {
    if (trusted) {
      return;
    }
    List<String> problems = problems(dir);
    if (!problems.isEmpty()) {
      throw new BertuneException("refusing to load " + dir + " (a SavedModel is a program): it "
          + String.join("; it ", problems) + "; pass --trust-model if you trust where it came from");
    }
  }

  /** Why {@code dir} is not trusted: no provenance, risky ops; empty when it is a plain bertune export. */
  public static List<String> problems(Path dir) {
    List<String> problems = new ArrayList<>();
    if (!Files.isRegularFile(dir.resolve("assets.extra").resolve("provenance.json"))) {
      problems.add("has no bertune provenance (assets.extra/provenance.json)");
    }
    List<String> ops = new ArrayList<>();
    for (MetaGraphDef meta : read(dir).getMetaGraphsList()) {
      ops.addAll(riskyOps(meta));
    }
    if (!ops.isEmpty()) {
      problems.add("holds " + ops.size() + " op(s) that touch files or processes: "
          + String.join(", ", ops.subList(0, Math.min(LISTED, ops.size())))
          + (ops.size() > LISTED ? " and " + (ops.size() - LISTED) + " more" : ""));
    }
    return problems;
  }

  /** {@code dir}'s saved_model.pb, parsed. */
  public static SavedModel read(Path dir) {
    Path pb = dir.resolve("saved_model.pb");
    try (InputStream in = Files.newInputStream(pb)) {
      return SavedModel.parseFrom(in);
    } catch (IOException e) {
      throw new BertuneException(pb + " is not a valid SavedModel: " + e.getMessage());
    }
  }

  /** The risky ops of a graph and its functions, as {@code Type 'name'}. */
  static List<String> riskyOps(MetaGraphDef meta) {
    String restore = meta.getSaverDef().getRestoreOpName();
    String saverScope = restore.contains("/") ? restore.substring(0, restore.lastIndexOf('/') + 1) : null;
    List<String> found = new ArrayList<>();
    for (NodeDef n : meta.getGraphDef().getNodeList()) {
      if (risky(n, saverScope)) {
        found.add(n.getOp() + " '" + n.getName() + "'");
      }
    }
    for (FunctionDef f : meta.getGraphDef().getLibrary().getFunctionList()) {
      for (NodeDef n : f.getNodeDefList()) {
        if (risky(n, null)) {
          found.add(n.getOp() + " '" + f.getSignature().getName() + "/" + n.getName() + "'");
        }
      }
    }
    return found;
  }

  private static boolean risky(NodeDef n, String saverScope) {
    String op = n.getOp();
    if (SAVER.contains(op)) {
      return saverScope == null || !n.getName().startsWith(saverScope);
    }
    return RISKY.contains(op) || RISKY_PARTS.stream().anyMatch(op::contains);
  }

  /**
   * Whether the variables match the graph: every variable of the graph ({@code VarHandleOp}'s shared name) has an
   * entry in {@code variables/variables.index}, and every data file holds the bytes the index records.
   *
   * @return the mismatches, empty when there are none
   */
  public static List<String> variableProblems(Path dir) {
    Path variables = dir.resolve("variables");
    VariableIndex index;
    try {
      index = VariableIndex.read(variables.resolve("variables.index"));
    } catch (IOException e) {
      return List.of("cannot read " + variables.resolve("variables.index") + ": " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (MetaGraphDef meta : read(dir).getMetaGraphsList()) {
      for (NodeDef n : meta.getGraphDef().getNodeList()) {
        if (n.getOp().equals("VarHandleOp")) {
          String shared = n.getAttrOrDefault("shared_name", null) == null ? ""
              : n.getAttrOrThrow("shared_name").getS().toStringUtf8();
          String name = shared.isEmpty() ? n.getName() : shared;
          if (!index.entries().containsKey(name)) {
            missing.add(name);
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      problems.add(missing.size() + " variable(s) of the graph are not in " + variables.resolve("variables.index")
          + ": " + String.join(", ", missing.subList(0, Math.min(LISTED, missing.size()))));
    }
    for (int shard = 0; shard < index.shards(); shard++) {
      problems.addAll(dataFileProblems(variables.resolve(index.dataFile(shard)), index.bytesNeeded(shard)));
    }
    return problems;
  }

  private static List<String> dataFileProblems(Path data, long needed) {
    try {
      long size = Files.size(data);
      return size >= needed ? List.of() : List.of(data + " is truncated: " + size + " bytes, the index records "
          + needed);
    } catch (IOException e) {
      return List.of(data + " is missing (the index records " + needed + " bytes in it)");
    }
  }
}
