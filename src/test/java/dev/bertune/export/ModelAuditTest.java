package dev.bertune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.bertune.testing.Captured;
import dev.bertune.testing.TinyRun;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Untrusted exports: a plain bertune export passes; one with an op that reads files, or without provenance, is
 * refused by predict, evaluate, inspect and serve unless --trust-model; inspect finds variables that do not match
 * the graph.
 */
class ModelAuditTest {
  @TempDir static Path dir;
  static TinyRun tiny;
  static Path export;

  @BeforeAll
  static void setUp() throws IOException {
    tiny = TinyRun.create(dir);
    export = tiny.export("audited");
  }

  /** A copy of the export as {@code <name>/1}. */
  static Path copy(String name) throws IOException {
    Path target = dir.resolve("copies").resolve(name).resolve("1");
    try (Stream<Path> files = Files.walk(export)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(export.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  /** Adds {@code nodes} to the graph of the export in {@code version}. */
  static void addNodes(Path version, NodeDef... nodes) throws IOException {
    SavedModel model = ModelAudit.read(version);
    SavedModel.Builder b = model.toBuilder();
    MetaGraphDef.Builder meta = b.getMetaGraphsBuilder(0);
    for (NodeDef n : nodes) {
      meta.getGraphDefBuilder().addNode(n);
    }
    try (OutputStream out = Files.newOutputStream(version.resolve("saved_model.pb"))) {
      b.build().writeTo(out);
    }
  }

  static NodeDef stringConst(String name, String value) {
    TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
        .setTensorShape(TensorShapeProto.getDefaultInstance()).addStringVal(ByteString.copyFromUtf8(value)).build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
  }

  /** An export that reads /etc/hostname when its op {@code exfiltrate} runs. */
  static Path withReadFile() throws IOException {
    Path version = copy("with-read-file");
    addNodes(version, stringConst("exfiltrate/filename", "/etc/hostname"),
        NodeDef.newBuilder().setName("exfiltrate").setOp("ReadFile").addInput("exfiltrate/filename").build());
    return version;
  }

  static void assertRefused(Captured r, String... expected) {
    assertEquals(2, r.status(), r.err() + r.out());
    assertTrue(r.err().startsWith("error: refusing to load"), r.err());
    assertTrue(r.err().contains("--trust-model"), r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), "no '" + e + "' in " + r.err());
    }
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void aPlainExportPasses() {
    assertEquals(List.of(), ModelAudit.problems(export));
    assertEquals(List.of(), ModelAudit.variableProblems(export));
    Captured inspect = Captured.run("inspect", export.toString());
    assertEquals(0, inspect.status(), inspect.err());
    Captured predict = Captured.run("great film", List.of("predict", "--model", export.toString()));
    assertEquals(0, predict.status(), predict.err());
  }

  @Test
  void anExportThatReadsFilesIsRefusedUnlessTrusted() throws IOException {
    Path version = withReadFile();
    assertRefused(Captured.run("great film", List.of("predict", "--model", version.toString())),
        "ReadFile 'exfiltrate'", "touch files or processes");
    assertRefused(Captured.run("evaluate", "--model", version.toString(), "--data", tiny.test.toString()),
        "ReadFile 'exfiltrate'");
    assertRefused(Captured.run("inspect", version.toString()), "ReadFile 'exfiltrate'");
    assertRefused(Captured.run("embed", "--model", version.toString(), "--input", tiny.test.toString(), "--format",
        "tsv", "--output", tiny.root.resolve("embedded").toString()), "ReadFile 'exfiltrate'");
    assertFalse(java.nio.file.Files.exists(tiny.root.resolve("embedded")), "embed wrote nothing");
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertRefused(
        Captured.run("serve", "--model", version.toString(), "--port", "0"), "ReadFile 'exfiltrate'"));
    Captured trusted = Captured.run("great film", List.of("predict", "--model", version.toString(),
        "--trust-model"));
    assertEquals(0, trusted.status(), trusted.err());
    assertEquals(Captured.run("great film", List.of("predict", "--model", export.toString())).out(), trusted.out());
    assertEquals(0, Captured.run("inspect", version.toString(), "--trust-model").status());
  }

  @Test
  void anExportWithoutProvenanceIsRefused() throws IOException {
    Path version = copy("no-provenance");
    Files.delete(version.resolve("assets.extra").resolve("provenance.json"));
    assertRefused(Captured.run("great film", List.of("predict", "--model", version.toString())),
        "no bertune provenance");
    assertEquals(0, Captured.run("great film", List.of("predict", "--model", version.toString(), "--trust-model"))
        .status());
  }

  @Test
  void checkpointOpsAreFineOnlyInTheSaverScope() {
    MetaGraphDef.Builder meta = MetaGraphDef.newBuilder()
        .setSaverDef(SaverDef.newBuilder().setRestoreOpName("save/restore_all"));
    meta.getGraphDefBuilder().addNode(NodeDef.newBuilder().setName("save/SaveV2").setOp("SaveV2"))
        .addNode(NodeDef.newBuilder().setName("save/RestoreV2").setOp("RestoreV2"))
        .addNode(NodeDef.newBuilder().setName("elsewhere/SaveV2").setOp("SaveV2"))
        .addNode(NodeDef.newBuilder().setName("run").setOp("ShellExecute"))
        .addNode(NodeDef.newBuilder().setName("dense/MatMul").setOp("MatMul"));
    assertEquals(List.of("SaveV2 'elsewhere/SaveV2'", "ShellExecute 'run'"), ModelAudit.riskyOps(meta.build()));
  }

  @Test
  void inspectFindsATruncatedDataFile() throws IOException {
    Path version = copy("truncated");
    Path data = version.resolve("variables").resolve("variables.data-00000-of-00001");
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    Captured r = Captured.run("inspect", version.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(data + " is truncated"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void inspectFindsAVariableMissingFromTheIndex() throws IOException {
    Path version = copy("ghost-variable");
    addNodes(version, NodeDef.newBuilder().setName("ghost").setOp("VarHandleOp")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("shape", AttrValue.newBuilder().setShape(TensorShapeProto.getDefaultInstance()).build())
        .putAttr("shared_name", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("ghost")).build())
        .putAttr("container", AttrValue.newBuilder().setS(ByteString.EMPTY).build()).build());
    Captured r = Captured.run("inspect", version.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("not in " + version.resolve("variables").resolve("variables.index") + ": ghost"),
        r.err());
  }
}
