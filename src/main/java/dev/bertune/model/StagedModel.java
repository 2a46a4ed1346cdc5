package dev.bertune.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * A temporary copy of a SavedModel whose graph bertune rewrote before loading it ({@link EinsumAttention}, {@link
 * FusedLayerNorm}). The SavedModel loader only reads folders, so the rewritten {@code saved_model.pb} goes into a
 * temporary folder next to links to the model's {@code variables/} and {@code assets/}; {@link #unstage} removes
 * it once the bundle is loaded (the weights are then in memory).
 *
 * @param dir the temporary folder
 * @param einsumProducts attention products rewritten as Einsum
 * @param fusedLayerNorms LayerNorms rewritten as one fused op
 */
public record StagedModel(Path dir, int einsumProducts, int fusedLayerNorms) {
  /**
   * The staged copy of the SavedModel at {@code dir} with the rewrites asked for applied to the meta graph of {@code
   * tag}, or empty when they change nothing or the copy cannot be made (then load {@code dir} itself; the latter
   * with a warning on stderr).
   */
  public static Optional<StagedModel> stage(Path dir, String tag, boolean einsum, boolean fuseLayerNorm) {
    if (!einsum && !fuseLayerNorm) {
      return Optional.empty();
    }
    try {
      SavedModel model = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
      SavedModel.Builder rewritten = model.toBuilder();
      int products = 0;
      int layerNorms = 0;
      for (int i = 0; i < model.getMetaGraphsCount(); i++) {
        MetaGraphDef meta = model.getMetaGraphs(i);
        if (!meta.getMetaInfoDef().getTagsList().contains(tag)) {
          continue;
        }
        GraphDef graph = meta.getGraphDef();
        try (Graph shapes = new Graph()) { // imported once: both rewrites keep every saved node's name and shape
          shapes.importGraphDef(graph);
          if (einsum) {
            EinsumAttention.Rewritten r = EinsumAttention.rewrite(graph, shapes);
            products += r.products();
            graph = r.graph();
          }
          if (fuseLayerNorm) {
            FusedLayerNorm.Rewritten r = FusedLayerNorm.rewrite(graph, shapes);
            layerNorms += r.layerNorms();
            graph = r.graph();
          }
        }
        rewritten.setMetaGraphs(i, meta.toBuilder().setGraphDef(graph));
      }
      if (products == 0 && layerNorms == 0) {
        return Optional.empty();
      }
      Path staged = Files.createTempDirectory("bertune-model-");
      Files.write(staged.resolve("saved_model.pb"), rewritten.build().toByteArray());
      for (String part : new String[] {"variables", "assets"}) {
        Path target = dir.resolve(part).toAbsolutePath();
        if (Files.exists(target)) {
          Files.createSymbolicLink(staged.resolve(part), target);
        }
      }
      return Optional.of(new StagedModel(staged, products, layerNorms));
    } catch (IOException | RuntimeException e) {
      // the model then loads as saved: slower, nothing else changes
      System.err.println("warning: the model loads as saved (model.einsum-attention, model.fused-layer-norm):"
          + " cannot stage " + dir + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Deletes the staged copy: the links (not what they point to) and the rewritten graph. */
  public void unstage() {
    try {
      for (String part : new String[] {"variables", "assets", "saved_model.pb"}) {
        Files.deleteIfExists(dir.resolve(part));
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
