"""The manager's and HQ operator's workspaces: HQ's data in pages, with no customer book."""
