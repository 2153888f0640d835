"""`quizapp export-gift` / `import-gift` through the CLI runner: round trips, refusals, safety."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.cli import cli
from quizapp.content.schema import read_content

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
SLUGS = sorted(p.stem for p in QUESTIONS.glob("*.yaml") if not p.name.startswith("_"))


@pytest.fixture
def run(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite'}",
                      "SECRET_KEY": "gift-tests", "TESTING": True,
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


# Two readings keep the run short; each has single- and multiple-answer checks, discussion
# questions with and without stance scales, comparisons with other readings and key terms.
@pytest.mark.parametrize("slug", ["milei-first-year", "milei-zelenskyy"])
def test_export_then_import_gives_the_same_reading(run, tmp_path, slug):
    gift = tmp_path / f"{slug}.gift"
    out = run("export-gift", slug, "-o", gift)
    assert out.exit_code == 0, out.output
    text = gift.read_text(encoding="utf-8")
    assert "{}" in text and "####" in text and "$CATEGORY:" in text
    # A folder with the course file and every *other* reading: ids, prompts and comparisons
    # are checked against them, as in the real questions/.
    others = [f"{s}.yaml" for s in SLUGS if s != slug]
    folder = folder_with(tmp_path, "_course.yaml", *others)
    result = run("import-gift", gift, "--dir", folder)
    assert result.exit_code == 0, result.output
    assert "TODO(import)" not in result.output and "skipped" not in result.output
    written = folder / f"{slug}.yaml"
    # Same prompts, choices, correctness, feedback, explanation (general feedback), sections,
    # tags, stance scales, summary and reading details.
    assert spec_dict(written) == spec_dict(QUESTIONS / f"{slug}.yaml")
    # ... and the whole folder passes the checker, as `quizapp check-questions` would say.
    assert read_content(folder).problems == []


def test_import_into_the_existing_reading_needs_force_and_keeps_a_copy(run, tmp_path):
    slug = "milei-zelenskyy"
    gift = tmp_path / "q.gift"
    assert run("export-gift", slug, "-o", gift).exit_code == 0
    folder = folder_with(tmp_path, *[p.name for p in QUESTIONS.glob("*.yaml")])
    before = (folder / f"{slug}.yaml").read_bytes()
    refused = run("import-gift", gift, "--dir", folder)
    assert refused.exit_code == 1
    assert "already exists" in refused.output and "--force" in refused.output
    assert (folder / f"{slug}.yaml").read_bytes() == before
    merged = run("import-gift", gift, "--dir", folder, "--force")
    assert merged.exit_code == 0, merged.output
    assert "skipped: a description item" in merged.output  # the summary is left alone
    assert (folder / f"{slug}.yaml.bak").read_bytes() == before
    assert spec_dict(folder / f"{slug}.yaml") == spec_dict(QUESTIONS / f"{slug}.yaml")
    assert read_content(folder).problems == []


MOODLE = """// A question bank exported from Moodle: no quizapp details at all.
$CATEGORY: $course$/top/Week 4: Mercosur

::Bloc::[html]<p>When was Mercosur <b>created</b>?</p> {
    =1991#Yes, by the Treaty of Asunción.
    ~1985#That is the Iguaçu declaration.
    ~2001
    ####The treaty was signed in March 1991.
}

::Members:: Which are founding members? {
    ~%50%Argentina
    ~%50%Brazil#Right.
    ~%-100%Chile
}

::TF:: Mercosur has a common external tariff. {TRUE}

::Year:: In which year was the treaty signed? {#1991}

// an essay
::Essay:: Is Mercosur a brake on free trade? Argue\\: yes or no. {}

::Intro:: Read the chapter before answering.
"""


def test_a_moodle_file_without_quizapp_details(run, tmp_path):
    source = tmp_path / "bank.gift"
    source.write_text(MOODLE, encoding="utf-8")
    folder = folder_with(tmp_path, "_course.yaml", "new-alliances.yaml")
    before = sorted(p.name for p in folder.iterdir())
    # Wrong choices need a misconception tag: without one the import writes nothing.
    untagged = run("import-gift", source, "--dir", folder)
    assert untagged.exit_code == 1
    assert "--misconception" in untagged.output and "outside-the-text" in untagged.output
    assert sorted(p.name for p in folder.iterdir()) == before
    bad_tag = run("import-gift", source, "--dir", folder, "--misconception", "no-such-tag")
    assert bad_tag.exit_code == 1 and "not in the vocabulary" in bad_tag.output
    result = run("import-gift", source, "--dir", folder, "--misconception", "outside-the-text")
    assert result.exit_code == 0, result.output
    # The slug comes from the category; the true/false item is listed with its line.
    written = folder / "week-4-mercosur.yaml"
    assert written.is_file()
    assert f"{source}:19: skipped: numerical questions are not supported" in result.output
    assert "1 item(s) skipped" in result.output
    assert "TODO(import)" in result.output and "feedback on a choice (5)" in result.output
    assert "misconception tags (set to 'outside-the-text'" in result.output
    data = spec_dict(written)  # passes the checker, cross-checked with the course file
    assert data["title"].startswith("TODO(import)")
    assert data["publication"] == data["author"] == data["date"] == "not stated"
    assert [s["heading"] for s in data["summary"]] == ["Intro"]
    bloc, members, true_false = data["questions"]
    # [html] emphasis becomes the content format's *emphasis*.
    assert bloc["prompt"] == "When was Mercosur *created*?" and not bloc["multiple"]
    assert [(c["text"], c["correct"]) for c in bloc["choices"]] == [
        ("1991", True), ("1985", False), ("2001", False)]
    assert bloc["explanation"] == "The treaty was signed in March 1991."
    assert bloc["choices"][2]["feedback"].startswith("TODO(import)")
    assert members["multiple"] and [c["correct"] for c in members["choices"]] == [
        True, True, False]
    # {TRUE} is a two-choice check.
    assert [(c["text"], c["correct"]) for c in true_false["choices"]] == [
        ("True", True), ("False", False)]
    assert [d["prompt"] for d in data["discussion"]] == [
        "Is Mercosur a brake on free trade? Argue: yes or no."]
    assert written.read_text().startswith("# Imported from bank.gift")


def test_nothing_importable_writes_nothing(run, tmp_path):
    source = tmp_path / "tf.gift"
    source.write_text("::A:: Two and two? {=four =4}\n\n::B:: Pi {#3.14}\n\n"
                      "::C:: Match {=a -> 1 =b -> 2}\n", encoding="utf-8")
    folder = folder_with(tmp_path, "_course.yaml")
    result = run("import-gift", source, "--dir", folder)
    assert result.exit_code == 1
    assert "nothing in the file could be imported" in result.output
    assert f"{source}:1: skipped: short-answer" in result.output
    assert f"{source}:3: skipped: numerical" in result.output
    assert f"{source}:5: skipped: matching" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["_course.yaml"]


def test_duplicate_prompt_and_taken_id_are_handled(run, tmp_path):
    existing = read_content(QUESTIONS / "new-alliances.yaml").readings[0].questions[0]
    source = tmp_path / "dup.gift"
    source.write_text(
        f"::{existing.id}:: A fresh question? {{=yes#ok ~no#no}}\n\n"
        f"::copy:: {existing.prompt} {{=a#ok ~b#no}}\n", encoding="utf-8")
    folder = folder_with(tmp_path, "_course.yaml", "new-alliances.yaml")
    result = run("import-gift", source, "--dir", folder, "--slug", "extra",
                 "--misconception", "wrong-actor")
    assert result.exit_code == 0, result.output
    assert f"{source}:3: skipped: the same prompt" in result.output
    assert f"id {existing.id!r} is already used" in result.output
    data = spec_dict(folder / "extra.yaml")
    assert [q["id"] for q in data["questions"]] == ["extra-q1"]


def test_a_failed_write_leaves_no_half_written_file(run, tmp_path, monkeypatch):
    gift = tmp_path / "r.gift"
    assert run("export-gift", "new-alliances", "-o", gift).exit_code == 0
    folder = folder_with(tmp_path, "_course.yaml")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("quizapp.services.interchange.bank.files.os.replace", broken_replace)
    result = run("import-gift", gift, "--dir", folder)
    assert result.exit_code == 1 and "No space left" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["_course.yaml"]  # no temp file left


def test_export_refuses_to_overwrite_and_explains_unknown_readings(run, tmp_path):
    out = tmp_path / "x.gift"
    out.write_text("keep me")
    refused = run("export-gift", "new-alliances", "-o", out)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert out.read_text() == "keep me"
    assert run("export-gift", "new-alliances", "-o", out, "--force").exit_code == 0
    assert "::na-q1::" in out.read_text() or "$CATEGORY" in out.read_text()
    unknown = run("export-gift", "no-such-reading")
    assert unknown.exit_code == 1 and "milei-first-year" in unknown.output
    to_stdout = run("export-gift", "new-alliances")
    assert to_stdout.exit_code == 0 and to_stdout.output.startswith("// quizapp export")


def test_bad_input_files_get_a_clear_answer(run, tmp_path):
    folder = folder_with(tmp_path, "_course.yaml")
    latin1 = tmp_path / "latin1.gift"
    latin1.write_bytes("::Q:: Año {=sí ~no}".encode("latin-1"))
    result = run("import-gift", latin1, "--dir", folder)
    assert result.exit_code == 1 and "not UTF-8" in result.output
    ok = tmp_path / "ok.gift"
    ok.write_text("::Q:: Fine {=a ~b}", encoding="utf-8")
    bad_slug = run("import-gift", ok, "--dir", folder, "--slug", "Not A Slug")
    assert bad_slug.exit_code == 1 and "--slug" in bad_slug.output
    assert sorted(p.name for p in folder.iterdir()) == ["_course.yaml"]
