"""OpenTelemetry: traces of requests, queries and tasks, exported over OTLP."""
