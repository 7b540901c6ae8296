"""Load one of the repository's scripts (site_src/build/*.py, tests/pyodide/*.py) as a module.

They are scripts run with `python path/to/script.py`, not packages: site_src/build/ cannot be
imported by name (it would shadow the `build` package the Makefile uses)."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def load_script(path: Path, name: str) -> ModuleType:
    """The module of the script at `path`, imported under `name` (runs its top level once)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
