"""Workbooks: importing a guide's customer sheet and exporting the book."""
