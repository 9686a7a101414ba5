"""Block Kit for the Home tab and its search modal."""
