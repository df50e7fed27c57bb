"""PDF extraction: clean page text, top-level sections, evidence per note field, metadata.

``extract_pdf`` reads one PDF (bytes or a binary stream); ``extract_files`` reads many in worker
processes with a per-file timeout. Engines: pypdfium2 (fast, default) and pypdf (pure Python).
"""

from __future__ import annotations

from paperprep.extract.pipeline import extract_pdf
from paperprep.extract.pool import ExtractResult, extract_files

__all__ = ["ExtractResult", "extract_files", "extract_pdf"]
