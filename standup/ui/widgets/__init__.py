"""The board's parts: the PM header, the questions and blocked tables, people, notes."""
