"""Service functions: every write to the books goes through here."""
