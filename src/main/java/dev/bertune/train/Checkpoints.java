package dev.bertune.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bertune.BertuneException;
import dev.bertune.DiskFull;
import dev.bertune.FileTrees;
import dev.bertune.TemporaryFolders;
import dev.bertune.config.BertuneConfig;
import dev.bertune.model.ClassifierModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one run, {@code runs/<run-id>/checkpoints/<name>/}: a TF checkpoint of every variable that
 * training changes ({@code ckpt.index}, {@code ckpt.data-*}) and {@code state.json} (position, step, history).
 * Each is written into a hidden temporary folder and renamed into place, so a run killed while saving keeps its
 * previous checkpoint. As a callback it records the epoch logs that go into {@code state.json}.
 */
public final class Checkpoints implements Callback {
  public static final String LAST = "last";
  private static final String PREFIX = "ckpt";
  private static final String STATE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<Map<String, Double>> history = new ArrayList<>();
  private final Map<String, Long> savedAtStep = new LinkedHashMap<>();
  private double seconds;

  public Checkpoints(Path dir) {
    this.dir = dir;
  }

  /**
   * Where a checkpoint stands.
   *
   * @param epoch the epoch in progress or just completed (1-based)
   * @param batchInEpoch batches of {@code epoch} trained
   * @param epochComplete whether {@code epoch} finished (validation included)
   * @param step global optimisation steps (batches) trained
   * @param pendingAccumulation batches in the gradient accumulators, not yet applied
   * @param history logs of the completed epochs
   * @param partialEpoch the scores of {@code epoch}'s trained batches when it is not complete; null when it is, and
   *     in checkpoints written before bertune recorded them
   * @param trainingDone whether training ended here before its last epoch (early stopping), with the weights to
   *     test and export (the best epoch's, when restored): a resumed run trains no further
   */
  public record State(int epoch, int batchInEpoch, boolean epochComplete, long step, int pendingAccumulation,
      List<Map<String, Double>> history, EpochScores partialEpoch, boolean trainingDone) {}

  @Override
  public void onResume(List<Map<String, Double>> earlier) {
    history.clear();
    history.addAll(earlier);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Map<String, Double> row = new LinkedHashMap<>();
    row.put("epoch", (double) epoch);
    row.putAll(logs);
    history.add(row);
  }

  /** Writes "last" with the trainer's position. */
  public void saveLast(Trainer trainer, boolean epochComplete) {
    save(LAST, trainer, epochComplete, false);
  }

  /**
   * Writes "last" once early stopping has ended training, with the weights the run goes on to test and export: a
   * run whose export then fails resumes to export them, not to train on.
   */
  public void saveTrainingDone(Trainer trainer) {
    save(LAST, trainer, true, true);
  }

  /** Writes the best checkpoint by {@code monitor} (once per step, however many callbacks ask). */
  public void saveBest(BertuneConfig.Monitor monitor, Trainer trainer) {
    save(bestName(monitor), trainer, true, false);
  }

  /** Loads the best weights by {@code monitor} into {@code model}. */
  public void restoreBest(BertuneConfig.Monitor monitor, ClassifierModel model) {
    model.restoreCheckpoint(dir.resolve(bestName(monitor)).resolve(PREFIX));
  }

  /** e.g. {@code best-val_loss} (lowest) or {@code best-val_auc} (highest); the other direction is suffixed. */
  static String bestName(BertuneConfig.Monitor monitor) {
    boolean natural = monitor.higherIsBetter() != monitor.metric().endsWith("loss");
    return "best-" + monitor.metric() + (natural ? "" : monitor.higherIsBetter() ? "-max" : "-min");
  }

  private void save(String name, Trainer trainer, boolean epochComplete, boolean trainingDone) {
    if (Long.valueOf(trainer.step()).equals(savedAtStep.get(name)) && !name.equals(LAST)) {
      return;
    }
    State state = new State(trainer.epoch(), trainer.batchInEpoch(), epochComplete, trainer.step(),
        trainer.model().pendingAccumulation(), List.copyOf(history), epochComplete ? null : trainer.epochScores(),
        trainingDone);
    long t0 = System.nanoTime();
    try {
      DiskFull.whileWriting(new DiskFull.Writing("checkpoint '" + name + "'", dir, this::afterDiskFull),
          () -> write(name, trainer, state));
    } catch (IOException e) {
      throw new BertuneException("cannot write checkpoint " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
    savedAtStep.put(name, trainer.step());
    seconds += (System.nanoTime() - t0) / 1e9;
  }

  /** Writes checkpoint {@code name} into a hidden temporary folder (removed if that fails) and renames it. */
  private Void write(String name, Trainer trainer, State state) throws IOException {
    Path target = dir.resolve(name);
    Path tmp = null;
    try {
      tmp = TemporaryFolders.create(dir, "." + name + "-");
      Optional<Path> same = sameStepCheckpoint(trainer.step(), name);
      if (same.isPresent()) {
        linkFiles(same.get(), tmp); // the weights are those just written under another name: no second write
      } else {
        trainer.model().saveCheckpoint(tmp.resolve(PREFIX));
      }
      Files.writeString(tmp.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
      Path old = dir.resolve("." + name + ".old");
      deleteRecursively(old);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      TemporaryFolders.release(tmp); // the owner record
      tmp = null;
      deleteRecursively(old);
      return null;
    } finally {
      if (tmp != null) {
        TemporaryFolders.release(tmp);
      }
    }
  }

  /** What the user can do when a checkpoint write finds the disk full: resume from the previous one, if any. */
  private String afterDiskFull() {
    Path runDir = dir.getParent();
    return read(dir, LAST).isPresent()
        ? "the previous checkpoint is intact: free some space there (or move " + runDir + " to a disk with space)"
            + " and continue from it with java -jar target/bertune.jar train --resume " + runDir
        : "no checkpoint was written: free some space there, or start again with --set run.dir=<a folder with space>";
  }

  /** Another checkpoint of this run written at {@code step}, whose weight files can be shared. */
  private Optional<Path> sameStepCheckpoint(long step, String name) {
    return savedAtStep.entrySet().stream()
        .filter(e -> e.getValue() == step && !e.getKey().equals(name))
        .map(e -> dir.resolve(e.getKey()))
        .filter(p -> Files.isRegularFile(p.resolve(PREFIX + ".index")))
        .findFirst();
  }

  /** Hard-links the TF checkpoint files of {@code from} into {@code to} (copies where links are not possible). */
  private static void linkFiles(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(PREFIX + ".")).toList()) {
        Path target = to.resolve(f.getFileName());
        try {
          Files.createLink(target, f);
        } catch (UnsupportedOperationException | IOException e) {
          Files.copy(f, target);
        }
      }
    }
  }

  /** Seconds spent writing checkpoints so far. */
  public double seconds() {
    return seconds;
  }

  /**
   * Whether {@code fileName} in a checkpoints folder is a temporary folder or its owner record (not a checkpoint,
   * nor the {@code .<name>.old} copy that {@link #read} falls back on).
   */
  public static boolean isTemporary(String fileName) {
    return fileName.startsWith(".") && !fileName.endsWith(".old");
  }

  /** The state of checkpoint {@code name} of the run in {@code checkpointDir}, if one is complete. */
  public static Optional<State> read(Path checkpointDir, String name) {
    Path folder = checkpointDir.resolve(name);
    if (!Files.isRegularFile(folder.resolve(STATE))) {
      folder = checkpointDir.resolve("." + name + ".old"); // killed between the two renames
      if (!Files.isRegularFile(folder.resolve(STATE))) {
        return Optional.empty();
      }
    }
    try {
      Map<String, Object> raw = JSON.readValue(folder.resolve(STATE).toFile(), new TypeReference<>() {});
      State s = JSON.convertValue(raw, State.class);
      return Optional.of(s);
    } catch (IOException | IllegalArgumentException e) {
      throw new BertuneException(folder.resolve(STATE) + " is unreadable: " + e.getMessage());
    }
  }

  /** Loads checkpoint {@code name} into {@code model} (the folder {@link #read} found). */
  public static void restore(Path checkpointDir, String name, ClassifierModel model) {
    Path folder = checkpointDir.resolve(name);
    if (!Files.isRegularFile(folder.resolve(STATE))) {
      folder = checkpointDir.resolve("." + name + ".old");
    }
    model.restoreCheckpoint(folder.resolve(PREFIX));
  }

  private static void deleteRecursively(Path p) {
    FileTrees.deleteRecursively(p);
  }
}
