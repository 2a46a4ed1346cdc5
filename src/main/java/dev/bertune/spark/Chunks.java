package dev.bertune.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A partition's rows mapped {@code size} at a time: each chunk is one call (batched by length inside), so memory
 * holds one chunk, never the partition.
 */
final class Chunks<I, O> implements Iterator<O> {
  private final Iterator<I> in;
  private final int size;
  private final Function<List<I>, List<O>> map;
  private Iterator<O> current = Collections.emptyIterator();

  Chunks(Iterator<I> in, int size, Function<List<I>, List<O>> map) {
    this.in = in;
    this.size = size;
    this.map = map;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext() && in.hasNext()) {
      List<I> chunk = new ArrayList<>(size);
      while (chunk.size() < size && in.hasNext()) {
        chunk.add(in.next());
      }
      current = map.apply(chunk).iterator();
    }
    return current.hasNext();
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
