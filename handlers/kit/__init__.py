"""The listener kit every feature uses: error guard, dependencies, forms, sub-commands, post-ack work."""
