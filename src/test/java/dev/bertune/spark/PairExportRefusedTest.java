package dev.bertune.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import dev.bertune.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score} and {@code embed} do not take text pairs yet: an export of pairs is refused on the driver. */
class PairExportRefusedTest {
  @TempDir Path dir;

  @Test
  void aPairExportIsRefusedBeforeAnyJobRuns() throws Exception {
    Path export = TinyRun.create(dir).export("single", "train.epochs=1");
    assertTrue(ModelRef.of(null, export.toString(), true, false).isExport(), "a single-text export is taken");
    Path settings = export.resolve("assets.extra/tokenizer-config.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode node = (ObjectNode) json.readTree(settings.toFile());
    node.put("text_pair", true);
    Files.writeString(settings, node.toString());
    BertuneException score = assertThrows(BertuneException.class,
        () -> ModelRef.of(null, export.toString(), true, false));
    assertTrue(score.getMessage().contains("takes text pairs (trained with data.text-pair-column): score does not"
        + " take text pairs yet"), score.getMessage());
    BertuneException embed = assertThrows(BertuneException.class,
        () -> ModelRef.of(null, export.toString(), false, false));
    assertTrue(embed.getMessage().contains("embed does not take text pairs yet"), embed.getMessage());
  }
}
