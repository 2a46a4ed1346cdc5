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
}
