"""Background tasks: the Celery app, the runtime its tasks run async code on, and the jobs."""
