"""The `users` and `sessions` commands."""
