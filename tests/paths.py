"""Paths the tests share: the project root, the labelled data and the fixtures (tests are laid out like the
package, one folder per layer, so a test never counts parents of its own file)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
FIXTURES = TESTS / "fixtures"
#: The small gazetteer the ingest fixtures are written for (the ``ingest_gazetteer`` fixture).
INGEST_GAZETTEER = FIXTURES / "ingest" / "gazetteer"
