package dev.bertune.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding that says where the first invalid byte is. */
final class Utf8 {

    /** Decoded text; {@code error} is null when the bytes were valid, else text has replacement characters. */
    record Decoded(String text, String error) {
    }

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Decodes {@code len} bytes of {@code bytes}; {@code unit} names what the offset counts in ("line", "file"). */
    Decoded decode(byte[] bytes, int len, String unit) {
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, len);
        CharBuffer out = CharBuffer.allocate(len); // UTF-8 never yields more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            String error = String.format("invalid UTF-8 byte 0x%02X at byte %d of the %s (the data must be UTF-8 encoded)",
                    bytes[at] & 0xff, at + 1, unit);
            return new Decoded(new String(bytes, 0, len, StandardCharsets.UTF_8), error);
        }
        return new Decoded(out.flip().toString(), null);
    }

    /** Removes a leading byte-order mark. */
    static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
