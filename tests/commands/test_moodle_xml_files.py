"""`quizapp export-moodle-xml` / `import-moodle-xml` through the CLI runner: exports Moodle
accepts, round trips to the byte, files made by Moodle, refusals."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from moodle_xml_rules import moodle_problems

from quizapp import create_app
from quizapp.cli import cli
from quizapp.content.schema import read_content

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
SLUGS = sorted(p.stem for p in QUESTIONS.glob("*.yaml") if not p.name.startswith("_"))
CASES = Path(__file__).resolve().parents[1] / "services" / "interchange" / "data" / "moodle_xml"


@pytest.fixture
def run(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite'}",
                      "SECRET_KEY": "moodle-xml-tests", "TESTING": True,
                      "QUIZAPP_QUESTIONS_DIR": str(QUESTIONS)})
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args])

    return invoke


def folder_with(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "questions"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copyfile(QUESTIONS / name, folder / name)
    return folder


def spec_dict(path: Path) -> dict:
    content = read_content(path)
    assert not content.problems, content.problems
    data = asdict(content.readings[0])
    data.pop("path")
    for q in [*data["questions"], *data["discussion"]]:
        q.pop("line")
    return data


@pytest.mark.parametrize("slug", SLUGS)
def test_export_import_export_gives_the_same_bytes(run, tmp_path, slug):
    first = tmp_path / "first.xml"
    out = run("export-moodle-xml", slug, "-o", first)
    assert out.exit_code == 0, out.output
    text = first.read_text(encoding="utf-8")
    # Moodle's import would accept every question as it is.
    assert moodle_problems(text) == []
    folder = folder_with(tmp_path, "_course.yaml", *[f"{s}.yaml" for s in SLUGS if s != slug])
    imported = run("import-moodle-xml", first, "--dir", folder)
    assert imported.exit_code == 0, imported.output
    assert "TODO(import)" not in imported.output and "skipped" not in imported.output
    assert spec_dict(folder / f"{slug}.yaml") == spec_dict(QUESTIONS / f"{slug}.yaml")
    assert read_content(folder).problems == []
    second = tmp_path / "second.xml"
    again = run("export-moodle-xml", slug, "-o", second, "--dir", folder)
    assert again.exit_code == 0, again.output
    assert second.read_bytes() == first.read_bytes()


def test_the_export_says_what_moodle_needs(run):
    out = run("export-moodle-xml", "milei-first-year")
    assert out.exit_code == 0
    text = out.output
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    spec = read_content(QUESTIONS / "milei-first-year.yaml").readings[0]
    multiple = next(q for q in spec.questions if q.multiple)
    share = {2: "50", 3: "33.33333"}[sum(c.correct for c in multiple.choices)]
    assert f'<answer fraction="{share}" format="html">' in text
    assert '<answer fraction="-100" format="html">' in text
    assert "<single>false</single>" in text and "<single>true</single>" in text
    assert text.count('<question type="essay">') == len(spec.discussion)
    assert text.count('<question type="description">') == len(spec.summary)
    assert "<tag><text>misconception:" in text
    assert "<shuffleanswers>false</shuffleanswers>" in text


def test_a_file_made_by_moodle(run, tmp_path):
    source = tmp_path / "bank.xml"
    shutil.copyfile(CASES / "moodle_cases.xml", source)
    folder = folder_with(tmp_path, "_course.yaml")
    untagged = run("import-moodle-xml", source, "--dir", folder)
    assert untagged.exit_code == 1 and "--misconception" in untagged.output
    assert sorted(p.name for p in folder.iterdir()) == ["_course.yaml"]
    result = run("import-moodle-xml", source, "--dir", folder, "--misconception", "wrong-date")
    assert result.exit_code == 0, result.output
    for line, reason in [(55, "weight 33% is not on Moodle's grade list"),
                         (88, "the best answer is worth 50%"),
                         (139, "short-answer questions are not supported"),
                         (144, "numerical"), (149, "matching"), (154, "cloze"),
                         (158, "drag-and-drop"), (170, "several answers worth 100%")]:
        assert f"{source}:{line}: skipped: {reason}" in result.output
    assert "8 item(s) skipped" in result.output
    assert f"{source}:69: the question is tagged with misconceptions wrong-figure, " \
           "wrong-date" in result.output
    data = spec_dict(folder / "mercosur.yaml")  # named after the category
    assert data["description"] == "Questions on the *Mercosur* reading."
    assert [s["heading"] for s in data["summary"]] == ["Before you start"]
    greeting, primes, acronym, unknown = data["questions"]
    # One misconception tag on the question: every wrong choice has it.
    assert [c.get("misconception") for c in greeting["choices"]] == [
        None, "wrong-actor", "wrong-actor"]
    assert [c["misconception"] for c in primes["choices"] if not c["correct"]] == [
        "wrong-date"]
    assert primes["multiple"] and acronym["choices"][1]["text"] == "False"
    assert unknown["prompt"] == "Read as *html*."
    assert [d["id"] for d in data["discussion"]] == ["mercosur-essay"]


def test_bad_files_get_their_line_and_nothing_is_written(run, tmp_path):
    folder = folder_with(tmp_path, "_course.yaml")
    broken = tmp_path / "broken.xml"
    broken.write_text("<quiz>\n  <question type='essay'>\n</quiz>\n", encoding="utf-8")
    result = run("import-moodle-xml", broken, "--dir", folder)
    assert result.exit_code == 1
    assert f"{broken}:3: not well-formed XML (mismatched tag). Nothing was imported." \
        in result.output
    doctype = tmp_path / "doctype.xml"
    doctype.write_text('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x "y">]>\n<quiz/>\n',
                       encoding="utf-8")
    refused = run("import-moodle-xml", doctype, "--dir", folder)
    assert refused.exit_code == 1 and f"{doctype}:2: a DOCTYPE" in refused.output
    assert sorted(p.name for p in folder.iterdir()) == ["_course.yaml"]


def test_export_refuses_to_overwrite_and_names_the_readings(run, tmp_path):
    out = tmp_path / "x.xml"
    out.write_text("keep me")
    refused = run("export-moodle-xml", "new-alliances", "-o", out)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert out.read_text() == "keep me"
    unknown = run("export-moodle-xml", "no-such-reading")
    assert unknown.exit_code == 1 and "milei-first-year" in unknown.output
