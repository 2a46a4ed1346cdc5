package dev.bertune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version comes from the jar's pom.properties, else from the source tree's pom.xml. */
class BertuneVersionTest {
  @TempDir Path dir;

  @Test
  void readsTheJarsPomProperties() throws Exception {
    Path props = dir.resolve("jar").resolve(BertuneVersion.POM_PROPERTIES);
    Files.createDirectories(props.getParent());
    Files.writeString(props, "artifactId=bertune\ngroupId=dev.bertune\nversion=9.8.7\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("jar").toUri().toURL()}, null)) {
      assertEquals(Optional.of("9.8.7"), BertuneVersion.fromJar(loader));
    }
    try (URLClassLoader empty = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertEquals(Optional.empty(), BertuneVersion.fromJar(empty));
    }
  }

  @Test
  void readsThePomOfTheSourceTreeWhenRunningFromClasses() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("project/target/classes"));
    Files.writeString(dir.resolve("project/pom.xml"), "<project><parent><artifactId>other</artifactId>"
        + "<version>1</version></parent><groupId>dev.bertune</groupId><artifactId>bertune</artifactId>\n"
        + "  <version>3.2.1-SNAPSHOT</version></project>");
    assertEquals(Optional.of("3.2.1-SNAPSHOT"), BertuneVersion.fromSourceTree(classes));
    assertEquals(Optional.empty(), BertuneVersion.fromSourceTree(dir.resolve("elsewhere")));
  }

  @Test
  void thisBuildHasAVersion() {
    assertTrue(BertuneVersion.get().matches("\\d+\\.\\d+\\.\\d+.*"), BertuneVersion.get());
  }
}
