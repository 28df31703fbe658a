"""pynix: a Nix language evaluator written in Python."""

__version__ = "0.1.0"
