"""Cases and variables from document groups, for exports without ``<Cases>``.

ATLAS.ti (8.x) has no cases: researchers group documents, and name groups
``variable: value`` (or ``variable::value``) to give them variables -- the
convention ATLAS.ti itself uses when it exports document groups as SPSS
variables. When a project has no ``<Cases>`` we read it the same way: a
``variable: value`` group gives that variable to its documents, and a group
with a plain name (``Simon``) whose documents all carry the same, non-empty
variables is a case with those variables. Groups such as ``Text files``,
whose members disagree, are left alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from qualcode.io.refiqda import model
from qualcode.io.refiqda.xmlsafe import attr, children

_VARIABLE_GROUP = re.compile(r"^\s*([^:]+?)\s*::?\s*(\S.*?)\s*$")


@dataclass
class DocumentGroups:
    variables_by_source: dict[str, dict[str, str]] = field(default_factory=dict)
    plain_groups: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # guid, name, members

    def cases(self) -> tuple[tuple[model.Case, ...], str]:
        found: list[model.Case] = []
        for guid, name, members in self.plain_groups:
            values = [self.variables_by_source.get(m.upper(), {}) for m in members]
            if members and values[0] and all(v == values[0] for v in values):
                found.append(model.Case(guid=guid, name=name, variables=dict(values[0]), source_guids=members))
        if not found:
            return (), ""
        names = ", ".join(c.name for c in found)
        return tuple(found), (f"no <Cases> in the file; {len(found)} cases read from document groups whose "
                              f"documents share the same 'variable: value' groups: {names}")


def read_document_groups(root: ET.Element) -> DocumentGroups:
    groups = DocumentGroups()
    for sets in children(root, "Sets"):
        for element in children(sets, "Set"):
            members = tuple(attr(m, "targetGUID") for m in children(element, "MemberSource"))
            if not members:
                continue
            name = attr(element, "name")
            match = _VARIABLE_GROUP.match(name)
            if match:
                variable, value = match.groups()
                for member in members:
                    groups.variables_by_source.setdefault(member.upper(), {})[variable] = value
            else:
                groups.plain_groups.append((attr(element, "guid"), name, members))
    return groups
