from __future__ import annotations

from paperprep.cli import main

main()
