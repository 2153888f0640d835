"""Compiles the message catalogues (quizapp/translations/*/LC_MESSAGES/*.po) into .mo files
when the package is built or installed (editable installs too); the .mo files are never
committed. Everything else about the package is in pyproject.toml."""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        # Loaded by path: the quizapp package itself needs Flask, which the build lacks.
        spec = importlib.util.spec_from_file_location(
            "quizapp_catalogues", HERE / "quizapp" / "catalogues.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.compile_catalogues()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
