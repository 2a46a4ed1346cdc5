/**
 * Scoring and embedding tables of texts on Apache Spark with an export ({@code bertune score}, {@code bertune
 * embed}): {@link dev.bertune.spark.TableInput} reads and checks the table on the driver, {@link
 * dev.bertune.spark.ModelRef} says where executors find the model, {@link dev.bertune.spark.ExecutorModels} loads
 * it once per executor JVM, {@link dev.bertune.spark.PartitionScorer} and {@link dev.bertune.spark.PartitionEmbedder}
 * run it over each partition in batches, {@link dev.bertune.spark.TableOutput} publishes the result only when the
 * whole job has succeeded. {@link dev.bertune.spark.SparkJobs} ties them together. Spark itself is a provided
 * dependency: nothing here loads unless one of these commands runs.
 */
package dev.bertune.spark;
