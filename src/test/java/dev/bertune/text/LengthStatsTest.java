package dev.bertune.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code tokenizer.max-length = auto} on known length distributions, and the cut report. */
class LengthStatsTest {

  @Test
  void autoTakesTheSmallestMultipleOf32CoveringNinetyFivePercent() {
    LengthStats oneToHundred = LengthStats.of(IntStream.rangeClosed(1, 100).toArray());
    assertEquals(95, oneToHundred.quantile(0.95), "nearest rank: 95 of 100 texts are at most 95 long");
    assertEquals(50, oneToHundred.quantile(0.5));
    assertEquals(96, oneToHundred.chooseMaxLength(512), "95 rounds up to 96");
    assertEquals("min 1, median 50, p95 95, max 100", oneToHundred.describe());

    assertEquals(32, LengthStats.of(new int[] {5, 9, 12}).chooseMaxLength(512), "short texts: 32 at least");
    assertEquals(64, LengthStats.of(new int[] {33, 40, 64, 64}).chooseMaxLength(512), "64 exactly stays 64");
    int[] long_ = IntStream.range(0, 40).map(i -> 700 + i).toArray();
    assertEquals(512, LengthStats.of(long_).chooseMaxLength(512), "capped by the position embeddings");
    // 19 short texts and one long: the long one is the 5% auto lets go
    int[] mostlyShort = IntStream.range(0, 20).map(i -> i < 19 ? 20 : 300).toArray();
    assertEquals(32, LengthStats.of(mostlyShort).chooseMaxLength(512));
  }

  @Test
  void theCutReportCountsTextsAndLostPieces() {
    // lengths include [CLS] and [SEP]: at max 10, the 12 loses 2 of its 10 pieces and the 20 loses 10 of 18
    LengthStats s = LengthStats.of(new int[] {20, 4, 12, 8});
    assertEquals("train: 2 of 4 texts (50.0%) are longer than 10 WordPieces and were cut, losing 43% of their pieces"
        + " (12 of 28)", s.describeCuts("train", 10));
    assertEquals("train: no text is longer than 20 WordPieces; none was cut", s.describeCuts("train", 20));
  }
}
