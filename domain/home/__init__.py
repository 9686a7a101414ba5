"""App Home: what the network wants from a person this week, and how the network is doing."""
