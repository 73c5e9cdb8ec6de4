#!/usr/bin/env bash
# Starts a Spark standalone master and one worker on 127.0.0.1 from the project's own Maven jars
# (no Spark download), then waits until the worker has registered and prints where the UIs are.
# Executors are started by the worker with $SPARK_HOME/jars on their classpath, so SPARK_HOME is a
# folder under target/ whose jars/ links to jobs/target/spark-classpath.txt (Spark and Hadoop).
#   LAKEML_CLUSTER_DIR      state: SPARK_HOME, pid files, logs, work dir (default: target/local-cluster)
#   LAKEML_MASTER_PORT      master port (default: 7077); UI ports: LAKEML_MASTER_UI_PORT (8080),
#                           LAKEML_WORKER_UI_PORT (8081)
#   LAKEML_WORKER_CORES     cores the worker offers (default: 2)
#   LAKEML_WORKER_MEMORY    memory the worker offers to executors (default: 8g; conf/cluster.conf
#                           asks 4g per executor)
# deploy/local-cluster/stop.sh stops both and every executor.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

master_port="${LAKEML_MASTER_PORT:-7077}"
master_ui="${LAKEML_MASTER_UI_PORT:-8080}"
worker_ui="${LAKEML_WORKER_UI_PORT:-8081}"
classpath="$home/jobs/target/spark-classpath.txt"

for name in master worker; do
  if [[ -f "$dir/$name.pid" ]] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
    echo "local-cluster: the $name is already running (pid $(cat "$dir/$name.pid")); stop.sh stops it" >&2
    exit 1
  fi
done

if [[ ! -f "$classpath" || ! -f "$home/jobs/target/lakeml-app.jar" ]]; then
  echo "local-cluster: building the application jar and Spark's classpath..." >&2
  (cd "$home" && mvn -q -B -DskipTests -Dspotless.check.skip=true package -pl jobs -am) >&2
fi

rm -rf "$spark_home/jars"
mkdir -p "$spark_home/jars" "$spark_home/conf" "$dir/logs" "$dir/work"
tr ':' '\n' < "$classpath" | while IFS= read -r jar; do
  ln -s "$jar" "$spark_home/jars/"
done

jvm_options=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] || jvm_options+=("$line")
done < "$home/bin/jvm-options"

# SPARK_SCALA_VERSION: what a Spark distribution's load-spark-env.sh sets; without it the launcher
# that builds executor command lines looks for a source build (launcher/target/scala-2.13).
export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
# setsid: the daemons outlive this script and a Ctrl-C in its terminal; stop.sh ends them by pid.
launch() {
  local name="$1"
  shift
  setsid java -Xmx512m "${jvm_options[@]}" -cp "$spark_home/conf:$spark_home/jars/*" "$@" \
    > "$dir/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}
launch master -Dspark.master.rest.enabled=false org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui"
launch worker org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --webui-port "$worker_ui" --work-dir "$dir/work" \
  --cores "${LAKEML_WORKER_CORES:-2}" --memory "${LAKEML_WORKER_MEMORY:-8g}" \
  "spark://127.0.0.1:$master_port"

for ((waited = 0; waited < 120; waited++)); do
  if grep -q "Successfully registered with master" "$dir/logs/worker.log"; then
    cat <<MESSAGE
Spark standalone cluster on 127.0.0.1 (SPARK_HOME=$spark_home)
  master     spark://127.0.0.1:$master_port   UI http://127.0.0.1:$master_ui
  worker     ${LAKEML_WORKER_CORES:-2} cores, ${LAKEML_WORKER_MEMORY:-8g}   UI http://127.0.0.1:$worker_ui
  logs       $dir/logs (executors: $dir/work/<app>/<executor>/stderr)
Submit the demo: deploy/spark-submit.sh run conf/pipelines/flights.conf --env cluster --master spark://127.0.0.1:$master_port
Stop it:         deploy/local-cluster/stop.sh
MESSAGE
    exit 0
  fi
  for name in master worker; do
    if ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
      echo "local-cluster: the $name exited; the end of $dir/logs/$name.log:" >&2
      tail -n 20 "$dir/logs/$name.log" >&2
      "$home/deploy/local-cluster/stop.sh" >&2
      exit 1
    fi
  done
  sleep 0.5
done
echo "local-cluster: the worker did not register within 60 s; see $dir/logs" >&2
"$home/deploy/local-cluster/stop.sh" >&2
exit 1
