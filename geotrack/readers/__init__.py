"""Readers turn files, folders, feeds and stdin into :class:`~geotrack.models.Document` objects."""

from __future__ import annotations

from geotrack.readers.base import ReadProblem

__all__ = ["ReadProblem"]
