"""Checks over a loaded knowledge base. Each returns diagnostics; none raises on bad cards."""
