"""paperprep: read a domain's most-cited papers before an applied-ML interview."""

from __future__ import annotations

__version__ = "0.1.0"
