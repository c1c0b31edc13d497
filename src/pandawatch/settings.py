"""Every setting in one declarative list. Layers, later wins: defaults → pandawatch.toml → environment
(``PANDAWATCH_<NAME>``) → command-line options."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidInput

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
PACKAGE_DATA = PACKAGE_DIR / "data"  # packaged configuration: gazetteers, weights, thresholds


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "pandawatch.db", "SQLite knowledge base file (also --db, PANDAWATCH_DB)"),
    Setting("registry_dir", str(REPO_DIR / "data" / "registry"), "folder of the registry YAML files"),
    Setting("demo_news", str(REPO_DIR / "data" / "samples" / "sample-news"), "news that `pandawatch demo` ingests"),
    Setting("max_input_bytes", 50_000_000, "an input read whole (a file, a URL's body, a decompressed gzip, a WARC "
            "record, one line of a JSONL file) larger than this is skipped as too-large"),
    Setting("max_stream_bytes", 20_000_000_000, "a JSONL file (plain or gzipped), read line by line and never held "
            "whole, stops being read past this many (decompressed) bytes: the rest is reported as too-large"),
    Setting("max_article_bytes", 5_000_000, "one article's raw bytes (a page, a JSONL record, a WARC record) over "
            "this are skipped as too-large"),
    Setting("max_article_chars", 200_000, "an article whose clean text is longer is skipped as too-long (extraction "
            "time grows with length; spaCy's own limit is 1,000,000)"),
    Setting("http_timeout", 20.0, "seconds a URL may take, connection to last byte, before it is reported unreachable or too-slow"),
    Setting("near_duplicate_threshold", 0.8, "MinHash Jaccard estimate above which two articles are one story"),
    Setting("alert_days", 180, "loans ending within this many days raise an alert"),
    Setting("host", "127.0.0.1", "address `serve` listens on"),
    Setting("port", 8765, "port `serve` listens on"),
    Setting("trusted_hosts", "localhost,127.0.0.1,::1", "host names the server answers to (comma-separated; the "
            "`host` it listens on is added; `*` for any): a request naming another is refused (DNS rebinding)"),
    Setting("review_token", "", "token that review actions need (empty: review is read-only)"),
)


@dataclass(frozen=True)
class Settings:
    values: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> object:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def with_overrides(self, **overrides: object) -> Settings:
        given = {key: value for key, value in overrides.items() if value is not None}
        return Settings({**self.values, **given})


def _coerce(setting: Setting, raw: str) -> object:
    kind = type(setting.default)
    return kind(raw) if kind in (int, float) else raw


def _from_file(path: Path, known: dict) -> dict:
    try:
        with path.open("rb") as handle:
            from_file = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"not valid TOML: {error}", source=str(path)) from None
    unknown = sorted(set(from_file) - set(known))
    if unknown:
        raise InvalidInput(f"unknown setting(s): {', '.join(unknown)}", source=str(path),
                           hint="see docs/settings.md")
    return from_file


def load_settings(config_file: Path | None = None, environ: dict | None = None, **overrides: object) -> Settings:
    """Build the settings from the layers; ``overrides`` are the command line's (None means unset)."""
    environ = os.environ if environ is None else environ
    values = {setting.name: setting.default for setting in SETTINGS}
    path = config_file or Path("pandawatch.toml")
    if config_file is not None and not path.is_file():
        raise InvalidInput("no such settings file", source=str(path))
    if path.is_file():
        values.update(_from_file(path, known=values))
    for setting in SETTINGS:
        raw = environ.get(f"PANDAWATCH_{setting.name.upper()}")
        if raw is not None:
            values[setting.name] = _coerce(setting, raw)
    return Settings(values).with_overrides(**overrides)
