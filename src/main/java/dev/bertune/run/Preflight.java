package dev.bertune.run;

import dev.bertune.BertuneException;
import dev.bertune.FileTrees;
import dev.bertune.config.BertuneConfig;
import dev.bertune.config.FineTuneMode;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train}'s checks before it loads BERT: the folders it will write ({@code export.dir} when exporting,
 * {@code run.dir}, {@code data.cache-dir}) can be created and written, and their file systems have room for an
 * export (the base model's variables plus ~10%) and, when BERT trains, a checkpoint (~3x them: weights and Adam's
 * two slots). Nothing is created.
 */
final class Preflight {
  /** An export: the variables, the graph, the assets. */
  static final double EXPORT_FACTOR = 1.1;
  /** A checkpoint of a model whose encoder trains: weights plus Adam's two moments. */
  static final double CHECKPOINT_FACTOR = 3;

  private Preflight() {}

  /** What a folder will receive: the config key naming it, the folder and the bytes. */
  record Need(String key, Path folder, String what, long bytes) {}

  /** The file system under a folder (its nearest existing ancestor): which one, and its usable bytes. */
  interface Disk {
    Object store(Path existing) throws IOException;

    long usableSpace(Path existing) throws IOException;
  }

  /** The real disks, through {@link FileStore#getUsableSpace()}. */
  static final Disk DISKS = new Disk() {
    @Override
    public Object store(Path existing) throws IOException {
      return Files.getFileStore(existing);
    }

    @Override
    public long usableSpace(Path existing) throws IOException {
      return Files.getFileStore(existing).getUsableSpace();
    }
  };

  /** Runs every check on the real disks. */
  static void check(BertuneConfig config) throws IOException {
    for (Map.Entry<String, Path> folder : folders(config).entrySet()) {
      requireWritable(folder.getKey(), folder.getValue());
    }
    Path variables = config.model().dir().resolve("variables");
    if (Files.isDirectory(variables)) { // a missing model is reported when it loads
      requireSpace(needs(config, FileTrees.size(variables)), DISKS);
    }
  }

  /** The folders {@code train} writes, by config key. */
  static Map<String, Path> folders(BertuneConfig config) {
    Map<String, Path> folders = new LinkedHashMap<>();
    if (config.export().enabled()) {
      folders.put("export.dir", config.export().dir());
    }
    folders.put("run.dir", config.run().dir());
    folders.put("data.cache-dir", config.data().cacheDir());
    return folders;
  }

  /** An export in export.dir (when enabled) and, when BERT trains, a checkpoint in run.dir. */
  static List<Need> needs(BertuneConfig config, long variablesBytes) {
    List<Need> needs = new ArrayList<>();
    if (config.export().enabled()) {
      needs.add(new Need("export.dir", config.export().dir(), "an export", (long) (variablesBytes * EXPORT_FACTOR)));
    }
    if (config.train().mode() != FineTuneMode.FROZEN) {
      needs.add(new Need("run.dir", config.run().dir(), "a checkpoint",
          (long) (variablesBytes * CHECKPOINT_FACTOR)));
    }
    return needs;
  }

  /** {@code folder} exists as a writable folder, or can be created: its nearest existing ancestor is one. */
  static void requireWritable(String key, Path folder) {
    Path absolute = folder.toAbsolutePath();
    Path existing = nearestExisting(absolute);
    if (existing == null) {
      return;
    }
    String named = "config key '" + key + "' = '" + folder + "': ";
    if (!Files.isDirectory(existing)) {
      throw new BertuneException(named + existing + (existing.equals(absolute) ? " is a file, not a folder"
          : " is a file, so the folder cannot be created"));
    }
    if (!Files.isWritable(existing)) {
      throw new BertuneException(named + existing + " is not writable"
          + (existing.equals(absolute) ? "" : ", so the folder cannot be created"));
    }
  }

  /** Each file system holds what its folders will receive; needs that share one are added up. */
  static void requireSpace(List<Need> needs, Disk disk) throws IOException {
    Map<Object, List<Need>> byStore = new LinkedHashMap<>();
    Map<Object, Path> probe = new LinkedHashMap<>();
    for (Need n : needs) {
      Path existing = nearestExisting(n.folder().toAbsolutePath());
      if (existing == null || !Files.isDirectory(existing)) {
        continue;
      }
      Object store = disk.store(existing);
      byStore.computeIfAbsent(store, s -> new ArrayList<>()).add(n);
      probe.putIfAbsent(store, existing);
    }
    for (Map.Entry<Object, List<Need>> e : byStore.entrySet()) {
      long needed = e.getValue().stream().mapToLong(Need::bytes).sum();
      long free = disk.usableSpace(probe.get(e.getKey()));
      if (free < needed) {
        throw new BertuneException(describe(e.getValue(), needed, free));
      }
    }
  }

  private static String describe(List<Need> needs, long needed, long free) {
    List<String> parts = new ArrayList<>();
    for (Need n : needs) {
      parts.add(n.what() + " in " + n.folder() + " (" + n.key() + ") ~" + megabytes(n.bytes()));
    }
    return "not enough free space: " + String.join(" and ", parts) + " need ~" + megabytes(needed) + ", but only "
        + megabytes(free) + " are free there; free some space or point " + needs.get(0).key() + " elsewhere";
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", (bytes + 999_999) / 1_000_000);
  }

  /** {@code path} or its nearest ancestor that exists (as anything); null when none does. */
  static Path nearestExisting(Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }
}
