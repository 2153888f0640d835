"""Commands: session archives (export/import), Moodle GIFT and Moodle XML (export/import)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from ..content.schema import read_content
from ..content.specs import ReadingSpec
from ..database import refresh_statistics
from ..extensions import db
from ..services.classroom.seminars import find_seminar
from ..services.interchange.archive.restore import import_archive
from ..services.interchange.archive.writer import ArchiveError, archive_chunks, read_archive
from ..services.interchange.bank.exporting import ExportError
from ..services.interchange.bank.files import write_atomically
from ..services.interchange.bank.reading import BankImportError, ImportedReading
from ..services.interchange.gift.importer import import_gift
from ..services.interchange.gift.writer import export_reading
from ..services.interchange.moodle_xml.importer import import_moodle_xml
from ..services.interchange.moodle_xml.writer import export_reading_xml
from .setup import init_or_exit


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path} is not UTF-8 text ({exc.reason} at byte "
                                   f"{exc.start})") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from exc


def _write(path: Path, text: str, force: bool) -> None:
    try:
        write_atomically(path, text, force=force)
    except FileExistsError as exc:
        raise click.ClickException(f"{path} exists; add --force to replace it") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from exc


def _ready() -> None:
    init_or_exit(load=False)


@click.command("export-session")
@with_appcontext
@click.argument("code")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of to standard output.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def export_session_command(code: str, output: Path | None, force: bool) -> None:
    """Write a session (join CODE) as a JSON archive."""
    _ready()
    seminar = find_seminar(code)
    if seminar is None:
        raise click.ClickException(f"no session with code {code!r}")
    text = "".join(archive_chunks(seminar))
    if output is None:
        click.echo(text)
    else:
        _write(output, text, force)
        click.echo(f"Wrote the archive of {seminar.title!r} to {output}", err=True)


@click.command("import-session")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", help="The instructor who owns the restored session "
              "(default: the archive's owner, if that username exists here).")
@click.option("--new-code", is_flag=True,
              help="Give the session a new join code if its code is taken here.")
def import_session_command(file: Path, owner: str | None, new_code: bool) -> None:
    """Restore a session from a JSON archive (made by the archive download or export-session)."""
    _ready()
    try:
        report = import_archive(read_archive(_read_text(file)), owner=owner, new_code=new_code)
    except ArchiveError as exc:
        db.session.rollback()
        raise click.ClickException(f"{file}: {exc}. Nothing was restored.") from exc
    except SQLAlchemyError as exc:
        db.session.rollback()
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise click.ClickException(f"{file}: the database refused the archive ({reason}). "
                                   "Nothing was restored.") from exc
    db.session.commit()
    refresh_statistics()  # the session's answers arrived in bulk
    db.session.commit()
    for message in report.messages:
        click.echo(f"Note: {message}")
    click.echo(str(report))
    click.echo(report.code)


def _content_folder(folder: Path | None) -> Path:
    return folder or Path(current_app.config["QUIZAPP_QUESTIONS_DIR"])


def _exported(reading: str, folder: Path | None,
              writer: Callable[[ReadingSpec], str]) -> tuple[ReadingSpec, str]:
    folder = _content_folder(folder)
    path = folder / f"{reading}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("_"))
        raise click.ClickException(f"no reading {reading!r} in {folder}"
                                   + (f"; readings: {', '.join(known)}" if known else ""))
    content = read_content(path)
    if content.problems or not content.readings:
        for problem in content.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{path} has errors; fix them first")
    spec = content.readings[0]
    try:
        return spec, writer(spec)
    except ExportError as exc:
        raise click.ClickException(f"{path}: {exc}") from exc


def _export(spec: ReadingSpec, text: str, output: Path | None, force: bool) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text, force)
    click.echo(f"Wrote {len(spec.questions)} multiple-choice and {len(spec.discussion)} "
               f"discussion question(s) and {len(spec.summary)} summary section(s) of "
               f"{spec.slug} to {output}")


def _export_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed([
            click.argument("reading"),
            click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                         help="Write here instead of to standard output."),
            click.option("--force", is_flag=True, help="Replace the output file if it exists."),
            click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
                         help="The content folder (default: the app's questions/).")]):
        command = option(command)
    return with_appcontext(command)


def _import_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed([
            click.argument("file", type=click.Path(exists=True, dir_okay=False,
                                                   path_type=Path)),
            click.option("--slug", help="The reading to create or add to (default: from the "
                         "file's category or name)."),
            click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
                         help="The content folder (default: the app's questions/)."),
            click.option("--force", is_flag=True, help="Add the questions to an existing "
                         "reading file (same ids are replaced)."),
            click.option("--misconception", metavar="TAG", help="Misconception tag for wrong "
                         "choices that have none in the file.")]):
        command = option(command)
    return with_appcontext(command)


def _report(run: Callable[[], ImportedReading]) -> None:
    """Run an import and print its notes (file:line: ...), what it wrote and what is left."""
    try:
        result = run()
    except BankImportError as exc:
        for detail in exc.details:
            click.echo(detail, err=True)
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the reading file: {exc}") from exc
    for note in result.notes:
        click.echo(note)
    verb = "Added to" if result.merged else "Wrote"
    click.echo(f"{verb} {result.path}: {result.mc} multiple-choice and {result.discussion} "
               f"discussion question(s)" + (f", {result.sections} summary section(s)"
                                            if result.sections else ""))
    if result.placeholders:
        click.echo("Placeholders to replace before students see it (search for "
                   "TODO(import)): " + "; ".join(result.placeholders))
    if result.backup:
        click.echo(f"The previous version is kept as {result.backup}")
    if result.skipped:
        click.echo(f"{len(result.skipped)} item(s) skipped (listed above).", err=True)
    click.echo("Next: quizapp check-questions, then quizapp load-questions.")
    sys.stdout.flush()


@click.command("export-gift")
@_export_options
def export_gift_command(reading: str, output: Path | None, force: bool,
                        folder: Path | None) -> None:
    """Write READING's questions in Moodle GIFT (checks, discussion as essays, summary)."""
    spec, text = _exported(reading, folder, export_reading)
    _export(spec, text + "\n", output, force)


@click.command("import-gift")
@_import_options
def import_gift_command(file: Path, slug: str | None, folder: Path | None, force: bool,
                        misconception: str | None) -> None:
    """Read GIFT multiple-choice, true/false, essay and description items into a reading."""
    _report(lambda: import_gift(_read_text(file), str(file), _content_folder(folder),
                                slug=slug, force=force, misconception=misconception))


@click.command("export-moodle-xml")
@_export_options
def export_moodle_xml_command(reading: str, output: Path | None, force: bool,
                              folder: Path | None) -> None:
    """Write READING's questions as Moodle XML (checks, discussion as essays, summary)."""
    spec, text = _exported(reading, folder, export_reading_xml)
    _export(spec, text, output, force)


@click.command("import-moodle-xml")
@_import_options
def import_moodle_xml_command(file: Path, slug: str | None, folder: Path | None, force: bool,
                              misconception: str | None) -> None:
    """Read Moodle XML multichoice, truefalse, essay and description questions into a
    reading."""
    _report(lambda: import_moodle_xml(_read_text(file), str(file), _content_folder(folder),
                                      slug=slug, force=force, misconception=misconception))


COMMANDS = [export_session_command, import_session_command, export_gift_command,
            import_gift_command, export_moodle_xml_command, import_moodle_xml_command]
