"""Bagalau (бағалау, "evaluation"): performance evaluation of "B" corps civil servants."""

__version__ = "0.1.0"
