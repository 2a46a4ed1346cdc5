package dev.bertune.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bertune.BertuneException;
import dev.bertune.text.Truncation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void referenceDefaultsLoad() {
    BertuneConfig c = ConfigLoader.load(Optional.empty(), List.of());
    assertEquals(FineTuneMode.FROZEN, c.train().mode());
    assertEquals(128, c.tokenizer().maxLength());
    assertEquals(Truncation.HEAD_TAIL, c.tokenizer().truncation());
    assertTrue(c.data().validation().isEmpty());
  }

  @Test
  void shippedExperimentFilesLoadAndDiffer() {
    BertuneConfig full = ConfigLoader.load(Optional.of(Path.of("config/full.conf")), List.of());
    BertuneConfig frozen = ConfigLoader.load(Optional.of(Path.of("config/frozen.conf")), List.of());
    ConfigLoader.load(Optional.of(Path.of("config/application.conf")), List.of());
    assertEquals(FineTuneMode.FULL, full.train().mode());
    assertEquals(FineTuneMode.FROZEN, frozen.train().mode());
  }

  @Test
  void setOverridesTheFile() throws Exception {
    Path f = dir.resolve("x.conf");
    Files.writeString(f, "train { epochs = 5, mode = full }\n");
    BertuneConfig c = ConfigLoader.load(Optional.of(f), List.of("train.epochs=2"));
    assertEquals(2, c.train().epochs());
    assertEquals(FineTuneMode.FULL, c.train().mode());
  }

  @Test
  void unknownKeyInFileNamesFileLineAndNearestKey() throws Exception {
    Path f = dir.resolve("typo.conf");
    Files.writeString(f, "train {\n  batch-sise = 8\n}\n");
    BertuneException e = assertThrows(BertuneException.class, () -> ConfigLoader.load(Optional.of(f), List.of()));
    assertTrue(e.getMessage().contains("'train.batch-sise'"), e.getMessage());
    assertTrue(e.getMessage().contains("typo.conf:2"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'train.batch-size'"), e.getMessage());
  }

  @Test
  void wrongTypeAndOutOfRangeNameTheKey() {
    BertuneException type = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.empty(), List.of("train.epochs=many")));
    assertTrue(type.getMessage().contains("train.epochs"), type.getMessage());
    BertuneException range = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.empty(), List.of("tokenizer.max-length=1000")));
    assertTrue(range.getMessage().contains("tokenizer.max-length") && range.getMessage().contains("3 to 512"),
        range.getMessage());
    BertuneException value = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.empty(), List.of("tokenizer.truncation=middle")));
    assertTrue(value.getMessage().contains("head, tail, head-tail"), value.getMessage());
  }

  @Test
  void missingConfigFileIsAnError() {
    BertuneException e = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.of(dir.resolve("none.conf")), List.of()));
    assertTrue(e.getMessage().contains("none.conf"));
  }

  @Test
  void runtimePrecisionAndXla() {
    BertuneConfig c = ConfigLoader.load(Optional.empty(), List.of("runtime.precision=BF16", "runtime.xla=yes"));
    assertEquals(Precision.BF16, c.runtime().precision());
    assertTrue(c.runtime().xla());
    BertuneException e = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.empty(), List.of("runtime.precision=fp16")));
    assertEquals("config key 'runtime.precision' = 'fp16' is not valid; accepted values: fp32, bf16", e.getMessage());
    BertuneException xla = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.empty(), List.of("runtime.xla=maybe")));
    assertTrue(xla.getMessage().contains("runtime.xla"), xla.getMessage());
  }

  @Test
  void maxLengthIsANumberOrAuto() {
    BertuneConfig auto = ConfigLoader.load(Optional.empty(), List.of("tokenizer.max-length=auto"));
    assertTrue(auto.tokenizer().autoLength());
    assertEquals(512, auto.tokenizer().maxLength(), "auto chooses at most 512");
    assertFalse(ConfigLoader.load(Optional.empty(), List.of("tokenizer.max-length=256")).tokenizer().autoLength());
    BertuneException word = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.empty(), List.of("tokenizer.max-length=big")));
    assertTrue(word.getMessage().contains("accepted: an integer 3 to 512, or auto"), word.getMessage());
    BertuneException range = assertThrows(BertuneException.class,
        () -> ConfigLoader.load(Optional.empty(), List.of("tokenizer.max-length=600")));
    assertTrue(range.getMessage().contains("out of range"), range.getMessage());
  }
}
