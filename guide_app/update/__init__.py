"""Signed updates: finding and verifying an update at HQ, the install layout, the launcher."""
