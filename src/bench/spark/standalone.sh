#!/usr/bin/env bash
# A Spark standalone cluster on loopback, started from target/spark/jars (no Spark download: the jars Maven put
# there), and bertune-spark.jar submitted to it the way spark-submit does (spark-submit is a shell wrapper around
# org.apache.spark.deploy.SparkSubmit):
#   src/bench/spark/standalone.sh EXPORT_DIR INPUT OUTPUT [KILL_AFTER_SECONDS]
# With KILL_AFTER_SECONDS, the executor JVM is killed (SIGKILL) that long after it started, to see what Spark does.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export_dir=$1; input=$2; output=$3; kill_after=${4:-}
export SPARK_HOME=$PWD/target/spark SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
# target/spark/jars holds what only Spark needs; the libraries Spark shares with bertune (Jackson, slf4j and its
# slf4j-simple binding, ...) are inside bertune.jar: Spark's launcher adds SPARK_DIST_CLASSPATH to every JVM it
# starts (master, worker, executors), as for Spark's "Hadoop free" builds
export SPARK_DIST_CLASSPATH=$PWD/target/bertune.jar
cp="target/spark/jars/*:$SPARK_DIST_CLASSPATH"
opens=$(sed -n 's:.*<spark.test.opens>\(.*\)</spark.test.opens>.*:\1:p' pom.xml)
work=$(mktemp -d)
java $opens -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 8080 \
  > "$work/master.log" 2>&1 &
master=$!
java $opens -cp "$cp" org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077 --host 127.0.0.1 \
  --cores 2 --memory 3g --work-dir "$work/worker" --webui-port 8081 > "$work/worker.log" 2>&1 &
worker=$!
trap 'kill $worker $master 2>/dev/null || true' EXIT
sleep 8
if [ -n "$kill_after" ]; then
  ( while ! pgrep -f CoarseGrainedExecutorBackend > /dev/null; do sleep 0.5; done
    sleep "$kill_after"; pid=$(pgrep -f CoarseGrainedExecutorBackend | head -1)
    echo "standalone.sh: killing executor JVM $pid"; kill -9 "$pid" ) &
fi
java $opens -cp "$cp" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 --deploy-mode client \
  --class dev.bertune.cli.Main --executor-memory 2g --executor-cores 2 \
  target/bertune-spark.jar score --model "$export_dir" --input "$input" --output "$output" --threads 2
echo "standalone.sh: worker log: $work/worker.log (executors' stderr under $work/worker/app-*/*/stderr)"
