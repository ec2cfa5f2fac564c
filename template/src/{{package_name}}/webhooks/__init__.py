"""Outgoing webhooks: endpoints users register, and signed deliveries of their events."""
