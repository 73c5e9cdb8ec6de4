#!/usr/bin/env bash
# Stops the cluster deploy/local-cluster/start.sh started: the worker with its executors, then the
# master (the processes named by the pid files under LAKEML_CLUSTER_DIR, default target/local-cluster).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

stop_daemon worker
stop_daemon master
