"""Synthetic national-scale data cloned from the loaded catalogues (see generate.py)."""

from .generate import Options, generate, search_text_of

__all__ = ["Options", "generate", "search_text_of"]
