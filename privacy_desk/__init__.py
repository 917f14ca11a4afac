"""Privacy Desk: the JACCES privacy office's application for privacy requests and their notices."""

__version__ = "0.1.0"
