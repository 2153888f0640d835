"""A small element tree with line numbers, parsed by expat with every DTD refused.

Uploaded files are untrusted. Moodle XML never has a DOCTYPE, and a DOCTYPE is where entity
expansion attacks (billion laughs, quadratic blow-up) and external entities (XXE: reading
local files or URLs) live, so the parser refuses any DOCTYPE, entity declaration or external
reference outright rather than trying to make them safe. That is what defusedxml's
``forbid_dtd`` does; doing it here with the standard library's expat also gives the line
numbers ElementTree does not keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NoReturn
from xml.parsers import expat


class XmlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # comments just before this element

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def first(self, *path: str) -> Node | None:
        node: Node | None = self
        for tag in path:
            node = next((c for c in node.children if c.tag == tag), None) if node else None
        return node

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def value(self, *path: str, default: str = "") -> str:
        """The trimmed text at ``path`` (Moodle's getpath(..., istext=true))."""
        node = self.first(*path)
        return node.text.strip() if node is not None else default


def parse_xml(data: str | bytes) -> Node:
    """The document's root element. Raises XmlError (with the line) for anything else."""
    if isinstance(data, str):
        data = data.lstrip("\ufeff").encode("utf-8")
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.buffer_text = True
    stack: list[Node] = []
    root: list[Node] = []
    pending: list[str] = []

    def refuse(what: str) -> NoReturn:
        raise XmlError(parser.CurrentLineNumber, f"{what}: Moodle XML has none, and quizapp "
                       "refuses one (it can expand entities or read other files)")

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, dict(attrs), parser.CurrentLineNumber, comments=pending[:])
        pending.clear()
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()
        pending.clear()

    def data_(text: str) -> None:
        if stack:
            stack[-1].parts.append(text)

    def comment(text: str) -> None:
        pending.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data_
    parser.CommentHandler = comment
    parser.StartDoctypeDeclHandler = lambda *_a: refuse("a DOCTYPE")
    parser.EntityDeclHandler = lambda *_a: refuse("an entity declaration")
    parser.ExternalEntityRefHandler = lambda *_a: refuse("an external entity")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(exc.lineno, f"not well-formed XML ({expat.ErrorString(exc.code)})") \
            from exc
    return root[0]
