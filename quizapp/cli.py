"""The `quizapp` command: Flask's CLI for this app with the commands of `quizapp.commands`."""

from __future__ import annotations

from flask.cli import FlaskGroup

from . import create_app
from .commands import register_commands


def _make_app(*_args: object) -> object:
    return create_app()


cli = FlaskGroup(create_app=_make_app, add_default_commands=False, load_dotenv=False,
                 help="quizapp: the seminar app's command line.")
register_commands(cli)


def main() -> None:
    cli.main(prog_name="quizapp")


if __name__ == "__main__":
    main()
