from airflow._recorder import BaseOperator


class BashOperator(BaseOperator):
    ARGUMENTS = {"bash_command", "env", "append_env", "output_encoding", "skip_on_exit_code", "cwd"}
