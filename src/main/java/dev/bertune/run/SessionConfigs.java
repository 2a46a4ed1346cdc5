package dev.bertune.run;

import dev.bertune.config.BertuneConfig;
import org.tensorflow.proto.ConfigProto;

/** TensorFlow session options from {@code runtime.*}. */
public final class SessionConfigs {
  private SessionConfigs() {}

  /** Thread pools as configured (0 = TensorFlow's choice). The intra-op pool is fixed by the first session. */
  public static ConfigProto of(BertuneConfig.Runtime runtime) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(runtime.intraOpThreads())
        .setInterOpParallelismThreads(runtime.interOpThreads())
        .build();
  }
}
