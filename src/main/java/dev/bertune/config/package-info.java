/**
 * Configuration as data: {@code reference.conf} (every key, its default and its meaning) ← an experiment file ←
 * {@code --set} overrides, read once by {@link dev.bertune.config.ConfigLoader} into the immutable
 * {@link dev.bertune.config.BertuneConfig} records. Unknown keys, wrong types and out-of-range values fail here,
 * at start-up; code below the CLI receives records, never a {@code Config}.
 */
package dev.bertune.config;
