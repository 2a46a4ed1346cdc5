package dev.bertune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bertune.BertuneException;
import org.junit.jupiter.api.Test;

class DataOptionsTest {

    @Test
    void defaults() {
        assertEquals(new DataOptions("text", "label", OnInvalid.FAIL), DataOptions.defaults());
    }

    @Test
    void rejectsBlankOrEqualColumnNames() {
        assertThrows(BertuneException.class, () -> new DataOptions(" ", "label", OnInvalid.FAIL));
        assertThrows(BertuneException.class, () -> new DataOptions("text", "TEXT", OnInvalid.FAIL));
        assertEquals("review", new DataOptions(" review ", "label", OnInvalid.SKIP).textColumn());
    }

    @Test
    void parsesOnInvalid() {
        assertEquals(OnInvalid.SKIP, OnInvalid.parse(" Skip "));
        assertEquals(OnInvalid.FAIL, OnInvalid.parse("fail"));
        BertuneException e = assertThrows(BertuneException.class, () -> OnInvalid.parse("ignore"));
        assertEquals("invalid value 'ignore' for on-invalid; expected one of [fail, skip]", e.getMessage());
    }
}
