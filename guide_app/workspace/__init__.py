"""Managers' and HQ operators' workspaces: HQ's API as screen-facing calls, with no customer book."""
