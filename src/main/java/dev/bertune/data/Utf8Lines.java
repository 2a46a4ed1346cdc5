package dev.bertune.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into numbered lines ({@code \n} or {@code \r\n}) and decodes each as strict
 * UTF-8, so one bad line can be reported (or skipped) without losing the rest of the file.
 */
final class Utf8Lines implements Closeable {

    /** One line without its terminator; {@code error} is non-null when it was not valid UTF-8. */
    record Line(long number, String text, String error) {
        boolean isBlank() {
            return error == null && text.isBlank();
        }
    }

    private final InputStream in;
    private final Utf8 utf8 = new Utf8();
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int len;
    private long number;

    Utf8Lines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        len = 0;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int start = pos;
            while (pos < limit && chunk[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < limit) {
                pos++; // the '\n'
                break;
            }
        }
        return decodeLine();
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private void append(int from, int count) {
        if (len + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, len + count));
        }
        System.arraycopy(chunk, from, line, len, count);
        len += count;
    }

    private Line decodeLine() {
        number++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        Utf8.Decoded d = utf8.decode(line, len, "line");
        String text = number == 1 ? Utf8.stripBom(d.text()) : d.text();
        return new Line(number, text, d.error());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
