"""Records the DAGs and operators a DAG file declares, rejecting arguments Airflow would reject."""

DAGS = []
_OPEN = []

# BaseOperator arguments a DAG may pass to any operator (a subset of Airflow's).
BASE_ARGUMENTS = {
    "owner",
    "retries",
    "retry_delay",
    "retry_exponential_backoff",
    "max_retry_delay",
    "execution_timeout",
    "depends_on_past",
    "pool",
    "queue",
    "priority_weight",
    "trigger_rule",
    "email_on_failure",
    "email_on_retry",
    "doc_md",
}
# BaseSensorOperator arguments.
SENSOR_ARGUMENTS = {"mode", "poke_interval", "timeout", "soft_fail", "exponential_backoff"}


class DAG:
    ARGUMENTS = {
        "description",
        "schedule",
        "start_date",
        "end_date",
        "catchup",
        "max_active_runs",
        "max_active_tasks",
        "dagrun_timeout",
        "default_args",
        "tags",
        "doc_md",
        "params",
    }

    def __init__(self, dag_id, **arguments):
        unknown = set(arguments) - self.ARGUMENTS
        if unknown:
            raise TypeError(f"DAG got unexpected arguments {sorted(unknown)}")
        self.dag_id = dag_id
        self.arguments = arguments
        self.tasks = []
        DAGS.append(self)

    def __enter__(self):
        _OPEN.append(self)
        return self

    def __exit__(self, *exc_info):
        _OPEN.pop()
        return False


class BaseOperator:
    ARGUMENTS = set()

    def __init__(self, *, task_id, **arguments):
        if not _OPEN:
            raise RuntimeError(f"task {task_id} is created outside a DAG")
        unknown = set(arguments) - self.ARGUMENTS - BASE_ARGUMENTS
        if unknown:
            raise TypeError(f"{type(self).__name__} got unexpected arguments {sorted(unknown)}")
        self.task_id = task_id
        self.arguments = arguments
        self.downstream = []
        _OPEN[-1].tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other.task_id)
        return other
