"""Moodle's text formats turned into the content format: plain text whose paragraphs are
separated by blank lines and whose ``*word*`` is emphasis (rendered in summaries).

``html`` (and ``moodle``, Moodle's auto-format, which allows HTML and turns line breaks into
``<br>``) is converted: bold/italic/emphasis become ``*...*``, paragraphs and other blocks a
blank line, ``<br>`` a line break, list items lines starting ``- `` or ``1. ``; whatever has no
equivalent (images, link targets, tables, colours, monospace, unknown tags...) is dropped and
named in the returned list, so the import can say so. ``plain`` and ``markdown`` keep their
lines (``markdown``'s own ``*emphasis*`` is the content format's).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

FORMATS = ("moodle", "html", "plain", "markdown")  # GIFT's names, and ours

_PARA, _BREAK, _SPACE = "\x00P", "\x00B", "\x00_"
_BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "table", "hr",
           "section", "article", "header", "footer", "figure", "figcaption", "address",
           "aside", "main", "nav", "center", "h1", "h2", "h3", "h4", "h5", "h6", "details",
           "summary", "fieldset", "caption"}
_EMPHASIS = {"b", "strong", "i", "em", "h1", "h2", "h3", "h4", "h5", "h6", "cite", "dfn"}
_QUIET = {"span", "font", "html", "body", "thead", "tbody", "tfoot", "abbr", "acronym", "small",
          "big", "label", "bdi", "bdo", "wbr", "nobr", "time", "data", "q", "colgroup", "col",
          "li", "tr", "td", "th", "br", "a", "img", "sup", "sub", "u", "ins", "s", "strike",
          "del", "mark", "code", "tt", "kbd", "samp", "var", "pre"}
_HIDDEN = {"script", "style", "head", "title", "template", "noscript"}
_EMBEDDED = {"iframe", "video", "audio", "object", "embed", "svg", "math", "canvas", "input",
             "select", "textarea", "button", "form", "map", "picture", "source", "track"}
_STYLE_LOSS = {"u": "underlining", "ins": "underlining", "s": "strike-through",
               "strike": "strike-through", "del": "strike-through", "mark": "highlighting",
               "sup": "superscript", "sub": "subscript", "code": "monospace", "tt": "monospace",
               "kbd": "monospace", "samp": "monospace", "var": "monospace",
               "pre": "monospace (preformatted) text, kept as lines",
               "big": "font size", "small": "font size"}
_STYLE_ATTR = re.compile(r"(?i)(?:^|;)\s*(color|background|font-family|font-size)")


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[list[str]] = [[]]  # a new level per open emphasis
        self.emphasis = 0
        self.pre = 0
        self.hidden = 0
        self.lists: list[list[int]] = []  # [ordered, counter]
        self.cells = 0
        self.links: list[tuple[str, list[str]]] = []
        self.lost: list[str] = []

    def lose(self, what: str) -> None:
        if what not in self.lost:
            self.lost.append(what)

    def emit(self, text: str) -> None:
        self.parts[-1].append(text)
        for _href, seen in self.links:
            seen.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in _HIDDEN or tag in _EMBEDDED:
            self.hidden += 1
            if tag in _EMBEDDED:
                self.lose(f"embedded content <{tag}>")
            return
        if "style" in values and _STYLE_ATTR.search(values["style"]):
            self.lose("colours and fonts")
        if tag == "font" and ({"color", "face", "size"} & set(values)):
            self.lose("colours and fonts")
        if tag in _STYLE_LOSS:
            self.lose(_STYLE_LOSS[tag])
        if tag in _BLOCKS:
            self.emit(_PARA)
        if tag == "pre":
            self.pre += 1
        elif tag == "br":
            self.emit(_BREAK)
        elif tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
            self.lose("list formatting (items kept as lines starting '- ' or '1. ')")
        elif tag == "li":
            self.emit(_BREAK)
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self.emit(f"{self.lists[-1][1]}. ")
            else:
                self.emit("- ")
        elif tag == "tr":
            self.emit(_BREAK)
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.emit(" | ")
            self.cells += 1
            self.lose("table layout (cells kept as 'a | b' lines)")
        elif tag == "img":
            what = values.get("alt") or values.get("src") or ""
            self.lose(f"an image ({what})" if what else "an image")
        elif tag == "a":
            self.links.append((values.get("href", ""), []))
        elif tag in _EMPHASIS:
            self.emphasis += 1
            if self.emphasis == 1:
                self.parts.append([])
        elif tag not in _BLOCKS and tag not in _QUIET:
            self.lose(f"an unknown tag {self.get_starttag_text()}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN or tag in _EMBEDDED:
            if tag in _EMBEDDED:
                self.lose(f"embedded content <{tag}>")
            return
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr", "wbr", "col"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN or tag in _EMBEDDED:
            self.hidden = max(0, self.hidden - 1)
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "a" and self.links:
            href, seen = self.links.pop()
            shown = " ".join("".join(seen).replace(_SPACE, " ").split())
            if href and href != shown and not href.startswith("#"):
                self.lose(f"a link to {href}")
        elif tag in _EMPHASIS and self.emphasis:
            self.emphasis -= 1
            if self.emphasis == 0:
                inner = "".join(self.parts.pop())
                core = inner.strip()
                if not core:
                    self.emit(inner)
                elif "\x00" in core or "*" in core:
                    self.lose("emphasis over several lines")
                    self.emit(inner)
                else:
                    lead = inner[:len(inner) - len(inner.lstrip())]
                    trail = inner[len(inner.rstrip()):]
                    self.emit(f"{lead}*{core}*{trail}")
        if tag in _BLOCKS:
            self.emit(_PARA)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre:
            data = data.replace("\r", "").replace("\t", "    ")
            self.emit(data.replace(" ", _SPACE).replace("\n", _BREAK))
        else:
            self.emit(re.sub(r"\s+", " ", data.replace("\u00a0", " ")))

    def result(self) -> str:
        while len(self.parts) > 1:  # an emphasis never closed
            inner = self.parts.pop()
            self.parts[-1].extend(inner)
        text = "".join(self.parts[0])
        text = re.sub(r" {2,}", " ", text)
        text = re.sub(r" *((?:\x00[PB] *)+)", lambda m: _breaks(m.group(1)), text)
        text = text.replace(_SPACE, " ")
        return _tidy(text)


def _breaks(run: str) -> str:
    if _PARA in run or run.count(_BREAK) > 1:
        return "\n\n"
    return "\n"


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n").strip()


def html_to_text(text: str) -> tuple[str, list[str]]:
    parser = _Html()
    parser.feed(text)
    parser.close()
    return parser.result(), parser.lost


def _dedent_continuation(text: str) -> str:
    """Lines after the first lose their common indentation (the file's layout, not the
    text's), so a markdown list keeps its nesting and a wrapped answer its words."""
    first, *rest = text.split("\n")
    indents = [len(line) - len(line.lstrip()) for line in rest if line.strip()]
    cut = min(indents, default=0)
    return "\n".join([first.rstrip(), *(line[cut:].rstrip() for line in rest)])


def to_content(text: str, fmt: str | None) -> tuple[str, list[str]]:
    """``text`` in Moodle format ``fmt`` as content-format text, and what could not be kept."""
    fmt = fmt or "moodle"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "html":
        return html_to_text(text)
    if fmt == "moodle":
        return html_to_text(text.strip().replace("\n", "<br>"))
    if fmt == "markdown":
        return _tidy(_dedent_continuation(text.strip())), []
    return _tidy("\n".join(line.strip() for line in text.strip().split("\n"))), []
