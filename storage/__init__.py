"""Persistence for peerbot: typed models, engines and sessions, queries, migrations."""
