"""Cookie Inspector: see, understand and remove the cookies in every browser on this computer."""

__version__ = "0.1.0"
