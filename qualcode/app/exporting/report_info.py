"""What every report says about the project: its title and author (DOCX properties) and its language.

``[project] title`` and ``[project] author`` in qualcode.toml name the thesis and its writer; without them the
project's name and the acting coder are used. A report's language is ``--lang`` when given, else
``[project] report_language``, else ``[project] language`` (the project's language, which ``qualcode init
--language`` writes), else the caller's fallback: a Chinese project reports in Chinese unless told otherwise.
"""

from __future__ import annotations

from qualcode.io.docx_document import DocumentInfo

REPORT_LANGUAGES = ("zh", "en")


def document_info(project, subject: str = "") -> DocumentInfo:
    title = str(project.setting("project.title", "") or project.setting("project.name", "") or project.root.name)
    author = str(project.setting("project.author", "") or project.coder or "")
    return DocumentInfo(title=title, author=author, subject=subject)


def report_language(project, explicit: str | None, fallback: str = "en") -> str:
    """``--lang`` if given, else the project's language, so a Chinese project reports in Chinese by default."""
    if explicit:
        return explicit
    for key in ("project.report_language", "project.language"):
        declared = str(project.setting(key, "") or "").strip().lower()
        if declared in REPORT_LANGUAGES:
            return declared
    return fallback
