package dev.bertune;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bertune's own version, for provenance and {@code --version}: from the {@code pom.properties} that Maven's jar
 * packaging writes into the jar (the shaded jar keeps it), or, when running from {@code target/classes} (tests, an
 * IDE), from the project's {@code pom.xml} two folders up; {@code "unknown"} when neither is there.
 */
public final class BertuneVersion {
  static final String POM_PROPERTIES = "META-INF/maven/dev.bertune/bertune/pom.properties";
  private static final Pattern POM_VERSION =
      Pattern.compile("<artifactId>bertune</artifactId>\\s*<version>([^<]+)</version>");

  private BertuneVersion() {}

  /** This build's version. */
  public static String get() {
    return fromJar(BertuneVersion.class.getClassLoader())
        .or(() -> codeSource().flatMap(BertuneVersion::fromSourceTree))
        .orElse("unknown");
  }

  /** The version in {@code pom.properties} as {@code loader} finds it. */
  static Optional<String> fromJar(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties p = new Properties();
      p.load(in);
      return Optional.ofNullable(p.getProperty("version"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The version in {@code classes/../../pom.xml} when {@code classes} is a Maven output folder. */
  static Optional<String> fromSourceTree(Path classes) {
    Path pom = classes.toAbsolutePath().normalize().resolve("../../pom.xml").normalize();
    if (!Files.isDirectory(classes) || !Files.isRegularFile(pom)) {
      return Optional.empty();
    }
    try {
      Matcher m = POM_VERSION.matcher(Files.readString(pom));
      return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> codeSource() {
    try {
      return Optional.of(Path.of(BertuneVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
