"""A reading as a document in the content format (the mapping a reading file holds), and the
one check every way in shares: the browser editor, uploads and `check-questions` all validate
a reading with ``check_reading_text``, so a problem reads the same wherever it is found.

Documents go to and from YAML here too: "download as YAML" writes what ``to_yaml`` makes, and
loading that file gives the same reading (same content hashes).
"""

from __future__ import annotations

from typing import Any

import yaml

from .schema import check_across, check_reading_text
from .specs import ChoiceSpec, ContentSet, CourseSpec, DiscussionSpec, McSpec, Problem, ReadingSpec
from .yamlsrc import LineDict, LineList, YamlSyntaxError, parse

Path_ = tuple[Any, ...]


def _choice(choice: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": choice["id"], "text": choice["text"]}
    if choice.get("correct"):
        out["correct"] = True
    if choice.get("misconception"):
        out["misconception"] = choice["misconception"]
    out["feedback"] = choice.get("feedback", "")
    return out


def mc_document(key: str, prompt: str, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": key, "prompt": prompt}
    if data.get("multiple"):
        out["multiple"] = True
    out["section"] = data.get("section") or ""
    if data.get("compares"):
        out["compares"] = list(data["compares"])
    out["choices"] = [_choice(c) for c in data.get("choices", [])]
    out["explanation"] = data.get("explanation", "")
    if data.get("silence"):
        out["silence"] = dict(data["silence"])
    return out


def discussion_document(key: str, prompt: str, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": key, "prompt": prompt}
    if data.get("section"):
        out["section"] = data["section"]
    if data.get("compares"):
        out["compares"] = list(data["compares"])
    if data.get("stance"):
        out["stance"] = dict(data["stance"])
    return out


def reading_document(fields: dict[str, Any], body: dict[str, Any],
                     mc: list[dict[str, Any]], discussion: list[dict[str, Any]]
                     ) -> dict[str, Any]:
    """The file's mapping, keys in the documented order, optional ones left out when empty."""
    doc: dict[str, Any] = {"slug": fields["slug"], "title": fields["title"]}
    if fields.get("original_title"):
        doc["original_title"] = fields["original_title"]
    for key in ("publication", "author", "date"):
        doc[key] = fields.get(key, "")
    if body.get("source_file"):
        doc["source_file"] = body["source_file"]
    doc["description"] = fields.get("description", "")
    doc["summary"] = [dict(s) for s in body.get("summary", [])]
    doc["key_points"] = list(body.get("key_points", []))
    terms = []
    for term in body.get("key_terms", []):
        t = {"id": term["id"], "term": term["term"]}
        if term.get("aliases"):
            t["aliases"] = list(term["aliases"])
        t["definition"] = term.get("definition", "")
        terms.append(t)
    if terms:
        doc["key_terms"] = terms
    doc["questions"] = mc
    if discussion:
        doc["discussion"] = discussion
    return doc


def spec_document(spec: ReadingSpec) -> dict[str, Any]:
    fields = {"slug": spec.slug, "title": spec.title, "original_title": spec.original_title,
              "publication": spec.publication, "author": spec.author, "date": spec.date,
              "description": spec.description}
    return reading_document(
        fields, spec.body(),
        [mc_document(q.id, q.prompt, q.revision_data()) for q in spec.questions],
        [discussion_document(d.id, d.prompt, d.revision_data()) for d in spec.discussion])


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter where there is one: the editor dumps the reading at every save."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(doc: dict[str, Any]) -> str:
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def spec_from_parts(slug: str, questions: list[McSpec], discussion: list[DiscussionSpec]
                    ) -> ReadingSpec:
    """A stand-in for another reading, enough for the checks across readings."""
    return ReadingSpec(path=f"{slug}.yaml", slug=slug, title="", original_title="",
                       publication="", author="", date="", source_file="", description="",
                       summary=[], key_points=[], key_terms=[], questions=questions,
                       discussion=discussion)


def check_document(text: str, display: str, *, stem: str | None = None,
                   course: CourseSpec | None = None, others: list[ReadingSpec] | None = None
                   ) -> tuple[ReadingSpec | None, list[Problem]]:
    """Check a reading's YAML text as `check-questions` does, against a course (its
    misconception vocabulary) and the other readings (unique ids and prompts, `compares`)."""
    spec, problems = check_reading_text(text, display, stem)
    if spec is not None:
        # Others first: a clash is reported on the later reading, and that must be this one.
        merged = ContentSet(course, [*(others or []), spec], [])
        check_across(merged)
        problems.extend(p for p in merged.problems if p.path == display)
    return spec, problems


def field_paths(text: str) -> dict[int, Path_]:
    """Line number -> the path of the deepest field that starts on it, e.g.
    ("questions", 2, "choices", 1, "feedback"); problems are shown beside those fields."""
    try:
        tree = parse(text)
    except YamlSyntaxError:
        return {}
    found: dict[int, Path_] = {}

    def walk(node: Any, path: Path_) -> None:
        if isinstance(node, LineDict):
            for key, value in node.items():
                found[node.line_of(key)] = (*path, key)
                walk(value, (*path, key))
        elif isinstance(node, LineList):
            for i, value in enumerate(node):
                line = node.line_of(i)
                found.setdefault(line, (*path, i))
                if isinstance(value, LineDict) and value.line == line:
                    found[line] = (*path, i)  # "- id: x": the item, not its first key
                    for key in value:
                        if value.line_of(key) != line:
                            found[value.line_of(key)] = (*path, i, key)
                    for key, sub in value.items():
                        walk(sub, (*path, i, key))
                else:
                    walk(value, (*path, i))

    walk(tree, ())
    return found


def placed_problems(text: str, problems: list[Problem]) -> list[tuple[Path_, str]]:
    """Each problem with the path of the field it is about (() for the reading itself)."""
    paths = field_paths(text)
    return [(paths.get(p.line or 0, ()), p.message) for p in problems]


def course_spec(data: dict[str, Any], title: str = "") -> CourseSpec:
    """The course's vocabulary as the checks need it (timeline and perspectives are not
    about one reading)."""
    return CourseSpec(path="_course.yaml", title=title, description="",
                      misconceptions=list(data.get("misconceptions", [])), timeline=[],
                      perspectives=[])


def choice_specs(data: dict[str, Any]) -> list[ChoiceSpec]:
    return [ChoiceSpec(**{k: c.get(k) for k in ("id", "text", "feedback")},
                       correct=bool(c.get("correct")), misconception=c.get("misconception"))
            for c in data.get("choices", [])]

