"""The calls a screen makes: `fn(book, …) -> result`, each in its own transaction, writes
returning a change notice, long jobs taking a progress sink and a cancel token."""
