"""The customer book: its storage (one SQLite file per account) and the concepts kept in it."""
