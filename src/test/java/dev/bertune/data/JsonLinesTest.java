package dev.bertune.data;

import static dev.bertune.data.TestFiles.read;
import static dev.bertune.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {

    @TempDir
    Path dir;

    @Test
    void readsObjectsWithNumericAndStringLabels() {
        Path f = write(dir, "train.jsonl", """
                {"text": "Great \\"fun\\", truly.\\nYes.", "label": 1}
                {"label": "NEG", "text": "Awful.", "id": 3}

                {"text": "Fine.", "label": " positive "}
                {"text": "Meh.", "label": 0.0}
                """);
        List<Review> r = read(f).reviews();
        assertEquals(List.of(
                Review.of("Great \"fun\", truly.\nYes.", "1", f.toString(), 1),
                Review.of("Awful.", "NEG", f.toString(), 2),
                Review.of("Fine.", "positive", f.toString(), 4),
                Review.of("Meh.", "0", f.toString(), 5)), r);
    }

    @Test
    void jsonExtensionAndCustomKeys() {
        Path f = write(dir, "data.json", "{\"review\": \"Loved it\", \"sentiment\": \"pos\"}\n");
        DataOptions o = DataOptions.defaults().withColumns("review", "sentiment");
        assertEquals(DataSource.Format.JSONL, DataSource.of(f).format());
        assertEquals(List.of(Review.of("Loved it", "pos", f.toString(), 1)), read(f, o).reviews());
    }
}
