"""Queries on the accounts tables; repositories never commit."""
