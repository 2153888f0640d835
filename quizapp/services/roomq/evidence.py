"""What the class argued with: which of the reading's key terms and summary sections a
discussion question's answers draw on, computed from the reading's own text in the database.

A key term is used when an answer names it or one of its aliases (whole words, any case,
accents ignored). An answer draws on a summary section when it names a key term that the
section names, or uses at least two of the section's own words (words of six letters or more
that no other section of the reading uses).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...models import Question, Reading, Seminar
from .wall import latest_answers

MIN_OWN_WORD = 6  # shorter words are too common to say which section an answer read
OWN_WORDS_NEEDED = 2
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def fold(text: str) -> str:
    """Lower case without accents: "Río" and "rio" are the same word here."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _phrase_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = sorted({fold(n) for n in names if n.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in alternatives)
                      + r")(?![\w-])")


@dataclass
class Use:
    """One key term or section: how many answers draw on it, in all and per stance point."""

    id: str
    name: str
    count: int = 0
    by_stance: Counter[int] = field(default_factory=Counter)
    detail: str = ""  # the aliases of a term


@dataclass
class EvidenceMap:
    question: Question
    reading: Reading
    answers: int
    stance: dict[str, Any] | None
    answers_by_stance: Counter[int]
    terms: list[Use]
    sections: list[Use]

    @property
    def unused_terms(self) -> list[Use]:
        return [t for t in self.terms if t.count == 0]

    @property
    def stance_points(self) -> list[int]:
        return list(range(1, int(self.stance["points"]) + 1)) if self.stance else []

    @property
    def most(self) -> int:
        return max([1, *(u.count for u in self.terms + self.sections)])


def _section_signatures(reading: Reading, term_patterns: dict[str, re.Pattern[str]]
                        ) -> dict[str, tuple[set[str], set[str]]]:
    """section id -> (key terms it names, its own words)."""
    words = {s["id"]: {w for w in _WORD.findall(fold(s.get("heading", "") + " " + s["text"]))
                       if len(w) >= MIN_OWN_WORD} for s in reading.sections}
    everywhere = Counter(w for ws in words.values() for w in ws)
    signatures = {}
    for section in reading.sections:
        text = fold(section["text"])
        named = {tid for tid, pattern in term_patterns.items() if pattern.search(text)}
        own = {w for w in words[section["id"]] if everywhere[w] == 1}
        signatures[section["id"]] = (named, own)
    return signatures


def evidence_map(seminar: Seminar, question: Question) -> EvidenceMap:
    reading = question.reading
    revision = question.current_revision
    stance = revision.stance if revision is not None else None
    term_patterns = {t["id"]: _phrase_pattern([t["term"], *t.get("aliases", [])])
                     for t in reading.key_terms}
    terms = {t["id"]: Use(t["id"], t["term"], detail=", ".join(t.get("aliases", [])))
             for t in reading.key_terms}
    sections = {s["id"]: Use(s["id"], s["heading"]) for s in reading.sections}
    signatures = _section_signatures(reading, term_patterns)
    answers = latest_answers(seminar, question)
    by_stance: Counter[int] = Counter()
    for response, _name in answers:
        text = fold(response.answer)
        point = response.stance
        if point is not None:
            by_stance[point] += 1
        used = {tid for tid, pattern in term_patterns.items() if pattern.search(text)}
        words = set(_WORD.findall(text))
        for tid in used:
            terms[tid].count += 1
            if point is not None:
                terms[tid].by_stance[point] += 1
        for sid, (named, own) in signatures.items():
            if used & named or len(words & own) >= OWN_WORDS_NEEDED:
                sections[sid].count += 1
                if point is not None:
                    sections[sid].by_stance[point] += 1
    return EvidenceMap(question, reading, len(answers), stance, by_stance,
                       sorted(terms.values(), key=lambda u: -u.count),
                       list(sections.values()))


EVIDENCE_COLUMNS = ["session_code", "question_id", "kind", "item_id", "item", "stance",
                    "answers_using", "answers"]


def evidence_rows(seminar: Seminar, emap: EvidenceMap) -> list[list[Any]]:
    """One row per key term or section with every answer (stance empty), then one per
    stance point when the question has a scale."""
    rows: list[list[Any]] = []
    for kind, uses in (("key_term", emap.terms), ("section", emap.sections)):
        for use in uses:
            rows.append([seminar.code, emap.question.key, kind, use.id, use.name, "",
                         use.count, emap.answers])
            for point in emap.stance_points:
                rows.append([seminar.code, emap.question.key, kind, use.id, use.name, point,
                             use.by_stance[point], emap.answers_by_stance[point]])
    return rows
