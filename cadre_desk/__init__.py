"""cadre_desk — books for retired-cadre community stations."""

__version__ = "0.1.0"
