"""Prometheus: request and task metrics at `/metrics`, across gunicorn workers."""
