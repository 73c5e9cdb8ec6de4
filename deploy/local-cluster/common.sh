# Shared by start.sh and stop.sh: where the local cluster lives and how its processes are found.
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${LAKEML_CLUSTER_DIR:-$home/target/local-cluster}"
spark_home="$dir/spark-home"

# The process ids of $1 and all its descendants (the worker's executors), children first.
tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    tree "$child"
  done
  echo "$1"
}

# Stops the process whose id is in $dir/$1.pid, and its descendants: TERM, then KILL after 15 s.
stop_daemon() {
  local file="$dir/$1.pid" pid pids waited=0
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    pids="$(tree "$pid")"
    kill -TERM $pids 2>/dev/null || true
    while kill -0 $pids 2>/dev/null && ((waited < 15)); do
      sleep 1
      waited=$((waited + 1))
    done
    kill -KILL $pids 2>/dev/null || true
    echo "stopped $1 (pid $pid)"
  fi
  rm -f "$file"
}
