"""The optional layers, each a plug-in package; `enabled.py` lists those this project has."""
