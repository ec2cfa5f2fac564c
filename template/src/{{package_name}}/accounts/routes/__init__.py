"""The accounts API: auth, registration, password resets and users."""
