"""Item exports: a background job writes a user's items out, and the API reports its progress."""
