"""Find the templates and domains that ship with paperprep.

In a wheel they live inside the package (``paperprep/templates``, ``paperprep/domains``: hatchling
``force-include``). In a source checkout they stay where the design card puts them, at the top
(``templates/``, ``domains/``), so we look there second.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def builtin_dir(name: str) -> Traversable:
    """The shipped ``templates`` or ``domains`` folder."""
    packaged = resources.files("paperprep") / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"paperprep is installed without its {name}/ folder")
