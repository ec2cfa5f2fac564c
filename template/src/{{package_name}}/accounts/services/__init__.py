"""What accounts can do; each service commits its own unit of work."""
