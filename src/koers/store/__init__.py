"""Where data lives: the workspace file, the warehouse (facts) and the app database (state)."""
