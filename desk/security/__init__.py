"""Agents, roles, audit chain, keys and encryption at rest."""
