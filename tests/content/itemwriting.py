"""Item-writing rules for multiple-choice checks, as plain functions the content tests apply.

They catch the habits a test-wise student exploits without reading: the right answer is
the longest option, sits mostly in one position, or is the one a wrong option merely negates.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable

from quizapp.content.specs import ChoiceSpec, McSpec

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
        difflib.SequenceMatcher(a=x, b=y).ratio() >= 0.6 for x, y in zip(rest_a, rest_b))


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
