"""Data access: each repository owns the queries for one model and never commits."""
