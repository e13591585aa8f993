"""The release PC's tools: signing keys and the signed update repository (never on HQ)."""
