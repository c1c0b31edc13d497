"""pandawatch's exceptions. Each carries what a user needs for a one-line message and an HTTP status."""

from __future__ import annotations


class PandawatchError(Exception):
    """Base error: ``message`` names the problem; ``source`` the file, line, URL or record at fault."""

    status_code = 400

    def __init__(self, message: str, source: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.hint = hint

    def one_line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class NotFound(PandawatchError):
    status_code = 404


class InvalidInput(PandawatchError):
    status_code = 422


class RegistryError(PandawatchError):
    """The registry data files are broken."""

    status_code = 500


class Forbidden(PandawatchError):
    status_code = 403


def error_body(error: PandawatchError) -> dict:
    """The one JSON error shape of the API and of the CLI's --json output."""
    return {
        "error": type(error).__name__,
        "message": error.message,
        "source": error.source,
        "hint": error.hint,
        "status": error.status_code,
    }
