package dev.bertune.text;

import dev.bertune.BertuneException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A BERT {@code vocab.txt}: one token per line, the id is the 0-based line number. */
public final class Vocabulary {
  private final List<String> tokens;
  private final Map<String, Integer> ids;
  private final String sha256;

  private Vocabulary(List<String> tokens, String sha256) {
    this.tokens = tokens;
    this.sha256 = sha256;
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      ids.putIfAbsent(tokens.get(i), i);
    }
  }

  /** Reads {@code vocab.txt}; it must hold [CLS], [SEP] and [UNK]. */
  public static Vocabulary load(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      Vocabulary v = new Vocabulary(lines, sha256(bytes));
      for (String required : List.of(WordPieceTokenizer.CLS, WordPieceTokenizer.SEP, WordPieceTokenizer.UNK)) {
        if (!v.contains(required)) {
          throw new BertuneException(file + ": vocabulary has no " + required + " token");
        }
      }
      return v;
    } catch (IOException e) {
      throw new BertuneException("cannot read the vocabulary " + file + ": " + e.getMessage(), e);
    }
  }

  public int size() {
    return tokens.size();
  }

  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  public int id(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException("token not in vocabulary: " + token);
    }
    return id;
  }

  public String token(int id) {
    return tokens.get(id);
  }

  /** SHA-256 of the file's bytes, hex: identifies the vocabulary in cache keys and provenance. */
  public String sha256() {
    return sha256;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
