"""Factories that put each feature's rows straight into the database for tests."""
