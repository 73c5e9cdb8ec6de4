from airflow._recorder import SENSOR_ARGUMENTS, BaseOperator


class S3KeySensor(BaseOperator):
    ARGUMENTS = {"bucket_key", "bucket_name", "wildcard_match", "aws_conn_id", "verify"} | SENSOR_ARGUMENTS
