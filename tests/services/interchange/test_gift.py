"""GIFT parsing: the syntax corners, and what is skipped (with its line), never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.services.interchange.gift.syntax import parse_gift
from quizapp.services.interchange.gift.writer import escape


def one(text: str):
    parsed = parse_gift(text)
    assert len(parsed.items) == 1, (parsed.items, parsed.issues)
    return parsed.items[0]


def test_single_answer_with_feedback_and_general_feedback():
    item = one("::Q1:: What is 2+2? {=four#Right. ~three#Too few. ~five#Too many. "
               "####Count on your fingers.}")
    assert item.kind == "mc" and not item.multiple
    assert item.title == "Q1" and item.text == "What is 2+2?"
    assert [(c.text, c.correct, c.feedback) for c in item.choices] == [
        ("four", True, "Right."), ("three", False, "Too few."), ("five", False, "Too many.")]
    assert item.general_feedback == "Count on your fingers."


def test_escaped_specials_stay_literal():
    item = one(r"Which is a set in maths\: \{1, 2\}? {"
               "\n=\\{a\\} \\~ \\= b \\# c#it is \\: fine"
               "\n~a\\\\b#backslash"
               "\n}")
    assert item.text == "Which is a set in maths: {1, 2}?"
    assert item.choices[0].text == "{a} ~ = b # c"
    assert item.choices[0].feedback == "it is : fine"
    assert item.choices[1].text == "a\\b"


def test_escaped_newline_and_multi_line_answers():
    item = one("First line\\nsecond line {\n"
               "  =a right answer that\n"
               "   goes on over two lines#and feedback\n"
               "   that wraps too\n"
               "  ~wrong\n"
               "}")
    assert item.text == "First line\nsecond line"
    # Line breaks inside an item are kept (Moodle's auto-format shows them as breaks); the
    # file's indentation is not part of the text.
    assert item.choices[0].text == "a right answer that\ngoes on over two lines"
    assert item.choices[0].feedback == "and feedback\nthat wraps too"


def test_comments_and_categories():
    parsed = parse_gift("// a comment at the top\n"
                        "$CATEGORY: $course$/top/Week 3/Milei abroad\n"
                        "\n"
                        "// a comment before a question\n"
                        "::T:: Pick one {\n"
                        "// a comment inside the answers\n"
                        "=yes ~no }\n")
    assert parsed.category == "$course$/top/Week 3/Milei abroad"
    assert len(parsed.items) == 1
    assert [c.text for c in parsed.items[0].choices] == ["yes", "no"]
    assert not parsed.issues


def test_formats_markdown_plain_html():
    assert one("[markdown]Some *stressed* text {=a ~b}").text == "Some *stressed* text"
    assert one("::T::[plain]Plain {=a ~b}").format == "plain"
    item = one("::T::[html]<p>Is <b>bold</b> &amp; <i>this</i>?</p> {=yes ~no}")
    assert item.format == "html" and item.text == "Is *bold* & *this*?"
    # Format names are Moodle's, in lower case; anything else stays text.
    assert one("[HTML]<b>x</b> {=a ~b}").text == "[HTML]*x*"
    assert one("[moodle]Auto {=a ~b}").text == "Auto"


def test_weights_make_multiple_answer_questions():
    item = one("Pick the two right ones {~%50%one#yes ~%50%two ~%-100%three ~%-33.33333%four}")
    assert item.multiple
    assert [c.correct for c in item.choices] == [True, True, False, False]
    assert [c.weight for c in item.choices] == [50, 50, -100, -33.33333]


def test_decimal_weights_and_single_positive_weight():
    item = one("Pick {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert [c.correct for c in item.choices] == [True, True, True, False]
    assert item.choices[0].weight == pytest.approx(33.33333)
    one_right = one("Tick what applies {~%100%only this ~%0%not this}")
    assert one_right.multiple and [c.correct for c in one_right.choices] == [True, False]


def test_a_decimal_comma_is_not_a_weight_and_the_message_says_so():
    parsed = parse_gift("Pick {~%33,33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert not parsed.items
    assert [str(i) for i in parsed.issues] == [
        "line 1: answer 1 starts '%33,33333%a', which Moodle does not read as a weight (a "
        "weight is %NN% or %NN.NNN% with a point)",
        "line 1: skipped: the positive weights add up to 67%; Moodle needs 100% in a "
        "multiple-answer question"]


def test_partial_credit_in_a_single_answer_question_is_reported_not_dropped():
    parsed = parse_gift("Q {=right ~%50%half ~wrong}")
    assert [c.correct for c in parsed.items[0].choices] == [True, False, False]
    assert len(parsed.issues) == 1 and not parsed.issues[0].skipped
    assert "partial credit" in parsed.issues[0].message


def test_essay_and_description_items():
    parsed = parse_gift("::D1:: Discuss the abstention. {}\n\n"
                        "::Intro:: A description with no answers at all.\n\n"
                        "::D2:: With general feedback {####a note}\n")
    kinds = [(i.kind, i.title) for i in parsed.items]
    assert kinds == [("essay", "D1"), ("description", "Intro"), ("essay", "D2")]
    assert parsed.items[1].text == "A description with no answers at all."
    assert [str(i) for i in parsed.issues] == [
        "line 5: the essay's general feedback is not kept (discussion questions have none)"]


def test_unsupported_items_are_listed_with_their_line_and_skipped():
    text = "\n\n".join([
        "::TF:: The sky is blue. {T}",            # line 1: a two-choice check
        "::SA:: Two plus two? {=four =4}",        # line 3
        "::M:: Match {=a -> 1 =b -> 2}",          # line 5
        "::N:: Pi? {#3.14:0.01}",                 # line 7
        "Moodle costs {~much =nothing} dollars.",  # line 9: missing word, a check
        "::OK:: Fine {=a ~b}",                    # line 11
        "::E:: Broken {=a ~b",                    # line 13
        "::X:: No right answer {~a ~b}",          # line 15
        "::Y:: Only one {=a}",                    # line 17: a short answer for Moodle
        "::Z:: Two equals {=a =b ~c}",            # line 19
        "::W:: Weights {~%40%a ~%40%b ~%-100%c}",  # line 21
    ])
    parsed = parse_gift(text)
    assert [(i.line, i.title) for i in parsed.items] == [(1, "TF"), (9, None), (11, "OK")]
    assert parsed.items[1].text == "Moodle costs _____ dollars."
    assert [str(i) for i in parsed.issues] == [
        "line 3: skipped: short-answer questions are not supported",
        "line 5: skipped: matching questions are not supported",
        "line 7: skipped: numerical questions are not supported",
        "line 13: skipped: the answers need both '{' and '}' (write \\{ or \\} for a literal "
        "brace)",
        "line 15: skipped: the positive weights add up to 0%; Moodle needs 100% in a "
        "multiple-answer question",
        "line 17: skipped: short-answer questions are not supported",
        "line 19: skipped: several '=' answers (any one of them right) cannot be scored "
        "all-or-nothing; use ~%50% weights for a multiple-answer question",
        "line 21: skipped: the positive weights add up to 80%; Moodle needs 100% in a "
        "multiple-answer question",
    ]


def test_quizapp_metadata_comments_are_read():
    parsed = parse_gift('// quizapp-reading: {"slug": "r1", "title": "T"}\n'
                        '$CATEGORY: x\n\n'
                        '// quizapp: {"id": "r1-q1", "section": "s2"}\n'
                        '::r1-q1::Q {=a ~b}\n\n'
                        '// quizapp: {not json}\n'
                        '::r1-q2::Q2 {=a ~b}\n')
    assert parsed.reading == {"slug": "r1", "title": "T"}
    assert parsed.items[0].meta == {"id": "r1-q1", "section": "s2"}
    assert parsed.items[1].meta == {}
    assert "not valid JSON" in str(parsed.issues[0]) and not parsed.issues[0].skipped


def test_windows_line_endings_and_byte_order_mark():
    parsed = parse_gift("\ufeff::A::Q {\r\n=yes\r\n~no\r\n}\r\n\r\n::B::Q2 {=a ~b}\r\n")
    assert [i.title for i in parsed.items] == ["A", "B"]


def test_blank_lines_separate_questions():
    parsed = parse_gift("Q1 {=a ~b}\n   \n\nQ2 {=c ~d}\n\n\n")
    assert [i.text for i in parsed.items] == ["Q1", "Q2"]
    assert [i.line for i in parsed.items] == [1, 4]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab =~#{}:\\%-\n/$[]>T0.")), max_size=80))
def test_never_crashes_on_garbage(text):
    parsed = parse_gift(text)
    assert isinstance(parsed.items, list)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co")), min_size=1, max_size=40)
       .filter(lambda s: s.strip() == s and s.strip() and not s.startswith("[")))
def test_escape_round_trips_any_text(text):
    item = one(f"::t::[plain]{escape(text)} {{={escape(text)}#{escape(text)} ~other}}")
    assert item.text == text
    assert item.choices[0].text == text
    assert item.choices[0].feedback == text
