package dev.bertune.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.pipeline.TokenCache.CacheKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCacheTest {

  @TempDir Path root;

  private final AtomicInteger calls = new AtomicInteger();
  private final List<TokenizedExample> data = TestData.mixed(20);
  private final Supplier<List<TokenizedExample>> tokenize =
      () -> {
        calls.incrementAndGet();
        return data;
      };

  private static CacheKey key() {
    return CacheKey.of("review text\t1\n", "[PAD]\n[UNK]\n", 64, "head+tail", true);
  }

  @Test
  void missThenHitWithSameKey() throws IOException {
    TokenCache cache = new TokenCache(root);
    TokenCache.Entry first = cache.getOrCreate(key(), tokenize, 8);
    assertFalse(first.hit());
    assertEquals(1, calls.get());
    assertEquals(root.resolve(key().digest()), first.folder());
    assertEquals(20, first.totalExamples());
    assertEquals(data.stream().mapToLong(TokenizedExample::length).sum(), first.realTokens());

    TokenCache.Entry second = new TokenCache(root).getOrCreate(key(), tokenize, 8);
    assertTrue(second.hit());
    assertEquals(1, calls.get(), "a hit must not tokenize again");
    assertEquals(first.buckets(), second.buckets());
    assertEquals(data, second.readExamples(), "all.tfrecord keeps the original order");
    assertNoLeftovers();
  }

  @Test
  void bucketsHoldLengthsInHalfOpenRanges() throws IOException {
    List<TokenizedExample> exs =
        List.of(TestData.example(0, 8), TestData.example(1, 9), TestData.example(2, 3),
            TestData.example(3, 16), TestData.example(4, 17), TestData.example(5, 40));
    TokenCache.Entry e = new TokenCache(root).getOrCreate(key(), () -> exs, 8);
    int total = 0;
    for (TokenCache.BucketFile bf : e.buckets()) {
      List<TokenizedExample> in = TFRecordFiles.read(bf.file());
      assertEquals(bf.examples(), in.size());
      for (TokenizedExample ex : in) {
        assertTrue(ex.length() > bf.bucket() * 8 && ex.length() <= (bf.bucket() + 1) * 8,
            "length " + ex.length() + " in bucket " + bf.bucket());
      }
      total += in.size();
    }
    assertEquals(List.of(0, 1, 2, 4), e.buckets().stream().map(TokenCache.BucketFile::bucket).toList());
    assertEquals(6, total);
  }

  @Test
  void everyKeyPartNamesANewEntry() throws IOException {
    CacheKey base = key();
    List<CacheKey> variants =
        List.of(
            base,
            CacheKey.of("review text\t0\n", "[PAD]\n[UNK]\n", 64, "head+tail", true),
            CacheKey.of("review text\t1\n", "[PAD]\n[UNK]\n[CLS]\n", 64, "head+tail", true),
            CacheKey.of("review text\t1\n", "[PAD]\n[UNK]\n", 128, "head+tail", true),
            CacheKey.of("review text\t1\n", "[PAD]\n[UNK]\n", 64, "head", true),
            CacheKey.of("review text\t1\n", "[PAD]\n[UNK]\n", 64, "head+tail", false),
            new CacheKey(base.dataSha256(), base.vocabSha256(), 64, "head+tail", true,
                TokenCache.FORMAT_VERSION + 1));
    TokenCache cache = new TokenCache(root);
    Set<Path> folders = new HashSet<>();
    for (CacheKey k : variants) {
      TokenCache.Entry e = cache.getOrCreate(k, tokenize, 8);
      assertFalse(e.hit(), "variant " + k + " must be a miss");
      folders.add(e.folder());
    }
    assertEquals(variants.size(), folders.size());
    assertEquals(variants.size(), calls.get());
    assertTrue(cache.getOrCreate(variants.get(3), tokenize, 8).hit());
  }

  @Test
  void corruptedBucketFileIsDetectedAndRebuilt() throws IOException {
    TokenCache cache = new TokenCache(root);
    TokenCache.Entry e = cache.getOrCreate(key(), tokenize, 8);
    Path victim = e.buckets().get(1).file();
    byte[] b = Files.readAllBytes(victim);
    b[b.length - 3] ^= 0x40; // same size, different content
    Files.write(victim, b);

    TokenCache.Entry rebuilt = cache.getOrCreate(key(), tokenize, 8);
    assertFalse(rebuilt.hit());
    assertEquals(2, calls.get());
    assertEquals(data, rebuilt.readExamples());
    TFRecordFiles.verify(victim);
    assertTrue(cache.getOrCreate(key(), tokenize, 8).hit());
    assertNoLeftovers();
  }

  @Test
  void truncatedOrderFileIsDetectedAndRebuilt() throws IOException {
    TokenCache cache = new TokenCache(root);
    TokenCache.Entry e = cache.getOrCreate(key(), tokenize, 8);
    byte[] b = Files.readAllBytes(e.allFile());
    Files.write(e.allFile(), java.util.Arrays.copyOf(b, b.length - 10));
    assertFalse(cache.getOrCreate(key(), tokenize, 8).hit());
    assertEquals(data, cache.getOrCreate(key(), tokenize, 8).readExamples());
  }

  @Test
  void missingManifestMeansHalfWrittenAndIsRebuilt() throws IOException {
    TokenCache cache = new TokenCache(root);
    TokenCache.Entry e = cache.getOrCreate(key(), tokenize, 8);
    Files.delete(e.folder().resolve(TokenCache.MANIFEST));
    TokenCache.Entry rebuilt = cache.getOrCreate(key(), tokenize, 8);
    assertFalse(rebuilt.hit());
    assertEquals(2, calls.get());
    assertTrue(Files.isRegularFile(rebuilt.folder().resolve(TokenCache.MANIFEST)));
    assertTrue(cache.getOrCreate(key(), tokenize, 8).hit());
  }

  @Test
  void missingBucketFileIsRebuilt() throws IOException {
    TokenCache cache = new TokenCache(root);
    TokenCache.Entry e = cache.getOrCreate(key(), tokenize, 8);
    Files.delete(e.buckets().get(0).file());
    assertFalse(cache.getOrCreate(key(), tokenize, 8).hit());
  }

  @Test
  void otherBucketWidthRebuilds() throws IOException {
    TokenCache cache = new TokenCache(root);
    TokenCache.Entry e8 = cache.getOrCreate(key(), tokenize, 8);
    TokenCache.Entry e64 = cache.getOrCreate(key(), tokenize, 64);
    assertFalse(e64.hit());
    assertEquals(64, e64.bucketWidth());
    assertEquals(1, e64.buckets().size());
    assertNotEquals(e8.buckets().size(), e64.buckets().size());
  }

  @Test
  void tokenizeFailureLeavesNoEntry() {
    TokenCache cache = new TokenCache(root);
    List<TokenizedExample> tooLong = new ArrayList<>(data);
    tooLong.add(TestData.example(99, 65)); // > maxLength 64
    assertThrows(IllegalArgumentException.class, () -> cache.getOrCreate(key(), () -> tooLong, 8));
    assertFalse(Files.exists(root.resolve(key().digest())));
    assertNoLeftovers();
  }

  private void assertNoLeftovers() {
    try (Stream<Path> s = Files.list(root)) {
      List<String> hidden =
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
      assertEquals(List.of(), hidden, "temp/trash folders left behind");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
