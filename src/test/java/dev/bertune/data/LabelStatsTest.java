package dev.bertune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelStatsTest {

    @Test
    void countsAndDescribes() {
        LabelStats s = LabelStats.of(List.of(new Review("a", 1, "m", 1), new Review("b", 0, "m", 2),
                new Review("c", 1, "m", 3)));
        assertEquals(new LabelStats(1, 2), s);
        assertEquals(3, s.total());
        assertEquals("train: 3 reviews (2 pos / 1 neg)", s.describe("train"));
        assertEquals("held: 1 review (0 pos / 1 neg)", new LabelStats(1, 0).describe("held"));
    }
}
