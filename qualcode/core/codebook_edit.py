"""Edit a codebook YAML file in place, keeping its comments, order and quoting.

Every edit loads the file in ruamel round-trip mode, changes the tree, validates
the result (optionally together with the project's other codebooks, via
``siblings``) and only then replaces the file atomically.  An edit that would
make the codebook invalid raises :class:`CodebookError` and leaves the file as
it was.  Re-pointing codings after a merge is the database's job, not this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from qualcode.core.codebook import check_together, validate_codebook_text
from qualcode.core.codebook_schema import CodebookValidationError, ValidatedCodebook, normalized_colour
from qualcode.core.codebook_writer import flow_map, flow_seq, node_document
from qualcode.core.codebook_yaml import dump_yaml, parse_yaml, read_text, write_atomically
from qualcode.core.errors import ChangedMeanwhileError, CodebookError, Location, NotFoundError
from qualcode.core.keyword_rules import parse_keyword_rule
from qualcode.core.models import LANGUAGES, Codebook

Paths = Iterable[Path | str]


@dataclass
class _Found:
    node: CommentedMap
    container: CommentedSeq  # the list holding the node (themes or a parent's codes)
    parent: CommentedMap | None
    ancestors: tuple[str, ...]


def add_keywords(path: Path | str, code_id: str, words: Sequence[str], language: str,
                 *, siblings: Paths = ()) -> Codebook:
    """Append keywords to a code; words it already has (ignoring case) are skipped."""
    _check_language(language)

    def change(document: CommentedMap) -> None:
        node = _find(document, code_id, path).node
        existing = _keyword_seq(node, language)
        known = {_normalized(word, language) for word in existing}
        for word in words:
            key = _normalized(word, language)
            if key not in known:
                existing.append(word.strip())
                known.add(key)

    return _edit(path, change, siblings)


def set_keywords(path: Path | str, code_id: str, language: str, words: Sequence[str],
                 *, siblings: Paths = (), based_on: Sequence[str] | None = None) -> Codebook:
    """Replace a code's keyword list for one language.

    ``based_on``: the list the editor showed before the change; when the file holds another list now (a
    `qualcode keywords add` beside the open editor), the editor's additions and removals are applied to it
    instead, so the words added elsewhere are kept."""
    _check_language(language)

    def change(document: CommentedMap) -> None:
        existing = _keyword_seq(_find(document, code_id, path).node, language)
        replacement = _keeping_quotes(existing, rebased(existing, based_on, words))
        existing.clear()
        existing.extend(replacement)

    return _edit(path, change, siblings)



def rebased(current: Sequence[Any], based_on: Sequence[str] | None, wanted: Sequence[str]) -> list[str]:
    """``wanted`` when the file still holds ``based_on`` (or no base is known); else the file's list with the
    items ``wanted`` dropped from ``based_on`` removed and those it added appended: a list changed elsewhere
    meanwhile keeps that change."""
    now = [str(item) for item in current]
    if based_on is None or now == [str(item) for item in based_on]:
        return list(wanted)
    base = {item.strip() for item in based_on}
    wanted_set = {item.strip() for item in wanted}
    removed = base - wanted_set
    kept = [item for item in now if item.strip() not in removed]
    have = {item.strip() for item in kept}
    return kept + [item for item in wanted if item.strip() not in base and item.strip() not in have]


def _keeping_quotes(existing: Sequence[Any], items: Sequence[Any]) -> list[Any]:
    """The new items, each one the file already holds reused as it is (a quoted scalar keeps its quotes),
    so replacing a list changes only the items that changed; new text is stripped."""
    held = {str(item): item for item in existing if isinstance(item, str)}
    return [held.get(item.strip(), item.strip()) if isinstance(item, str) else item for item in items]


TEXT_FIELDS = ("key", "color", "description", "include", "exclude")


def set_text_field(path: Path | str, code_id: str, field: str, value: str,
                   *, siblings: Paths = (), based_on: str | None = None) -> Codebook:
    """Set one of a code's text fields (description, include, exclude, key, colour); empty text removes it.

    ``based_on``: the text the editor showed. When the file holds other text now (changed by hand or by a
    command while the editor was open), the file's text is kept: a value left as it was shown changes nothing,
    and a new one raises :class:`ChangedMeanwhileError` (nothing written) rather than overwrite it."""
    if field not in TEXT_FIELDS:
        raise CodebookError(f"'{field}' is not a text field of a code; use one of {', '.join(TEXT_FIELDS)}",
                            Location(path))

    def change(document: CommentedMap) -> None:
        node = _find(document, code_id, path).node
        text = value.strip()
        if based_on is not None and not _still_as_shown(field, node.get(field), based_on, text, code_id, path):
            return
        if text:
            node[field] = text
        elif field in node:
            del node[field]

    return _edit(path, change, siblings)


def _as_shown(field: str, raw: Any) -> str:
    """A field's text as an editor shows it (the way the Code holds it: stripped, a colour in its long form)."""
    text = "" if raw is None else str(raw).strip()
    return normalized_colour(text) if field == "color" else text


def _still_as_shown(field: str, raw: Any, based_on: str, typed: str, code_id: str, path: Path | str) -> bool:
    """True when the editor may write ``typed``: the file still holds what the editor showed. False when the file
    changed but there is nothing to write (the typed text is the file's, or the text shown, left as it was);
    a clash raises ChangedMeanwhileError."""
    now, shown, new = _as_shown(field, raw), _as_shown(field, based_on), _as_shown(field, typed)
    if now == shown:
        return True
    if new in (now, shown):
        return False
    raise ChangedMeanwhileError(code_id, ((field, now, typed),), Location(path))


def set_examples(path: Path | str, code_id: str, examples: Sequence[str], *, siblings: Paths = (),
                 based_on: Sequence[str] | None = None) -> Codebook:
    """Replace a code's example quotations (an empty list removes the key); ``based_on`` as for set_keywords."""

    def change(document: CommentedMap) -> None:
        node = _find(document, code_id, path).node
        kept = [example for example in rebased(node.get("examples") or [], based_on, examples) if example.strip()]
        if kept:
            seq = _block_seq(node, "examples")
            seq[:] = _keeping_quotes(seq, kept)
        elif "examples" in node:
            del node["examples"]

    return _edit(path, change, siblings)


def add_code(path: Path | str, parent_id: str | None, code_fields: Mapping[str, Any],
             *, siblings: Paths = ()) -> Codebook:
    """Add a code as the last child of ``parent_id`` (a new theme when it is None)."""

    def change(document: CommentedMap) -> None:
        if parent_id is None:
            container = _themes(document, path)
        else:
            container = _children(_find(document, parent_id, path).node)
        container.append(node_document(code_fields))

    return _edit(path, change, siblings)


def rename_code(path: Path | str, code_id: str, new_labels: Mapping[str, str],
                *, siblings: Paths = (), based_on: Mapping[str, str] | None = None) -> Codebook:
    """Change some or all of a code's labels, e.g. ``{"en": "Goal focus"}``; ``based_on``: the labels the editor
    showed, as for set_text_field (a label changed in the file meanwhile is kept; a clash writes nothing)."""
    for language in new_labels:
        _check_language(language)

    def change(document: CommentedMap) -> None:
        node = _find(document, code_id, path).node
        labels = node.get("label")
        if not isinstance(labels, CommentedMap):
            labels = node["label"] = flow_map({})
        wanted = dict(new_labels)
        if based_on is not None:
            clashes = []
            for language, text in new_labels.items():
                now = _as_shown("label", labels.get(language))
                shown, new = _as_shown("label", based_on.get(language)), _as_shown("label", text)
                if now == shown:
                    continue
                del wanted[language]  # changed in the file: never written over
                if new not in (now, shown):
                    clashes.append((f"label.{language}", now, text))
            if clashes:
                raise ChangedMeanwhileError(code_id, tuple(clashes), Location(path))
        for language, text in wanted.items():
            labels[language] = text

    return _edit(path, change, siblings)


_UNCHECKED = object()


def move_code(path: Path | str, code_id: str, new_parent_id: str | None,
              *, siblings: Paths = (), based_on: Any = _UNCHECKED) -> Codebook:
    """Move a code (with its children) under another parent, or to the top level.

    ``based_on``: the parent the editor showed when the move was asked (None: the top level). When the file puts
    the code under another parent now (moved by hand or by a command while the editor's picker was open), the
    file's place is kept: moving to where it is now changes nothing, and another parent raises
    :class:`ChangedMeanwhileError` (field ``parent``; nothing written) rather than undo that move unsaid. Every
    other change made in the file meanwhile is kept anyway: the move is made on the file as it is now."""

    def change(document: CommentedMap) -> None:
        found = _find(document, code_id, path)
        if based_on is not _UNCHECKED:
            now = found.ancestors[-1] if found.ancestors else None
            if now != based_on:
                if now == new_parent_id:
                    return
                raise ChangedMeanwhileError(code_id, (("parent", now or "", new_parent_id or ""),), Location(path))
        if new_parent_id is None:
            target = _themes(document, path)
        else:
            parent = _find(document, new_parent_id, path)
            if new_parent_id == code_id or code_id in parent.ancestors:
                raise CodebookError(f"cannot move '{code_id}' under itself or its own descendant "
                                    f"'{new_parent_id}'", Location(path))
            target = _children(parent.node)
        _detach(found)
        target.append(found.node)

    return _edit(path, change, siblings)


def merge_codes(path: Path | str, source_id: str, target_id: str,
                *, siblings: Paths = ()) -> Codebook:
    """Fold ``source_id`` into ``target_id`` and remove it.

    The target keeps its own labels, texts, key and colour and gains the source's
    keywords, examples, negated_suggests and children; references to the source
    elsewhere in the file now point at the target.
    """

    refuse_merge_referenced_elsewhere(path, source_id, target_id, siblings)

    def change(document: CommentedMap) -> None:
        if source_id == target_id:
            raise CodebookError(f"cannot merge '{source_id}' into itself", Location(path))
        source = _find(document, source_id, path)
        target = _find(document, target_id, path)
        if source_id in target.ancestors:
            raise CodebookError(f"cannot merge '{source_id}' into its own descendant '{target_id}'",
                                Location(path))
        _merge_keywords(source.node, target.node)
        _append_new(source.node.get("examples"), lambda: _block_seq(target.node, "examples"))
        for child in list(source.node.get("codes") or []):
            _children(target.node).append(child)
        _append_new(source.node.get("negated_suggests"), lambda: _flow_seq_at(target.node, "negated_suggests"))
        _detach(source)
        _repoint_references(document, source_id, target_id)
        _drop_self_references(target.node)

    return _edit(path, change, siblings)


def refuse_merge_referenced_elsewhere(path: Path | str, source_id: str, target_id: str, siblings: Paths) -> None:
    """Refuse to merge ``source_id`` away while another codebook file names it (``negated_suggests``): the merge
    rewrites only the source's own file, so the other file would name a code that no longer exists. The refusal
    names that file, line and column and what to change there. (Rewriting the other file too would make one
    merge change two files, which undo puts back one at a time; the researcher's one-word edit is safer.)"""
    path = Path(path)
    for other in (Path(p) for p in siblings):
        if other.resolve() == path.resolve() or not other.is_file():
            continue
        try:
            validated = validate_codebook_text(read_text(other), other)
        except CodebookError:
            continue  # a broken sibling is reported by the check after the change, with its own place
        for code_id, referenced, where in validated.reference_sites:
            if referenced == source_id:
                raise CodebookError(
                    f"code '{code_id}' names '{source_id}' in its negated_suggests, so '{source_id}' cannot be "
                    f"merged into '{target_id}' (codebooks are merged one file at a time); change '{source_id}' "
                    f"to '{target_id}' there, or remove it, then merge again", where)


# --------------------------------------------------------------------------- machinery
def _edit(path: Path | str, change: Callable[[CommentedMap], None], siblings: Paths) -> Codebook:
    path = Path(path)
    text = read_text(path)
    validate_codebook_text(text, path)  # refuse to edit a file that is already broken
    document = parse_yaml(text, path)
    change(document)
    new_text = dump_yaml(document)
    try:
        validated = validate_codebook_text(new_text, path)
        _check_with_siblings(validated, path, siblings)
    except CodebookError as error:
        problems = error.problems if isinstance(error, CodebookValidationError) else (error,)
        # A problem in another codebook (a reference to a code this edit removes) says where it is: the
        # researcher had a code's name and no file to look in.
        details = "; ".join(f"{problem.message} (at {problem.location})" if _elsewhere(problem, path)
                            else problem.message for problem in problems)
        raise CodebookError(f"change not saved, it would make the codebook invalid: {details}",
                            Location(path)) from None
    write_atomically(path, new_text)
    return validated.codebook


def _elsewhere(problem: CodebookError, path: Path) -> bool:
    where = problem.location
    return where is not None and where.path is not None and Path(where.path).resolve() != path.resolve()


def _check_with_siblings(validated: ValidatedCodebook, path: Path, siblings: Paths) -> None:
    others = [Path(p) for p in siblings if Path(p).resolve() != path.resolve()]
    if others:
        check_together([validated] + [validate_codebook_text(read_text(p), p) for p in others])


def _walk(nodes: Any, parent: CommentedMap | None, ancestors: tuple[str, ...]) -> Iterator[_Found]:
    if not isinstance(nodes, CommentedSeq):
        return
    for node in nodes:
        if isinstance(node, CommentedMap):
            yield _Found(node, nodes, parent, ancestors)
            yield from _walk(node.get("codes"), node, ancestors + (str(node.get("id")),))


def _find(document: CommentedMap, code_id: str, path: Path | str) -> _Found:
    for found in _walk(document.get("themes"), None, ()):
        if found.node.get("id") == code_id:
            return found
    raise NotFoundError(f"no code '{code_id}' in this codebook", Location(path))


def _themes(document: CommentedMap, path: Path | str) -> CommentedSeq:
    themes = document.get("themes")
    if not isinstance(themes, CommentedSeq):
        raise CodebookError("codebook has no 'themes' list", Location(path))
    return themes


def _children(node: CommentedMap) -> CommentedSeq:
    if not isinstance(node.get("codes"), CommentedSeq):
        node["codes"] = CommentedSeq()
    return node["codes"]


def _detach(found: _Found) -> None:
    index = next(i for i, item in enumerate(found.container) if item is found.node)
    del found.container[index]
    if found.parent is not None and not found.container:
        del found.parent["codes"]


def _keyword_seq(node: CommentedMap, language: str) -> CommentedSeq:
    keywords = node.get("keywords")
    if not isinstance(keywords, CommentedMap):
        keywords = node["keywords"] = flow_map({})
    if not isinstance(keywords.get(language), CommentedSeq):
        keywords[language] = flow_seq([])
    return keywords[language]


def _block_seq(node: CommentedMap, key: str) -> CommentedSeq:
    if not isinstance(node.get(key), CommentedSeq):
        node[key] = CommentedSeq()
    return node[key]


def _flow_seq_at(node: CommentedMap, key: str) -> CommentedSeq:
    if not isinstance(node.get(key), CommentedSeq):
        node[key] = flow_seq([])
    return node[key]


def _append_new(items: Any, target: Callable[[], CommentedSeq]) -> None:
    if not items:
        return
    seq = target()
    for item in items:
        if item not in seq:
            seq.append(item)


def _merge_keywords(source: CommentedMap, target: CommentedMap) -> None:
    keywords = source.get("keywords")
    if not isinstance(keywords, Mapping):
        return
    for language, words in keywords.items():
        if language not in LANGUAGES or not words:
            continue
        existing = _keyword_seq(target, language)
        known = {_normalized(word, language) for word in existing}
        for word in words:
            if _normalized(word, language) not in known:
                existing.append(word)
                known.add(_normalized(word, language))


def _repoint_references(document: CommentedMap, source_id: str, target_id: str) -> None:
    for found in _walk(document.get("themes"), None, ()):
        references = found.node.get("negated_suggests")
        if not isinstance(references, CommentedSeq) or source_id not in references:
            continue
        position = list(references).index(source_id)
        kept = [r for r in references if r != source_id]
        if target_id not in kept:
            kept.insert(position, target_id)
        references[:] = kept


def _drop_self_references(node: CommentedMap) -> None:
    references = node.get("negated_suggests")
    if isinstance(references, CommentedSeq) and node.get("id") in references:
        references[:] = [r for r in references if r != node.get("id")]
        if not references:
            del node["negated_suggests"]


def _normalized(word: Any, language: str) -> str:
    try:
        return parse_keyword_rule(word, language).normalized
    except CodebookError:
        return str(word)  # invalid words are reported by validation, with their position


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise CodebookError(f"unknown language '{language}'; use {' or '.join(LANGUAGES)}")
