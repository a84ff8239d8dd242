"""HamStrong: an evidence-based hamstring and posterior-chain training coach."""

__version__ = "0.1.0"
