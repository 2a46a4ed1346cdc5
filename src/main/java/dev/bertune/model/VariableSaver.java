package dev.bertune.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.op.train.Save;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Save and restore ops ({@code SaveV2} / {@code RestoreV2}) over resource variables, which TF Java's own
 * saver ignores. Built in the scope {@code save} with TF's saver op names ({@code save/filename},
 * {@code save/control_dependency}, {@code save/restore_all}), TF Java's exporter writes a {@code SaverDef}
 * pointing at them, so TF Serving and {@code SavedModelBundle.load} restore every variable.
 *
 * @param filename string placeholder: the checkpoint prefix
 * @param save run to write the checkpoint (feeding {@link #filename})
 * @param restore run to read it back into the variables
 */
public record VariableSaver(Placeholder<TString> filename, Identity<TString> save, NoOp restore) {
  /** TF's conventional saver scope, recognised by TF Java's exporter. */
  public static final String EXPORT_SCOPE = "save";

  /** Builds the saver ops in {@code scope} for {@code variables}. */
  public static VariableSaver build(Ops tf, String scope, List<ResourceVariable> variables) {
    Ops s = tf.withSubScope(scope);
    String[] names = variables.stream().map(ResourceVariable::name).toArray(String[]::new);
    String[] slices = new String[names.length];
    java.util.Arrays.fill(slices, "");
    Placeholder<TString> filename = s.withName("filename").placeholder(TString.class);
    Operand<TString> namesOp = s.constant(org.tensorflow.ndarray.StdArrays.ndCopyOf(names));
    Operand<TString> slicesOp = s.constant(org.tensorflow.ndarray.StdArrays.ndCopyOf(slices));
    List<Operand<?>> values = new ArrayList<>();
    List<Class<? extends TType>> types = new ArrayList<>();
    for (ResourceVariable v : variables) {
      Class<? extends TType> type = typeOf(v.dtype());
      values.add(s.readVariableOp(v.handle(), type));
      types.add(type);
    }
    Save saveOp = s.train.save(filename, namesOp, slicesOp, values);
    Identity<TString> save = s.withControlDependencies(List.of(saveOp)).withName("control_dependency")
        .identity(filename);
    Restore restored = s.train.restore(filename, namesOp, slicesOp, types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      assigns.add(s.assignVariableOp(variables.get(i).handle(), restored.tensors().get(i)));
    }
    NoOp restore = s.withControlDependencies(assigns).withName("restore_all").noOp();
    return new VariableSaver(filename, save, restore);
  }

  /** The TF Java type class of a variable dtype (float32, int32, int64). */
  public static Class<? extends TType> typeOf(DataType dtype) {
    return switch (dtype) {
      case DT_FLOAT -> TFloat32.class;
      case DT_INT32 -> TInt32.class;
      case DT_INT64 -> TInt64.class;
      default -> throw new IllegalArgumentException("unsupported variable dtype " + dtype);
    };
  }
}
