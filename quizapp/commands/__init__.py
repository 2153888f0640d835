"""Every `quizapp` command, one module per group; `quizapp.cli` registers `COMMANDS`.

Commands are thin: they parse options, call services, print, and commit. They may import
services, content, models and extensions; nothing imports them but `quizapp.cli` (so no
cycle can form through the CLI).
"""

from __future__ import annotations

import click
from flask.cli import routes_command, shell_command

from .accounts import create_instructor_command, set_password_command
from .backup import backup_command, restore_command
from .interchange import COMMANDS as INTERCHANGE_COMMANDS
from .serve import serve_command
from .sessions import create_session_command
from .setup import check_questions_command, init_command, load_questions_command, run_wrapper
from .translations import translations_group

COMMANDS: list[click.Command] = [
    init_command, run_wrapper, check_questions_command, load_questions_command,
    create_instructor_command, set_password_command, create_session_command, shell_command,
    routes_command,
    serve_command, *INTERCHANGE_COMMANDS, backup_command, restore_command, translations_group,
]


def register_commands(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
