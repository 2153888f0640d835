"""Item-writing warnings (quizapp/content/itemwriting.py): each rule fires on the habit it
targets, stays quiet on a clean item, and is silenced only with a reason."""

from __future__ import annotations

from quizapp.content.itemwriting import (
    RULES,
    active,
    question_warnings,
    reading_warnings,
)
from quizapp.content.specs import ChoiceSpec, McSpec


def check(prompt: str, texts: list[str], right: int = 0, silence=None) -> McSpec:
    choices = [ChoiceSpec(id="abcdef"[i], text=t, feedback="f", correct=i == right,
                          misconception=None if i == right else "wrong-actor")
               for i, t in enumerate(texts)]
    return McSpec(id="q", prompt=prompt, section="s1", explanation="e", choices=choices,
                  silence=silence or {})


def rules(q: McSpec) -> set[str]:
    return {w.rule for w in question_warnings(q)}


def test_a_clean_check_has_no_warnings():
    q = check("Who signed the accord in 2024?",
              ["The foreign minister", "The central bank", "The senate", "The governor"])
    assert rules(q) == set()


def test_each_rule_fires_on_its_habit():
    assert "longest-correct" in rules(check("Who signed it?", [
        "The foreign minister after a long debate in congress", "Senate", "Bank", "Court"]))
    assert "all-none-above" in rules(check("Who signed it?", [
        "The minister", "The bank", "None of the above", "The court"]))
    assert "negative-stem" in rules(check("Which one did not sign?", [
        "The minister", "The bank", "The senate", "The court"]))
    assert "negative-stem" not in rules(check("Which one did *not* sign?", [
        "The minister", "The bank", "The senate", "The court"]))
    assert "uneven-lengths" in rules(check("Who signed it?", [
        "Minister", "The central bank of the republic and its whole board", "Senate",
        "Court"], right=0))
    assert "near-duplicate" in rules(check("Who signed it?", [
        "The minister", "The ministers", "The senate", "The court"]))
    assert "stem-clue" in rules(check("Which treaty did the minister sign?", [
        "The treaty on trade", "A pact on fishing", "An accord on rivers", "A deal on ports"]))
    assert "qualifier-only-correct" in rules(check("What will happen?", [
        "Trade may grow", "Trade will stop", "Prices will fall", "Ports will close"]))
    assert set(RULES) >= {w.rule for w in question_warnings(check("x?", ["a", "b"]))}


def test_a_silenced_rule_needs_a_reason():
    q = check("Which one did not sign?", ["The minister", "The bank", "The senate", "Court"])
    found = question_warnings(q)
    assert active(found, {"negative-stem": "the negation is the point"}) == []
    assert active(found, {"negative-stem": ""}) == found


def test_across_a_reading_longest_share_and_positions():
    checks = [check(f"Question {i}?", ["the long and careful right answer here", "short",
                                       "brief", "no"]) for i in range(5)]
    assert {w.rule for w in reading_warnings(checks)} == {"reading-longest-share",
                                                          "reading-positions"}
