"""The package version, in a module of its own so that any layer can stamp it on its
records without importing the package's public surface."""

__version__ = "0.1.0"
