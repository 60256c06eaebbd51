"""What every report says about the project: its title and author (DOCX properties) and its language.

``[project] title`` and ``[project] author`` in qualcode.toml name the thesis and its writer; without them the
project's name and the acting coder are used. A report's language is ``--lang`` when given, else
``[project] report_language`` (zh or en), else English. Not ``[project] language``: that key is the transcripts'
default language, written as ``zh`` into every new project, so following it would turn every report Chinese.
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
    declared = str(project.setting("project.report_language", "") or "").lower()
    return declared if declared in REPORT_LANGUAGES else fallback
