"""The versions requirements-dev.txt pins, for what is installed or downloaded outside the venv
with the same version: pyodide-build's build requirements (site_src/build/pyodide_wheel.py) and
the wheels the tests load inside Pyodide (tests/pyodide/pyodide_dist.py)."""
from __future__ import annotations

import re
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements-dev.txt"


def pin(name: str) -> str:
    """`name==version` as requirements-dev.txt pins `name`; SystemExit if it pins none."""
    text = REQUIREMENTS.read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(name)}==([\w.]+)\s*(?:#.*)?$", text, re.M)
    if not match:
        raise SystemExit(f"requirements-dev.txt pins no {name}")
    return f"{name}=={match.group(1)}"
