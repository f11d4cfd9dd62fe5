"""standup — a shared terminal board for a product team's daily stand-up."""

__version__ = "0.1.0"
