"""The optional layers' parts of `dev`; `enabled.py` lists those this project has."""
