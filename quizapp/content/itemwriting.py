"""Item-writing rules for multiple-choice checks: the course-wide limits the content tests hold
the shipped course to, and the warnings `check-questions` and the editor show per question and
per reading (each silenced on a question by `silence: {rule: reason}`).

They catch the habits a test-wise student exploits without reading: the right answer is
the longest option, sits mostly in one position, or is the one a wrong option merely negates.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .checker import _Checker
from .specs import ChoiceSpec, McSpec
from .yamlsrc import LineDict

# Words whose insertion or removal turns a claim into its denial.
NEGATIONS = frozenset({"not", "no", "never", "nothing", "none", "neither", "nor", "without"})
# Swapping one of these for its partner denies a claim as surely as "not" does.
ANTONYMS = frozenset({
    frozenset(p) for p in [
        ("more", "less"), ("more", "fewer"), ("agree", "disagree"), ("agrees", "disagrees"),
        ("supported", "opposed"), ("supports", "opposes"), ("for", "against"),
        ("increase", "decrease"), ("increased", "decreased"), ("rose", "fell"),
        ("strengthen", "weaken"), ("strengthened", "weakened"), ("closer", "further"),
        ("always", "never"), ("all", "none"), ("easy", "hard"), ("easy", "difficult"),
        ("warm", "cold"), ("success", "failure"), ("before", "after"),
    ]
})
AUXILIARIES = frozenset({"do", "does", "did"})
_CONTRACTION = re.compile(r"\b(\w+)n't\b")


def single_answer(questions: Iterable[McSpec]) -> list[McSpec]:
    return [q for q in questions if not q.multiple]


def correct_choice(q: McSpec) -> ChoiceSpec:
    return next(c for c in q.choices if c.correct)


def correct_is_longest(q: McSpec) -> bool:
    """True when picking the longest option would score (a tie counts: it costs nothing)."""
    right = len(correct_choice(q).text)
    return all(right >= len(c.text) for c in q.choices if not c.correct)


def longest_share(questions: Iterable[McSpec]) -> float:
    qs = single_answer(questions)
    return sum(correct_is_longest(q) for q in qs) / len(qs) if qs else 0.0


def length_ratio(questions: Iterable[McSpec]) -> float:
    """Mean length of right options over the mean length of wrong ones."""
    qs = single_answer(questions)
    right = [len(c.text) for q in qs for c in q.choices if c.correct]
    wrong = [len(c.text) for q in qs for c in q.choices if not c.correct]
    if not right or not wrong:
        return 1.0
    return (sum(right) / len(right)) / (sum(wrong) / len(wrong))


def position_shares(questions: Iterable[McSpec]) -> dict[int, float]:
    """Share of single-answer questions whose right option sits at each position (0 = a)."""
    qs = single_answer(questions)
    counts = Counter(next(i for i, c in enumerate(q.choices) if c.correct) for q in qs)
    return {i: counts[i] / len(qs) for i in range(4)} if qs else {}


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'")
    for short, full in (("can't", "can not"), ("won't", "will not"), ("cannot", "can not")):
        text = text.replace(short, full)
    text = _CONTRACTION.sub(r"\1 not", text)
    return re.findall(r"[a-z0-9']+", text)


def only_negates(wrong: str, right: str) -> bool:
    """True when `wrong` is `right` with negations added or dropped, or a word flipped."""
    a, b = _tokens(wrong), _tokens(right)
    if a == b:
        return False
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        removed, added = a[i1:i2], b[j1:j2]
        if op in ("delete", "insert"):
            if not set(removed + added) <= NEGATIONS:
                return False
        elif op == "replace" and not (_flipped(removed, added) or _denied(removed, added)):
            return False
    return True


def _flipped(removed: list[str], added: list[str]) -> bool:
    return len(removed) == len(added) == 1 and frozenset((removed[0], added[0])) in ANTONYMS


def _denied(removed: list[str], added: list[str]) -> bool:
    """"did not keep" for "kept": a negation plus the same verb in another form."""
    if not NEGATIONS & set(removed + added):
        return False
    rest_a = [w for w in removed if w not in NEGATIONS | AUXILIARIES]
    rest_b = [w for w in added if w not in NEGATIONS | AUXILIARIES]
    return len(rest_a) == len(rest_b) and all(
        difflib.SequenceMatcher(a=x, b=y).ratio() >= 0.6
        for x, y in zip(rest_a, rest_b, strict=True))


def negated_options(q: McSpec) -> list[str]:
    """Ids of wrong options that only negate the right one (single-answer questions)."""
    if q.multiple:
        return []
    right = correct_choice(q).text
    return [c.id for c in q.choices if not c.correct and only_negates(c.text, right)]


# The limits the course is held to, and the checks that report every breach by question id.
MAX_LONGEST_SHARE = 1 / 3  # chance is 1/4: a third leaves room, more rewards a habit
MAX_SHORTEST_SHARE = 1 / 3  # the opposite habit must not pay either
MAX_LENGTH_RATIO = 1.2
MAX_POSITION_SHARE = 0.40


def _share_problems(groups: dict[str, list[McSpec]], test, limit: float, what: str) -> list[str]:
    problems = []
    for name, questions in groups.items():
        qs = single_answer(questions)
        hits = [q.id for q in qs if test(q)]
        if qs and len(hits) / len(qs) > limit:
            problems.append(f"{name}: the right option is {what} in {len(hits)} of {len(qs)} "
                            f"single-answer questions ({', '.join(hits)}), over {limit:.0%}")
    return problems


def _groups(readings) -> dict[str, list[McSpec]]:
    groups = {"the course": [q for r in readings for q in r.questions]}
    groups.update({r.slug: list(r.questions) for r in readings})
    return groups


def correct_is_shortest(q: McSpec) -> bool:
    right = len(correct_choice(q).text)
    return all(right <= len(c.text) for c in q.choices if not c.correct)


def longest_problems(readings) -> list[str]:
    """The course and each reading: the right option is the longest in at most a third."""
    return _share_problems(_groups(readings), correct_is_longest, MAX_LONGEST_SHARE, "the longest")


def shortest_problems(readings) -> list[str]:
    return _share_problems(_groups(readings), correct_is_shortest, MAX_SHORTEST_SHARE,
                           "the shortest")


def length_ratio_problems(readings) -> list[str]:
    ratio = length_ratio(q for r in readings for q in r.questions)
    if ratio > MAX_LENGTH_RATIO:
        return [f"right options are {ratio:.2f} times as long as wrong ones on average"]
    return []


def position_problems(readings) -> list[str]:
    """No position (a, b, c, d) holds the right option in more than 40% of the course."""
    shares = position_shares(q for r in readings for q in r.questions)
    return [f"position {'abcd'[i]} holds the right option in {share:.0%} of single-answer "
            f"questions, over {MAX_POSITION_SHARE:.0%}"
            for i, share in shares.items() if share > MAX_POSITION_SHARE]


def negation_problems(readings) -> list[str]:
    return [f"{q.id} {cid}: only negates the right option"
            for r in readings for q in r.questions for cid in negated_options(q)]


# -- Warnings: what `check-questions` and the editor say about one question or reading. ----

RULES = {
    "longest-correct": "the correct option is clearly the longest",
    "qualifier-only-correct": "only the correct option carries a qualifier",
    "all-none-above": "an option says “all/none of the above”",
    "negative-stem": "a negative stem is not emphasised",
    "uneven-lengths": "the options have very uneven lengths",
    "near-duplicate": "two options (nearly) say the same",
    "stem-clue": "the stem repeats a word only the correct option shares",
    "negates-correct": "a wrong option merely negates the correct one",
}
READING_RULES = {
    "reading-longest-share": "the correct option is the longest too often",
    "reading-positions": "the correct answers sit mostly in one position",
}
QUALIFIERS = frozenset({"usually", "often", "sometimes", "may", "might", "generally",
                        "partly", "probably", "mostly", "largely", "some", "can"})
NEGATIVE_STEM = re.compile(r"\b(not|except|never|least|false|cannot)\b")
_EMPHASISED = re.compile(r"\*[^*]+\*")
ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|options|answers)\b", re.I)
STOPWORDS = frozenset("""the a an and or of to in on for with by from as at is are was were be
been being that this these those which who whom whose what when where why how it its his her
their them they he she we you i not no did does do has have had after before about into than
then there here over under more most less such only also very can could would should will
other reading article author text summary""".split())


@dataclass(frozen=True)
class ItemWarning:
    rule: str
    message: str
    question: str = ""  # the question id; "" for the reading
    line: int = 0

    def __str__(self) -> str:
        who = f"question {self.question}: " if self.question else ""
        return f"warning: {who}{self.message} [{self.rule}]"


def _words(text: str) -> set[str]:
    return {w for w in _tokens(text) if len(w) >= 4 and w not in STOPWORDS}


def question_warnings(q: McSpec) -> list[ItemWarning]:
    """Every rule one check breaks, silenced ones included (see ``active``)."""
    found: list[tuple[str, str]] = []
    right = [c for c in q.choices if c.correct]
    wrong = [c for c in q.choices if not c.correct]
    lengths = [len(c.text) for c in q.choices if c.text]
    if not q.multiple and len(right) == 1 and wrong:
        longest_wrong = max(len(c.text) for c in wrong)
        if len(right[0].text) > 1.25 * longest_wrong:
            found.append(("longest-correct", f"the correct option ({right[0].id}) is "
                          f"{len(right[0].text)} characters, the longest wrong one "
                          f"{longest_wrong}"))
        if _tokens(right[0].text) and set(_tokens(right[0].text)) & QUALIFIERS and not any(
                set(_tokens(c.text)) & QUALIFIERS for c in wrong):
            found.append(("qualifier-only-correct", f"only the correct option ({right[0].id}) "
                          "hedges (usually, may, often...)"))
        clues = (_words(q.prompt) & _words(right[0].text)) - set().union(
            *(_words(c.text) for c in wrong))
        if clues:
            found.append(("stem-clue", "the stem and only the correct option share "
                          + ", ".join(f"“{w}”" for w in sorted(clues))))
        for cid in negated_options(q):
            found.append(("negates-correct", f"option {cid} only negates the correct one"))
    for c in q.choices:
        if ABOVE.search(c.text):
            found.append(("all-none-above", f"option {c.id}: “{ABOVE.search(c.text).group(0)}”"
                          " rewards guessing; write the options out"))
    bare = _EMPHASISED.sub(" ", q.prompt)
    negative = NEGATIVE_STEM.search(bare)
    if negative:
        found.append(("negative-stem", f"“{negative.group(0)}” in the stem: emphasise it "
                      f"(*{negative.group(0)}*) or rephrase positively"))
    if len(lengths) >= 2 and max(lengths) >= 2.5 * min(lengths) and \
            max(lengths) - min(lengths) >= 25:
        found.append(("uneven-lengths", f"options run from {min(lengths)} to {max(lengths)} "
                      "characters"))
    for i, a in enumerate(q.choices):
        for b in q.choices[i + 1:]:
            ta, tb = " ".join(_tokens(a.text)), " ".join(_tokens(b.text))
            if ta and difflib.SequenceMatcher(a=ta, b=tb).ratio() >= 0.9:
                found.append(("near-duplicate", f"options {a.id} and {b.id} are (nearly) "
                              "the same"))
    return [ItemWarning(rule, message, q.id, q.line) for rule, message in found]


def active(warnings: list[ItemWarning], silence: dict[str, str]) -> list[ItemWarning]:
    """The warnings not silenced (a rule silenced on a question needs a reason)."""
    return [w for w in warnings if not (silence.get(w.rule) or "").strip()]


def reading_warnings(questions: list[McSpec], line: int = 0) -> list[ItemWarning]:
    """Across a reading: how often the correct option is the longest, where answers sit."""
    out: list[ItemWarning] = []
    qs = single_answer(questions)
    if len(qs) >= 4:
        hits = [q.id for q in qs if correct_is_longest(q)]
        if len(hits) / len(qs) > MAX_LONGEST_SHARE:
            out.append(ItemWarning("reading-longest-share", f"the correct option is the "
                                   f"longest in {len(hits)} of {len(qs)} single-answer checks "
                                   f"({', '.join(hits)}), over {MAX_LONGEST_SHARE:.0%}",
                                   line=line))
        counts = Counter(next(i for i, c in enumerate(q.choices) if c.correct) for q in qs)
        spread = ", ".join(f"{'abcdef'[i]}: {counts[i]}" for i in sorted(counts))
        top, n = counts.most_common(1)[0]
        if n / len(qs) > MAX_POSITION_SHARE:
            out.append(ItemWarning("reading-positions", f"the correct answer is "
                                   f"{'abcdef'[top]} in {n} of {len(qs)} checks ({spread})",
                                   line=line))
    return out


def spec_warnings(questions: list[McSpec], silences: dict[str, dict[str, str]],
                  line: int = 0) -> list[ItemWarning]:
    """Every active warning of a reading's checks, then the reading's own."""
    out: list[ItemWarning] = []
    for q in questions:
        out.extend(active(question_warnings(q), silences.get(q.id, {})))
    return out + reading_warnings(questions, line)


def check_silence(c: _Checker, q: LineDict, what: str) -> dict[str, str]:
    """`silence: {rule: reason}`: item-writing warnings turned off, each with its reason."""
    if q.get("silence") is None:
        return {}
    raw = c.mapping(q["silence"], q.line_of("silence"), f"{what}: silence")
    if raw is None:
        return {}
    out: dict[str, str] = {}
    for rule in raw:
        if rule not in RULES:
            c.problem(raw.line_of(rule), f"{what}: silence: unknown rule '{rule}' (rules: "
                      f"{', '.join(sorted(RULES))})")
            continue
        reason = c.text(raw, rule, f"{what}: silence", max_len=300)
        if reason:
            out[str(rule)] = reason
    return out
