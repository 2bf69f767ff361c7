"""The explicit extractor: built from a gazetteer and context data, the defaults built in one place."""

from __future__ import annotations

import subprocess
import sys

from geotrack.context import default_context
from geotrack.extract import Extractor, analyse, default_extractor, extract, extractor_for
from geotrack.gazetteer import Gazetteer, default_gazetteer
from geotrack.models import Site

TEXT = "Russian cargo planes landed at al-Jufra air base on Tuesday, 20 km south of Hun."


def test_the_default_extractor_is_built_once_from_the_defaults() -> None:
    ext = default_extractor()
    assert ext is default_extractor()
    assert ext.gazetteer is default_gazetteer()
    assert ext.context is default_context()
    assert extractor_for(default_gazetteer()) is ext


def test_module_functions_are_the_extractor_methods() -> None:
    ext = Extractor()
    assert extract(TEXT) == ext.extract(TEXT)
    assert analyse(TEXT, doc_id="d") == ext.analyse(TEXT, doc_id="d")
    assert [m.site_id for m in ext.extract(TEXT)] == ["al-jufra", "hun"]


def test_a_custom_gazetteer_gets_its_own_extractor() -> None:
    gaz = Gazetteer([Site("zed-strip", "airstrip", "Zed strip", "", 27.0, 16.0, "user:test", layer="user",
                          variants=("Zed",))])
    ext = extractor_for(gaz)
    assert ext is extractor_for(gaz)
    assert ext is not default_extractor()
    assert [m.site_id for m in extract("Planes left Zed today.", gaz)] == ["zed-strip"]
    assert extract(TEXT, gaz) == []


def test_the_gazetteer_and_context_load_without_extraction() -> None:
    code = ("import sys, geotrack.gazetteer, geotrack.gazetteer.user, geotrack.context; "
            "print(sorted(m for m in sys.modules if m.startswith(('geotrack.extract', 'geotrack.store'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
