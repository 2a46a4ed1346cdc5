package dev.bertune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "pos", "POS", " Positive ", "positive\t"})
    void positiveSpellings(String s) {
        assertEquals(OptionalInt.of(1), Labels.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "neg", "Neg", " NEGATIVE", "negative"})
    void negativeSpellings(String s) {
        assertEquals(OptionalInt.of(0), Labels.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2", "-1", "1.0", "true", "good", "positives", "po"})
    void otherSpellingsAreRejected(String s) {
        assertTrue(Labels.parse(s).isEmpty());
    }
}
