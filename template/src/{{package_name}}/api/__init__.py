"""The HTTP layer: routing, request parsing and dependencies; no business rules."""
