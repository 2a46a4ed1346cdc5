package dev.bertune.model;

/** Names of graph tensors and node inputs: {@code "op"}, {@code "op:1"}, {@code "^op"} (a control input). */
public final class TensorNames {
  private TensorNames() {}

  /** The op a tensor name or node input refers to. */
  public static String opName(String tensorOrInput) {
    String s = tensorOrInput.startsWith("^") ? tensorOrInput.substring(1) : tensorOrInput;
    int colon = s.lastIndexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  /** The output index a tensor name or node input refers to (0 when it names none). */
  public static int outputIndex(String tensorOrInput) {
    int colon = tensorOrInput.lastIndexOf(':');
    return colon < 0 ? 0 : Integer.parseInt(tensorOrInput.substring(colon + 1));
  }
}
