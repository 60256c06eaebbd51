"""REFI-QDA exchange: ``.qdpx`` projects and ``.qdc`` codebooks (QDA-XML 1.0)."""

from __future__ import annotations

from qualcode.io.refiqda.model import ImportReport, Project
from qualcode.io.refiqda.reader import open_qdpx

__all__ = ["ImportReport", "Project", "open_qdpx"]
