"""Iqama Guide calculator: residency fines and renewal costs for Kuwait and Saudi Arabia.

Rules are dated, cited data (calculator/rules); every result explains itself in Arabic and
English. Public API: `estimate(command, params, lang)`; see CONTRACT.md.
"""
from .api import COMMANDS, estimate
from .engine.errors import CalcError
from .engine.rules import load_rulebook
from .kuwait import CATEGORIES as KUWAIT_CATEGORIES

__all__ = ["COMMANDS", "CalcError", "KUWAIT_CATEGORIES", "estimate", "load_rulebook"]
__version__ = "0.1.0"
