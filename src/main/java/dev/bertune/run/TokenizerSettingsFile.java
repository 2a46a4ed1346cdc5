package dev.bertune.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bertune.BertuneException;
import dev.bertune.text.LongText;
import dev.bertune.text.TextWindows;
import dev.bertune.text.Truncation;
import dev.bertune.text.WordPieceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code assets.extra/tokenizer-config.json} of an export: how texts must be tokenized for it
 * ({@code max_length}, {@code truncation}, {@code lower_case}; {@code long_text}, {@code stride}, {@code
 * max_windows}: one window per text or several, truncate when absent, as in exports from before windows; and {@code
 * text_pair}: whether it takes text pairs, {@code [CLS] a [SEP] b [SEP]}, false when absent), next to {@code
 * vocab.txt} and {@code tokenizer.json}.
 */
public final class TokenizerSettingsFile {
  public static final String NAME = "tokenizer-config.json";

  private TokenizerSettingsFile() {}

  /** The settings; {@code textPair}: the model takes text pairs. */
  public record Settings(int maxLength, Truncation truncation, boolean lowerCase, TextWindows windows,
      boolean textPair) {}

  /** The content of the file for {@code tokenizer}, how it reads long texts, and whether it takes text pairs. */
  public static String json(WordPieceTokenizer tokenizer, TextWindows windows, boolean textPair) {
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("max_length", tokenizer.maxLength());
    node.put("truncation", tokenizer.truncation().configName());
    node.put("lower_case", tokenizer.lowerCase());
    node.put("long_text", windows.mode().configName());
    node.put("stride", windows.stride());
    node.put("max_windows", windows.maxWindows());
    node.put("cls_token", WordPieceTokenizer.CLS);
    node.put("sep_token", WordPieceTokenizer.SEP);
    node.put("text_pair", textPair);
    return node.toPrettyString() + "\n";
  }

  /** Reads the settings of an export folder. */
  public static Settings read(Path exportDir) {
    Path file = exportDir.resolve("assets.extra").resolve(NAME);
    try {
      JsonNode n = new ObjectMapper().readTree(file.toFile());
      TextWindows windows = n.has("long_text")
          ? new TextWindows(LongText.parse(n.get("long_text").asText(), file + ": long_text"), n.get("stride").asInt(),
              n.get("max_windows").asInt())
          : TextWindows.TRUNCATE;
      return new Settings(n.get("max_length").asInt(), Truncation.parse(n.get("truncation").asText(), file.toString()),
          n.get("lower_case").asBoolean(), windows, n.path("text_pair").asBoolean(false));
    } catch (IOException | NullPointerException | BertuneException e) {
      throw new BertuneException(file + " is missing or invalid (is " + exportDir + " a bertune export?)");
    }
  }
}
