"""The running service: its resources and the plug-ins that add to them, above the shared base."""
