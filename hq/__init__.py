"""Guichet headquarters server: receives every counter's day, serves reference data,
registers online filings and shows statistics (DESIGN.md "Sync", "Storage")."""
