"""The command line: a thin layer over the library. Each command parses, calls one library function, prints.

Command groups live in sibling modules; each exposes ``register(app)``.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import PandawatchError
from ..settings import load_settings
from . import output

app = typer.Typer(
    name="pandawatch",
    help="A sourced, time-aware record of China's panda diplomacy, kept current from the news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import version

        sys.stdout.write(f"pandawatch {version('pandawatch')}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[Optional[Path], typer.Option(help="SQLite knowledge base [env: PANDAWATCH_DB; default ./pandawatch.db]")] = None,
    registry_dir: Annotated[Optional[Path], typer.Option(help="registry data folder [default: the bundled data/registry]")] = None,
    config: Annotated[Optional[Path], typer.Option(help="settings file [default: ./pandawatch.toml]")] = None,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                          help="print the version and exit")] = False,
) -> None:
    ctx.obj = load_settings(
        config_file=config,
        db=str(db) if db else None,
        registry_dir=str(registry_dir) if registry_dir else None,
    )


# Typer vendors its own click; its ClickException (usage errors) is reachable only through the MRO.
_CLICK_EXCEPTION = next(kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "ClickException")


def _register_commands() -> None:
    """Add every command group once (tests and `get` may call main() many times in one process)."""
    from . import commands

    if app.registered_commands:
        return
    for module in commands.modules():
        module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a PandawatchError becomes one line on stderr and exit code 1."""
    _register_commands()
    try:
        # Without standalone mode click returns typer.Exit's code instead of raising it.
        exit_code = app(args=argv, standalone_mode=False, prog_name="pandawatch")
    except PandawatchError as error:
        output.fail(error, as_json="--json" in (sys.argv[1:] if argv is None else argv))
        sys.exit(1)
    except sqlite3.Error as error:  # the knowledge base file failed under a command: one line, not a traceback
        from ..store.db import Store
        from ..store.faults import database_fault

        output.fail(database_fault(error, Store.last_path), as_json="--json" in (sys.argv[1:] if argv is None
                                                                                  else argv))
        sys.exit(1)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        output.console_err.print("aborted")
        sys.exit(130)
    except _CLICK_EXCEPTION as error:  # usage errors
        error.show()
        sys.exit(error.exit_code)
    if isinstance(exit_code, int):
        sys.exit(exit_code)
