"""Core: data, services and domain logic. Never imports Qt."""
