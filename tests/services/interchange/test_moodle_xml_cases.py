"""Moodle XML read as Moodle's qformat_xml reads it: every question of the case file (Moodle's
own XML tests and fixtures, rewritten in data/moodle_xml/) against its expected result; and
files that are not Moodle XML, or declare a DTD, refused with their line."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_cases import check_cases
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.services.interchange.moodle_xml.reader import parse_moodle_xml
from quizapp.services.interchange.moodle_xml.xmltree import XmlError

DATA = Path(__file__).parent / "data" / "moodle_xml"


def test_each_question_reads_as_expected():
    parsed = parse_moodle_xml((DATA / "moodle_cases.xml").read_text(encoding="utf-8"))
    check_cases(parsed, DATA / "moodle_cases.expected.yaml")
    assert parsed.category == "$course$/top/Week 4/Mercosur"
    assert parsed.category_info == "Questions on the *Mercosur* reading."


def test_bytes_with_another_declared_encoding_are_read_as_utf8():
    text = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz><question type="essay">'
            "<name><text>E</text></name><questiontext format=\"plain_text\">"
            "<text>¿Año?</text></questiontext></question></quiz>")
    parsed = parse_moodle_xml(text)
    assert [i.text for i in parsed.items] == ["¿Año?"]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY a "ha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<quiz><question type="essay"><questiontext><text>&c;</text></questiontext></question></quiz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&secret;</text></questiontext></question></quiz>
"""


@pytest.mark.parametrize(("text", "line", "message"), [
    (BILLION_LAUGHS, 2, "a DOCTYPE: Moodle XML has none, and quizapp refuses one"),
    (EXTERNAL, 2, "a DOCTYPE"),
    ("<quiz>\n<question type='essay'>\n</quiz>", 3, "not well-formed XML (mismatched tag)"),
    ("", 1, "not well-formed XML (no element found)"),
    ("<?xml version='1.0'?>\n<questions/>", 2, "the root element is <questions>"),
    ("<quiz>&undefined;</quiz>", 1, "not well-formed XML (undefined entity)"),
])
def test_what_is_not_moodle_xml_is_refused_with_its_line(text, line, message):
    with pytest.raises(XmlError) as caught:
        parse_moodle_xml(text)
    assert caught.value.line == line
    assert message in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "<quiz>", "</quiz>", '<question type="multichoice">', '<question type="truefalse">',
    '<question type="essay">', "</question>", "<questiontext format='html'>",
    "</questiontext>", "<text>", "</text>", '<answer fraction="50">', '<answer fraction="x">',
    "</answer>", "<single>false</single>", "<![CDATA[<b>x</b>]]>", "a", "&amp;", "<tags>",
    "</tags>", "<tag>", "</tag>", "<!-- quizapp: {} -->", "<!-- quizapp: [ -->"]),
    max_size=30))
def test_never_crashes_on_odd_files(parts):
    try:
        parsed = parse_moodle_xml("".join(parts))
    except XmlError:
        return
    assert isinstance(parsed.items, list)
