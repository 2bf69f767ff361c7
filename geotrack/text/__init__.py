"""The text layer: normalisation with its offset map (:mod:`geotrack.text.normalize`), sentences and
paragraphs (:mod:`geotrack.text.sentences`, the one rule), script tests and Arabic prefixes
(:mod:`geotrack.text.arabic`).

Pure functions of strings that import nothing of geotrack (an import contract); everything above
(data, extraction, readers, outputs) builds on them. The submodules are imported by name: this package
binds none of their names, so ``geotrack.text.normalize`` is always the module.
"""
