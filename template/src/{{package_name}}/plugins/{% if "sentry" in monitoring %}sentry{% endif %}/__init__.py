"""Sentry: errors and their context, reported from the API and the workers."""
