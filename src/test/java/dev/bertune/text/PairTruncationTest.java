package dev.bertune.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PairTruncationTest {
  @Test
  void firstLongerLosesUntilEvenThenBothAlternate() {
    assertArrayEquals(new int[] {6, 2}, PairTruncation.longestFirst(10, 2, 8)); // only a loses
    assertArrayEquals(new int[] {3, 3}, PairTruncation.longestFirst(10, 4, 6)); // a to 4, then b, a
    assertArrayEquals(new int[] {3, 2}, PairTruncation.longestFirst(10, 4, 5));
  }

  @Test
  void secondLongerLosesUntilEvenThenBothAlternate() {
    assertArrayEquals(new int[] {2, 6}, PairTruncation.longestFirst(2, 10, 8));
    assertArrayEquals(new int[] {3, 3}, PairTruncation.longestFirst(4, 10, 6));
    assertArrayEquals(new int[] {3, 2}, PairTruncation.longestFirst(4, 10, 5));
  }

  @Test
  void equalLengthsLoseFromTheSecondFirst() {
    assertArrayEquals(new int[] {5, 4}, PairTruncation.longestFirst(5, 5, 9));
    assertArrayEquals(new int[] {4, 4}, PairTruncation.longestFirst(5, 5, 8));
    assertArrayEquals(new int[] {0, 0}, PairTruncation.longestFirst(5, 5, 0));
  }

  @Test
  void oneAlreadyShortKeepsAllOfIt() {
    assertArrayEquals(new int[] {1, 7}, PairTruncation.longestFirst(1, 50, 8));
    assertArrayEquals(new int[] {7, 0}, PairTruncation.longestFirst(50, 0, 7));
  }

  @Test
  void atOrUnderTheLimitNothingGoes() {
    assertArrayEquals(new int[] {4, 4}, PairTruncation.longestFirst(4, 4, 8));
    assertArrayEquals(new int[] {3, 2}, PairTruncation.longestFirst(3, 2, 8));
    assertArrayEquals(new int[] {0, 0}, PairTruncation.longestFirst(0, 0, 0));
  }

  @Test
  void equalsRemovingOnePieceAtATimeFromTheLonger() {
    for (int a = 0; a <= 12; a++) {
      for (int b = 0; b <= 12; b++) {
        for (int budget = 0; budget <= 26; budget++) {
          int x = a;
          int y = b;
          while (x + y > budget) {
            if (x > y) {
              x--;
            } else {
              y--;
            }
          }
          assertArrayEquals(new int[] {x, y}, PairTruncation.longestFirst(a, b, budget), a + "," + b + "," + budget);
        }
      }
    }
  }

  @Test
  void negativeInputsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PairTruncation.longestFirst(-1, 2, 3));
  }
}
