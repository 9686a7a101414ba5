"""The cross-state resource library: links members share, found again by search and a weekly digest."""
