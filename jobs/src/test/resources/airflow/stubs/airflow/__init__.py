"""Stand-ins for the few Airflow modules lakeml's DAG imports; they record, they do not schedule."""
