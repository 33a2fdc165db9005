"""Next Round's static site generator: content/ + layouts/ + static/ -> a linked, checked site."""

__version__ = "0.1.0"
