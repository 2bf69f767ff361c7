"""The text layer: one script test and the Arabic prefixes, importable alone."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from geotrack.text.arabic import AL_PREFIXES, PLAIN_PREFIXES, SHORT_PREFIXES, is_arabic


def test_is_arabic_on_examples() -> None:
    assert is_arabic("قاعدة الجفرة") is True
    assert is_arabic("al-Jufra air base") is False
    assert is_arabic("") is False
    assert is_arabic("Jufra الجفرة") is True
    assert is_arabic("\u0600") is True
    assert is_arabic("\u06ff") is True
    assert is_arabic("\u05ff\u0700") is False  # Hebrew and Syriac, either side of the block


@given(st.text())
def test_is_arabic_is_the_block_rule(s: str) -> None:
    assert is_arabic(s) == any("\u0600" <= c <= "\u06ff" for c in s)


def test_short_names_take_a_subset_of_the_plain_prefixes() -> None:
    assert SHORT_PREFIXES <= PLAIN_PREFIXES
    assert all(p.endswith(("ال", "لل")) for p in AL_PREFIXES)


def test_the_text_layer_loads_no_other_geotrack_module() -> None:
    # geotrack._compiled__mypyc is not a layer: it is the shared runtime of the compiled build, which every
    # compiled module loads (its name is set in hatch_build.py)
    code = ("import sys, geotrack; before = set(sys.modules); "
            "import geotrack.text.normalize, geotrack.text.sentences, geotrack.text.arabic; "
            "print(sorted(m for m in set(sys.modules) - before if m.startswith('geotrack') and "
            "not m.startswith(('geotrack.text', 'geotrack._compiled__mypyc'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
