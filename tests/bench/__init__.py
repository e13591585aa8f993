"""Loopback benchmarks of HQ's sync endpoints, measured against a bare FastAPI ceiling (`make bench`)."""
