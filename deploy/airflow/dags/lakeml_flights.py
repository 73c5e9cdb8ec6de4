"""lakeml flights pipeline: one Airflow task per lakeml stage, run once a day's raw file has landed.

Each task calls deploy/spark-submit.sh, which submits the stage as its own Spark application with
the shaded jar and the configuration of LAKEML_ENV. The run's logical date ({{ ds }}) is passed as
--run-date, so every stage of a run, and every retry, records the same date in lakeml.runs.

Retries are safe: every stage is idempotent. A rerun commits nothing when its inputs and definition
have not changed, ingest never reads a file twice, and train reuses a model version trained from the
same input versions. One run at a time (max_active_runs=1) keeps a single writer per Delta table,
which Delta's default S3 log store requires.

Written for Airflow 3 (airflow.sdk, the standard and Amazon providers). Settings come from the
environment of the Airflow workers:
  LAKEML_HOME         the lakeml checkout or install with deploy/ and conf/ (default /opt/lakeml)
  LAKEML_ENV          conf/<env>.conf to run with: local, s3 or cluster (default cluster)
  LAKE_ROOT           the lake, handed to every task (default s3a://lakeml/lake)
  LAKEML_RAW_FLIGHTS  where the daily files flights-YYYY-MM-DD.csv land: s3://bucket/prefix or a
                      local folder (default s3://lakeml/lake/raw/flights)
S3 credentials are not set here: the workers' environment (or instance role) provides them.
"""

from __future__ import annotations

import os
import shlex
from datetime import datetime, timedelta, timezone

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG
from airflow.timetables.interval import CronDataIntervalTimetable

LAKEML_HOME = os.environ.get("LAKEML_HOME", "/opt/lakeml")
LAKEML_ENV = os.environ.get("LAKEML_ENV", "cluster")
LAKE_ROOT = os.environ.get("LAKE_ROOT", "s3a://lakeml/lake")
RAW_FLIGHTS = os.environ.get("LAKEML_RAW_FLIGHTS", "s3://lakeml/lake/raw/flights").rstrip("/")
PIPELINE = os.path.join(LAKEML_HOME, "conf", "pipelines", "flights.conf")
STAGES = ("ingest", "refine", "curate", "train", "score")

# The day's file; {{ ds }} is the start of the run's data interval: the day the flights flew.
DAILY_FILE = "flights-{{ ds }}.csv"
# Waits for the file without holding a worker slot, and gives up after half a day.
SENSOR_SETTINGS = {"mode": "reschedule", "poke_interval": 600, "timeout": 12 * 3600}


def stage_command(stage: str) -> str:
    """The shell command that submits one stage for the run's logical date."""
    return " ".join(
        [
            shlex.quote(os.path.join(LAKEML_HOME, "deploy", "spark-submit.sh")),
            stage,
            shlex.quote(PIPELINE),
            "--run-date",
            "{{ ds }}",
            "--env",
            shlex.quote(LAKEML_ENV),
        ]
    )


def raw_file_sensor():
    """Waits for the day's raw file: an S3 key for an s3:// drop folder, else a file."""
    if RAW_FLIGHTS.startswith("s3://"):
        from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor

        return S3KeySensor(
            task_id="raw_flights_landed",
            bucket_key=f"{RAW_FLIGHTS}/{DAILY_FILE}",
            aws_conn_id="aws_default",
            **SENSOR_SETTINGS,
        )
    from airflow.providers.standard.sensors.filesystem import FileSensor

    return FileSensor(
        task_id="raw_flights_landed",
        filepath=os.path.join(RAW_FLIGHTS, DAILY_FILE),
        fs_conn_id="fs_default",
        **SENSOR_SETTINGS,
    )


with DAG(
    dag_id="lakeml_flights",
    description="Daily flights drop -> bronze -> silver -> gold -> model -> predictions",
    # A run for day D starts when D is over (D+1 00:00 UTC) and has ds = D, whatever the
    # scheduler's create_cron_data_intervals setting.
    schedule=CronDataIntervalTimetable("@daily", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    # No backfill burst when the DAG is (re)enabled: ingest is incremental, so the next run
    # picks up every file that landed meanwhile.
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=20),
    default_args={
        "owner": "lakeml",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(hours=3),
    },
    tags=["lakeml", "spark", "delta"],
    doc_md=__doc__,
) as dag:
    upstream = raw_file_sensor()
    for stage in STAGES:
        task = BashOperator(
            task_id=stage,
            bash_command=stage_command(stage),
            cwd=LAKEML_HOME,
            env={"LAKE_ROOT": LAKE_ROOT},
            append_env=True,
        )
        upstream >> task
        upstream = task
