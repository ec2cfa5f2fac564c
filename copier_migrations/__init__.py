"""Scripts that Copier runs in a project while updating it (`_migrations` in copier.yml)."""
