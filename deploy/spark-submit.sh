#!/usr/bin/env bash
# Submits one lakeml stage (or run, validate, sql, ...) as a Spark application:
#   deploy/spark-submit.sh <stage> <pipeline> [--run-date YYYY-MM-DD] [--env local|s3|cluster]
#                          [--master URL] [--deploy-mode client|cluster] [more lakeml options]
# The application is jobs/target/lakeml-app.jar (main class io.lakeml.jobs.Lakeml). conf/*.conf,
# conf/log4j2.properties and the pipeline file travel with --files; the driver reads
# conf/<env>.conf through -Dconfig.file (spark.driver.extraJavaOptions). Options it does not know go
# to lakeml (--set, --conf, --lake, --verbose).
#   --env          conf/<env>.conf: local (embedded lake in ./lake), s3 (lake on S3), cluster (S3 +
#                  executor sizing); default local
#   --master       default: local[*] for local and s3, $LAKEML_MASTER or spark://127.0.0.1:7077 for
#                  cluster; yarn and k8s://https://<api-server> work the same way (see README)
#   --deploy-mode  client (default: the driver runs here) or cluster (the driver runs on the
#                  cluster, and reads the files --files shipped to its working directory)
# Environment:
#   SPARK_HOME            uses $SPARK_HOME/bin/spark-submit when it exists; otherwise runs Spark's
#                         SparkSubmit class with the project's own Spark jars (client mode only)
#   LAKEML_DRIVER_MEMORY  driver heap (default: 2g)
#   LAKEML_SUBMIT_OPTS    more spark-submit options, e.g. "--conf spark.kubernetes.namespace=etl"
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$home/jobs/target/lakeml-app.jar"
usage="usage: deploy/spark-submit.sh <stage> <pipeline> [--run-date D] [--env local|s3|cluster] [--master URL] [--deploy-mode client|cluster] [lakeml options]"

if (($# < 2)); then
  echo "$usage" >&2
  exit 2
fi
stage="$1"
pipeline="$2"
shift 2
env=local master="" mode=client
lakeml_args=()
while (($#)); do
  case "$1" in
    --env | --master | --deploy-mode)
      if (($# < 2)); then
        echo "spark-submit.sh: $1 needs a value; $usage" >&2
        exit 2
      fi
      case "$1" in
        --env) env="$2" ;;
        --master) master="$2" ;;
        --deploy-mode) mode="$2" ;;
      esac
      shift 2
      ;;
    *)
      lakeml_args+=("$1")
      shift
      ;;
  esac
done
if [[ ! -f "$home/conf/$env.conf" ]]; then
  echo "spark-submit.sh: --env $env: no conf/$env.conf; expected local, s3 or cluster" >&2
  exit 2
fi
if [[ ! -f "$pipeline" ]]; then
  echo "spark-submit.sh: pipeline file $pipeline does not exist" >&2
  exit 2
fi
if [[ -z "$master" ]]; then
  [[ "$env" == cluster ]] && master="${LAKEML_MASTER:-spark://127.0.0.1:7077}" || master="local[*]"
fi
if [[ ! -f "$jar" ]]; then
  echo "spark-submit.sh: building the application jar..." >&2
  (cd "$home" && mvn -q -B -DskipTests -Dspotless.check.skip=true package -pl jobs -am) >&2
fi

files=("$home"/conf/*.conf "$home/conf/log4j2.properties" "$(realpath "$pipeline")")
if [[ "$mode" == cluster ]]; then
  # The driver starts in a container whose working directory holds the --files.
  config="$env.conf" log4j="log4j2.properties" pipeline_arg="$(basename "$pipeline")"
else
  config="$home/conf/$env.conf" log4j="$home/conf/log4j2.properties" pipeline_arg="$(realpath "$pipeline")"
fi
driver_options=("-Dconfig.file=$config" "-Dlog4j2.configurationFile=$log4j")

submit_args=(
  --master "$master" --deploy-mode "$mode" --name "lakeml-$stage"
  --class io.lakeml.jobs.Lakeml
  --driver-memory "${LAKEML_DRIVER_MEMORY:-2g}"
  --files "$(IFS=,; echo "${files[*]}")"
  --conf "spark.driver.extraJavaOptions=${driver_options[*]}"
)
# shellcheck disable=SC2206 # LAKEML_SUBMIT_OPTS is a list of options, split on blanks
submit_args+=(${LAKEML_SUBMIT_OPTS:-})
submit_args+=("$jar" "$stage" "$pipeline_arg" "${lakeml_args[@]}")

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "${submit_args[@]}"
fi
if [[ "$mode" == cluster ]]; then
  echo "spark-submit.sh: --deploy-mode cluster needs a Spark installation: set SPARK_HOME" >&2
  exit 2
fi
# No Spark installation: run SparkSubmit in this JVM, which then is the driver (client mode), with
# the classpath, JVM flags and system properties spark-submit would give it.
classpath="$home/jobs/target/spark-classpath.txt"
jvm_options=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] || jvm_options+=("$line")
done < "$home/bin/jvm-options"
exec java "-Xmx${LAKEML_DRIVER_MEMORY:-2g}" "${jvm_options[@]}" "${driver_options[@]}" \
  -cp "$(cat "$classpath")" org.apache.spark.deploy.SparkSubmit "${submit_args[@]}"
