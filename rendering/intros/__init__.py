"""Block Kit for peer introductions."""
