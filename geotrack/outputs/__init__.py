"""Outputs: the interactive map (:mod:`~geotrack.outputs.map`), exports (:mod:`~geotrack.outputs.export`)
and monitoring reports. Each takes the mentions frame of ``Store.mentions_frame`` and writes a file."""
