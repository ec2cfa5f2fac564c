"""Cross-cutting concerns: configuration, security, logging, errors and middleware."""
