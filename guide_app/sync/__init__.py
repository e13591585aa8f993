"""Talking to HQ: the HTTP client, pulling the change feed, pushing the outbox, fetching files."""
