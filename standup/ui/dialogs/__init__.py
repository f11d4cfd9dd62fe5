"""Modal forms, one per file. Each validates through :mod:`standup.ops` before it closes."""
