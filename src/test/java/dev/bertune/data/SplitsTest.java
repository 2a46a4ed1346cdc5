package dev.bertune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitsTest {

    /** 300 negative and 100 positive reviews, all distinct. */
    private static List<Review> data() {
        List<Review> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            all.add(Review.of("review " + i, i % 4 == 0 ? "pos" : "neg", "mem", i + 1));
        }
        return all;
    }

    @Test
    void deterministicForASeed() {
        List<Review> all = data();
        Splits.Split a = Splits.stratified(all, 0.2, 42);
        Splits.Split b = Splits.stratified(all, 0.2, 42);
        assertEquals(a, b);
        assertNotEquals(a.held(), Splits.stratified(all, 0.2, 43).held());
    }

    @Test
    void balancedAndSized() {
        Splits.Split s = Splits.stratified(data(), 0.2, 7);
        assertEquals(Map.of("neg", 60, "pos", 20), LabelStats.of(s.held()).counts());
        assertEquals(Map.of("neg", 240, "pos", 80), LabelStats.of(s.train()).counts());
    }

    @Test
    void losesAndDuplicatesNothing() {
        List<Review> all = data();
        Splits.Split s = Splits.stratified(all, 0.35, 1);
        List<Review> joined = new ArrayList<>(s.train());
        joined.addAll(s.held());
        assertEquals(all.size(), joined.size());
        assertEquals(new HashSet<>(all), new HashSet<>(joined));
        Set<Review> train = new HashSet<>(s.train());
        assertTrue(s.held().stream().noneMatch(train::contains));
    }

    @Test
    void classesAreMixedNotBlocked() {
        List<String> labels = Splits.stratified(data(), 0.2, 3).train().stream().map(r -> r.labels().get(0)).toList();
        List<String> sorted = new ArrayList<>(labels);
        Collections.sort(sorted);
        assertNotEquals(sorted, labels);
    }

    @Test
    void tinyClassesKeepAtLeastOneOnEachSide() {
        List<Review> tiny = List.of(Review.of("a", "neg", "m", 1), Review.of("b", "neg", "m", 2),
                Review.of("c", "pos", "m", 3), Review.of("d", "pos", "m", 4), Review.of("e", "pos", "m", 5));
        Splits.Split s = Splits.stratified(tiny, 0.1, 0);
        assertEquals(Map.of("neg", 1, "pos", 1), LabelStats.of(s.held()).counts());
        assertEquals(Map.of("neg", 1, "pos", 2), LabelStats.of(s.train()).counts());
        assertEquals(0, Splits.heldCount(1, 0.5));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN})
    void fractionMustBeBetweenZeroAndOne(double f) {
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(data(), f, 1));
    }

    /** 200 multi-label reviews over 6 labels of very different frequency, some with no label. */
    private static List<Review> tagged() {
        List<Review> all = new ArrayList<>();
        java.util.Random random = new java.util.Random(5);
        String[] labels = {"a", "b", "c", "d", "e", "rare"};
        double[] rate = {0.5, 0.3, 0.2, 0.1, 0.05, 0.015};
        for (int i = 0; i < 200; i++) {
            List<String> l = new ArrayList<>();
            for (int k = 0; k < labels.length; k++) {
                if (random.nextDouble() < rate[k]) {
                    l.add(labels[k]);
                }
            }
            all.add(new Review("review " + i, l, true, "mem", i + 1));
        }
        return all;
    }

    @Test
    void iterativeSplitKeepsEveryLabelOnBothSidesAndItsShare() {
        List<Review> all = tagged();
        LabelStats total = LabelStats.of(all);
        assertTrue(total.count("rare") >= 2 && total.count("rare") <= 6, "fixture: a rare label " + total);
        Splits.Split s = Splits.iterative(all, 0.2, 11);
        assertEquals(s, Splits.iterative(all, 0.2, 11), "deterministic for a seed");
        assertEquals(all.size(), s.train().size() + s.held().size());
        assertEquals(new HashSet<>(all), new HashSet<>(concat(s.train(), s.held())), "nothing lost or doubled");
        assertEquals(40, s.held().size(), 3, "about 20% held out");
        LabelStats held = LabelStats.of(s.held());
        LabelStats train = LabelStats.of(s.train());
        for (String label : total.counts().keySet()) {
            assertTrue(held.count(label) > 0 && train.count(label) > 0, label + " on both sides: " + s.summary());
            assertEquals(0.2 * total.count(label), held.count(label), Math.max(1.5, 0.1 * total.count(label)),
                    label + " keeps its share");
        }
        assertTrue(s.summary().contains("6 of them in both parts"), s.summary());
    }

    @Test
    void iterativeSplitMovesAReviewWhenALabelWouldBeMissing() {
        // two reviews with label x, both also with the most common label: x must end up on both sides
        List<Review> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(new Review("r" + i, i < 2 ? List.of("common", "x") : List.of("common"), true, "m", i + 1));
        }
        Splits.Split s = Splits.iterative(all, 0.1, 3);
        assertTrue(LabelStats.of(s.held()).count("x") == 1 && LabelStats.of(s.train()).count("x") == 1, s.summary());
    }

    private static List<Review> concat(List<Review> a, List<Review> b) {
        List<Review> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
