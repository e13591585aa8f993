"""Tests of the release PC's signing tool."""
