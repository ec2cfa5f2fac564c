"""Benchmark the generated service against a raw ASGI + asyncpg baseline on the same server stack.

`python -m bench` renders the default variant, installs it, seeds a scratch database and
loads both apps with wrk; `--smoke` does a few seconds of the same, so the harness cannot rot.
"""
