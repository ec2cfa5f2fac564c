"""The request and response bodies of the accounts API."""
