package dev.bertune.serve;

import dev.bertune.inference.TextClassifier;
import dev.bertune.inference.TextPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers concurrent requests' texts into one model call: the first request waits up to {@code waitMillis} for others
 * to join until {@code maxBatch} texts are there, then one thread runs them together and hands each request its
 * rows. A full queue refuses new requests at once (the server answers 503). {@link #close()} finishes what is
 * queued, then stops. An export of text pairs gets {@link #submitPairs} instead of {@link #submit}.
 */
final class TextBatcher implements AutoCloseable {
  private static final long POLL_MILLIS = 100;

  /** A request's texts, or its text pairs (then {@code texts} holds their first texts). */
  private record Job(List<String> texts, List<TextPair> pairs, CompletableFuture<float[][]> result) {}

  private final TextClassifier classifier;
  private final BlockingQueue<Job> queue;
  private final int maxBatch;
  private final long waitNanos;
  private final Thread worker;
  private final AtomicLong modelCalls = new AtomicLong();
  private final AtomicInteger largestCall = new AtomicInteger();
  private volatile boolean running = true;

  TextBatcher(TextClassifier classifier, int maxBatch, int waitMillis, int queueSize) {
    this.classifier = classifier;
    this.maxBatch = maxBatch;
    this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    this.queue = new ArrayBlockingQueue<>(queueSize);
    this.worker = new Thread(this::loop, "bertune-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues texts; the future gets their probabilities {@code [N][K]}.
   *
   * @throws HttpError 503 when the queue is full or the server is stopping
   */
  CompletableFuture<float[][]> submit(List<String> texts) {
    return queue(new Job(List.copyOf(texts), null, new CompletableFuture<>()));
  }

  /** Queues text pairs, as {@link #submit} texts. */
  CompletableFuture<float[][]> submitPairs(List<TextPair> pairs) {
    return queue(new Job(pairs.stream().map(TextPair::text).toList(), List.copyOf(pairs), new CompletableFuture<>()));
  }

  private CompletableFuture<float[][]> queue(Job job) {
    if (!running || !queue.offer(job)) {
      throw new HttpError(503, running ? "the server is busy: " + queue.size() + " requests are waiting for the"
          + " model; retry later" : "the server is shutting down");
    }
    return job.result();
  }

  /** Model calls made so far. */
  long modelCalls() {
    return modelCalls.get();
  }

  /** Most requests served by one model call so far. */
  int largestCall() {
    return largestCall.get();
  }

  private void loop() {
    while (running || !queue.isEmpty()) {
      Job first;
      try {
        first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (first != null) {
        run(gather(first));
      }
    }
  }

  /** The first job and those that arrive within the wait window, up to {@code maxBatch} texts. */
  private List<Job> gather(Job first) {
    List<Job> jobs = new ArrayList<>(List.of(first));
    int texts = first.texts().size();
    long deadline = System.nanoTime() + waitNanos;
    while (texts < maxBatch) {
      long left = deadline - System.nanoTime();
      Job next = left > 0 ? pollQuietly(left) : queue.poll();
      if (next == null) {
        break;
      }
      jobs.add(next);
      texts += next.texts().size();
    }
    return jobs;
  }

  private Job pollQuietly(long nanos) {
    try {
      return queue.poll(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void run(List<Job> jobs) {
    List<String> all = new ArrayList<>();
    jobs.forEach(j -> all.addAll(j.texts()));
    try {
      float[][] probabilities = classifier.takesPairs() ? classifier.scorePairs(allPairs(jobs)).probabilities()
          : classifier.score(all).probabilities();
      modelCalls.incrementAndGet();
      largestCall.accumulateAndGet(jobs.size(), Math::max);
      int from = 0;
      for (Job j : jobs) {
        float[][] mine = new float[j.texts().size()][];
        System.arraycopy(probabilities, from, mine, 0, mine.length);
        from += mine.length;
        j.result().complete(mine);
      }
    } catch (RuntimeException e) {
      jobs.forEach(j -> j.result().completeExceptionally(e));
    }
  }

  private static List<TextPair> allPairs(List<Job> jobs) {
    List<TextPair> all = new ArrayList<>();
    jobs.forEach(j -> all.addAll(j.pairs()));
    return all;
  }

  /** Runs what is queued, then stops the worker. */
  @Override
  public void close() {
    running = false;
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
