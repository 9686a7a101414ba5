"""Block Kit for a network: setup, the roster, profiles and the Home tab."""
