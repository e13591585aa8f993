"""A guide's account on an HQ: signing in, where its token and files live."""
