package dev.bertune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelStatsTest {

    @Test
    void countsAndDescribesSingleLabels() {
        LabelStats s = LabelStats.of(List.of(Review.of("a", "pos", "m", 1), Review.of("b", "neg", "m", 2),
                Review.of("c", "pos", "m", 3)));
        assertEquals(Map.of("neg", 1, "pos", 2), s.counts());
        assertEquals(3, s.reviews());
        assertEquals("train: 3 reviews (pos 2, neg 1)", s.describe("train"));
        assertArrayEquals(new long[] {2, 1, 0}, s.counts(List.of("pos", "neg", "other")));
    }

    @Test
    void countsLabelSetsAndEmptyOnes() {
        LabelStats s = LabelStats.of(List.of(
                new Review("a", List.of("acting", "music"), true, "m", 1),
                new Review("b", List.of(), true, "m", 2),
                new Review("c", List.of("music"), false, "m", 3)));
        assertEquals(Map.of("acting", 1, "music", 2), s.counts());
        assertEquals(1, s.unlabelled());
        assertEquals("held: 3 reviews (music 2, acting 1, no label 1)", s.describe("held"));
    }
}
