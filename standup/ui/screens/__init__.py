"""Full screens of the board app: the board itself, help, and placeholders."""
