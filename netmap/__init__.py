"""netmap: people's social networks over time, and how isolated or connected they are."""

__version__ = "0.1.0"
