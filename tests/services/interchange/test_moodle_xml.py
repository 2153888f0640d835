"""Moodle XML and GIFT writing: text that survives HTML both ways, true/false checks, weights
Moodle accepts, and what cannot be written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moodle_xml_rules import moodle_problems

from quizapp.content.specs import ChoiceSpec, DiscussionSpec, McSpec, ReadingSpec
from quizapp.services.interchange.bank.exporting import ExportError
from quizapp.services.interchange.bank.markup import html_to_text
from quizapp.services.interchange.gift.syntax import parse_gift
from quizapp.services.interchange.gift.writer import export_reading
from quizapp.services.interchange.moodle_xml.reader import parse_moodle_xml
from quizapp.services.interchange.moodle_xml.writer import content_html, export_reading_xml


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *<>&\"'\n\t]\u00a0-_#é")), max_size=60))
def test_text_to_html_and_back_is_stable(text):
    html = content_html(text)
    back, lost = html_to_text(html)
    assert lost == []
    assert content_html(back) == html


def test_paragraphs_lines_and_emphasis():
    html = content_html("First *line*\nsecond  line\n\n\nA <b> & c\n\n5 * 3 * 2")
    assert html == ("<p>First <em>line</em><br>second line</p><p>A &lt;b&gt; &amp; c</p>"
                    "<p>5 * 3 * 2</p>")
    assert html_to_text(html) == ("First *line*\nsecond line\n\nA <b> & c\n\n5 * 3 * 2", [])


def _choice(cid: str, text: str, correct: bool = False, tag: str | None = "wrong-actor"):
    return ChoiceSpec(cid, text, f"Feedback on {text}.", correct,
                      None if correct else tag)


def _reading(*questions: McSpec) -> ReadingSpec:
    return ReadingSpec(
        path="x.yaml", slug="tf", title="T", original_title="", publication="not stated",
        author="not stated", date="not stated", source_file="", description="D",
        summary=[{"id": "s1", "heading": "H", "text": "Text with *stress*."}],
        key_points=["k"], key_terms=[], questions=list(questions),
        discussion=[DiscussionSpec("tf-d1", "Discuss -- the claim?", "s1",
                                   stance={"left": "no -- never", "right": "yes", "points": 5})])


def test_a_true_false_check_goes_out_as_moodle_true_false_and_comes_back():
    false_is_right = McSpec("tf-q1", "The vote was unanimous.", "s1", "It was not.",
                            [_choice("t", "True"), _choice("f", "False", correct=True)])
    spec = _reading(false_is_right)
    gift = export_reading(spec)
    assert ("::tf-q1::[plain]The vote was unanimous. {F#Feedback on True.#Feedback on False."
            "####It was not.}") in gift
    xml = export_reading_xml(spec)
    assert moodle_problems(xml) == []
    assert '<question type="truefalse">' in xml
    for parsed in (parse_gift(gift), parse_moodle_xml(xml)):
        check = next(i for i in parsed.items if i.kind == "mc")
        assert [(c.text, c.correct, c.feedback) for c in check.choices] == [
            ("True", False, "Feedback on True."), ("False", True, "Feedback on False.")]
        assert check.general_feedback == "It was not."
        assert check.meta["choices"] == ["t", "f"]


def test_multiple_answer_weights_are_on_moodle_grade_list():
    three = McSpec("tf-q2", "Select all that apply.", "s1", "E",
                   [_choice(c, c.upper(), correct=c in "abc") for c in "abcd"], multiple=True)
    spec = _reading(three)
    gift = export_reading(spec)
    assert "\t~%33.33333%A#" in gift and "\t~%-100%D#" in gift
    xml = export_reading_xml(spec)
    assert moodle_problems(xml) == []
    assert xml.count('fraction="33.33333"') == 3
    assert not parse_gift(gift).issues and not parse_moodle_xml(xml).issues


def test_eleven_right_answers_cannot_share_100_percent():
    many = McSpec("tf-q3", "Select all.", "s1", "E",
                  [_choice(f"c{i}", f"C{i}", correct=i < 11) for i in range(12)],
                  multiple=True)
    with pytest.raises(ExportError, match="11 right answers cannot share 100%"):
        export_reading_xml(_reading(many))
    with pytest.raises(ExportError):
        export_reading(_reading(many))


def test_texts_that_look_like_gift_syntax_are_written_safely():
    odd = McSpec("tf-q4", "Which?", "s1", "[html] is not a format here",
                 [_choice("a", "%50% of voters", correct=True), _choice("b", "[markdown]x"),
                  _choice("c", "%20% abstained")])
    gift = export_reading(_reading(odd))
    item = next(i for i in parse_gift(gift).items if i.kind == "mc")
    assert [c.text for c in item.choices] == ["%50% of voters", "[markdown]x",
                                              "%20% abstained"]
    assert item.general_feedback == "[html] is not a format here"
    assert "\t~%0%%20% abstained" in gift


def test_comments_survive_a_double_dash():
    xml = export_reading_xml(_reading())
    # '--' may not appear inside an XML comment: the JSON escapes it, and reads back the same.
    assert '"no -\\u002d never"' in xml
    essay = next(i for i in parse_moodle_xml(xml).items if i.kind == "essay")
    assert essay.text == "Discuss -- the claim?"
    assert essay.meta["stance"] == {"left": "no -- never", "right": "yes", "points": 5}
