"""Accounts: registration and verification, login and sessions, password resets, users."""
