"""A network: setting it up in its home channel, its roster, roles and member profiles."""
