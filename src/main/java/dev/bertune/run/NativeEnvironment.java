package dev.bertune.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Adds a variable to this process's C environment ({@code environ}, what native code reads with {@code getenv}),
 * which {@link System#getenv()} cannot change. Java has no {@code setenv}; JavaCPP (under TensorFlow Java) finds the
 * {@code environ} symbol and reads and writes native memory, so the variable goes in by swapping {@code environ}
 * for a longer copy. The old array and its strings stay valid (a concurrent {@code getenv} sees either), and the
 * new ones are never freed, as with {@code putenv}.
 */
final class NativeEnvironment {
  /** Keeps the installed arrays and strings reachable, so that JavaCPP's deallocator never frees them. */
  private static final List<Pointer> KEPT = new ArrayList<>();

  private NativeEnvironment() {}

  /** The value native code sees for {@code name}, or null. */
  static synchronized String get(String name) {
    PointerPointer<BytePointer> env = current();
    String prefix = name + "=";
    for (long i = 0; env.get(i) != null; i++) {
      String entry = env.getString(i, StandardCharsets.UTF_8);
      if (entry.startsWith(prefix)) {
        return entry.substring(prefix.length());
      }
    }
    return null;
  }

  /** Sets {@code name=value} for native code, replacing its value if it has one. */
  static synchronized void put(String name, String value) {
    PointerPointer<BytePointer> old = current();
    List<BytePointer> entries = new ArrayList<>();
    for (long i = 0; old.get(i) != null; i++) {
      if (!old.getString(i, StandardCharsets.UTF_8).startsWith(name + "=")) {
        entries.add(old.get(BytePointer.class, i));
      }
    }
    BytePointer entry = new BytePointer(name + "=" + value, StandardCharsets.UTF_8);
    entries.add(entry);
    PointerPointer<BytePointer> grown = new PointerPointer<>(entries.size() + 1L);
    for (int i = 0; i < entries.size(); i++) {
      grown.put(i, entries.get(i));
    }
    grown.put(entries.size(), (Pointer) null);
    KEPT.add(entry);
    KEPT.add(grown);
    environSlot().put(0, grown);
  }

  private static PointerPointer<BytePointer> current() {
    return new PointerPointer<BytePointer>(environSlot().get(0));
  }

  /** The address of the C variable {@code environ} itself (a {@code char***}). */
  private static PointerPointer<Pointer> environSlot() {
    // JavaCPP's own library (jnijavacpp), not TensorFlow's: TensorFlow logs while its libraries load, and reads its
    // log level at that first line
    Loader.load(org.bytedeco.javacpp.presets.javacpp.class);
    Pointer slot = Loader.addressof("environ");
    if (slot == null || slot.isNull()) {
      throw new IllegalStateException("no environ symbol in this process");
    }
    return new PointerPointer<>(slot).capacity(1);
  }
}
