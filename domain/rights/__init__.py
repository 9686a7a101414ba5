"""Data rights: a person's copy of their data, and what forgetting them keeps and removes."""
