from airflow._recorder import SENSOR_ARGUMENTS, BaseOperator


class FileSensor(BaseOperator):
    ARGUMENTS = {"filepath", "fs_conn_id", "recursive"} | SENSOR_ARGUMENTS
