"""Runs a DAG file against the recording stubs and prints its DAG and tasks as JSON, with
templates rendered for one logical date. Usage: record_dag.py DAG_FILE YYYY-MM-DD"""

import json
import re
import runpy
import shlex
import sys
from datetime import timedelta

from airflow import _recorder

TEMPLATE = re.compile(r"\{\{\s*ds\s*\}\}")


def render(value, ds):
    if not isinstance(value, str):
        return value
    rendered = TEMPLATE.sub(ds, value)
    if "{{" in rendered or "{%" in rendered:
        raise SystemExit(f"a template other than {{{{ ds }}}} is not rendered here: {value!r}")
    return rendered


def plain(value):
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "cron"):
        return {"cron": value.cron, "timezone": value.timezone}
    return str(value)


def task(operator, ds):
    arguments = {key: plain(render(value, ds)) for key, value in operator.arguments.items()}
    recorded = {
        "task_id": operator.task_id,
        "operator": type(operator).__name__,
        "arguments": arguments,
        "downstream": operator.downstream,
    }
    if "bash_command" in arguments:
        recorded["argv"] = shlex.split(arguments["bash_command"])
    return recorded


def main(dag_file, ds):
    runpy.run_path(dag_file, run_name="dag_file")
    dags = [
        {
            "dag_id": dag.dag_id,
            "arguments": {key: plain(value) for key, value in dag.arguments.items() if key != "doc_md"},
            "tasks": [task(operator, ds) for operator in dag.tasks],
        }
        for dag in _recorder.DAGS
    ]
    print(json.dumps(dags, indent=2))


if __name__ == "__main__":
    main(*sys.argv[1:])
