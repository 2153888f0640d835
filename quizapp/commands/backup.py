"""`quizapp backup PATH` and `quizapp restore PATH` (SQLite; PostgreSQL: pg_dump/pg_restore)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from ..services.installation import backup as backups


def _url() -> str:
    return str(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _describe(summary: backups.Summary) -> str:
    return (f"{summary.total} rows in {len(summary.rows)} tables, schema revision "
            f"{summary.revision or 'none'}")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH (a file, or a folder for a time-stamped file).

    Safe while the app runs: the copy is one consistent snapshot. For PostgreSQL this
    prints the pg_dump command to use instead.
    """
    try:
        summary = backups.backup_sqlite(_url(), path)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up to {summary.path}: {_describe(summary)}")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole SQLite database by the backup at PATH, after a confirmation.

    Everything written since that backup is lost. A backup from an older version of the
    app is upgraded to the current schema afterwards. For PostgreSQL this prints the
    pg_restore command to use instead.
    """
    url = _url()
    try:
        target = backups.sqlite_file(url)
        if target is None:
            raise backups.BackupError(backups.postgres_hint(url, "restore"))
        summary = backups.inspect_backup(path)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup {path}: {_describe(summary)}")
    if not yes:
        click.confirm(f"Replace EVERYTHING in {target} with this backup? Whatever was "
                      "written since the backup was taken will be lost", abort=True)
    db.session.remove()
    db.engine.dispose()  # this process's connections must not outlive the old content
    try:
        restored = backups.restore_sqlite(url, path)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    from ..services.installation.setup import upgrade_database

    upgrade_database()  # an older backup gets the migrations made since
    click.echo(f"Restored {restored.path} from {path}: {_describe(restored)}")
