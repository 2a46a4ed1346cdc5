package dev.bertune.model;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.Tensor;

/** Named tensors backed by one {@link Result}; closing the map closes them all. */
public final class TensorMap extends AbstractMap<String, Tensor> implements AutoCloseable {
  private final Map<String, Tensor> tensors;
  private final Result owner;

  TensorMap(Map<String, Tensor> tensors, Result owner) {
    this.tensors = tensors;
    this.owner = owner;
  }

  @Override
  public Set<Entry<String, Tensor>> entrySet() {
    return tensors.entrySet();
  }

  @Override
  public void close() {
    owner.close();
  }
}
