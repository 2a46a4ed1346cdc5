package dev.bertune.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Small synthetic data: example i has the unique token 1000 + i at position 1. */
final class TestData {
  private TestData() {}

  static final int ID_BASE = 1000;

  /** Example with unique id token {@code 1000 + id} and the given total length (>= 3). */
  static TokenizedExample example(int id, int length) {
    int[] ids = new int[length];
    int[] seg = new int[length];
    ids[0] = 101; // [CLS]
    ids[1] = ID_BASE + id;
    for (int j = 2; j < length - 1; j++) {
      ids[j] = 2000 + (id * 31 + j * 7) % 5000;
      seg[j] = j >= length / 2 ? 1 : 0;
    }
    ids[length - 1] = 102; // [SEP]
    seg[length - 1] = 1;
    return new TokenizedExample(ids, seg, new float[] {id % 3 == 0 ? 1 : 0, id % 2 == 0 ? 1 : 0}); // K = 2
  }

  /** {@code n} examples of mixed lengths in [3, 40]. */
  static List<TokenizedExample> mixed(int n) {
    List<TokenizedExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(example(i, 3 + (i * 17) % 38));
    }
    return out;
  }

  static int idOf(TokenizedExample ex) {
    return ex.inputId(1) - ID_BASE;
  }
}
