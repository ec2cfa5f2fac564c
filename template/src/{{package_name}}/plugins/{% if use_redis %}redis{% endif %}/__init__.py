"""Redis: the app's client, the shared rate-limit store and the item cache."""
