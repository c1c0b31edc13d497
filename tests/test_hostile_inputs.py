"""Hostile and unlucky inputs, each among good ones in one ingest run on a real SQLite file: every bad input is
reported once, in one line naming it and the problem; the good articles of the same batch are stored; the run
ends ``done``; memory stays bounded (a child process over all the cases at once, its peak measured by the OS).

Each case writes its input(s) into a folder; ``origin`` is the end of the reported origin, ``reason`` the
reason. The good articles sit in the same folder, before and after the bad input in the reading order."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TEST_DATA
from pandawatch.ingest.readers import guarded
from pandawatch.model import RawInput
from pandawatch.pipeline import ingest
from pandawatch.settings import load_settings
from pandawatch.store import open_store

SETTINGS = load_settings(environ={}).with_overrides(max_input_bytes=3_000_000, max_article_bytes=1_000_000,
                                                    max_article_chars=50_000, http_timeout=1.5)  # fmt: skip
GOOD_TEXT = "The zoo said its two giant pandas, Yang Guang and Tian Tian, would return to China in December. "
MEMORY_BOUND_MB = 600  # the CLI without extraction holds ~150 MB; a 20 MB gzip bomb or a 100,000-deep line must
# not take it near the machine's memory (the runs reached 1.35 GB and "until memory runs out")
AS_ROOT = os.geteuid() == 0  # root reads files and folders whatever their modes


def _good(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "0-first.txt", folder / "z-last.txt"]
    for number, path in enumerate(paths):
        path.write_text(f"Story {number}. {GOOD_TEXT * 3}", encoding="utf-8")
    return paths


def _jsonl(line: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        good = json.dumps({"text": f"A good record. {GOOD_TEXT}", "url": "https://example.org/good-record"})
        (folder / "feed.jsonl").write_text(f"{good}\n{line}\n", encoding="utf-8")
        return "feed.jsonl#line-2"
    return make


def _file(name: str, data: bytes | str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return name
    return make


def _gzip(data: bytes, cut: int | None = None) -> bytes:
    packed = gzip.compress(data)
    return packed[:cut] if cut else packed


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    for number, (media_type, body) in enumerate(records):
        http_part = f"HTTP/1.1 200 OK\r\nContent-Type: {media_type}\r\n\r\n".encode() + body
        out.write(f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/{number}\r\n"
                  f"WARC-Record-ID: <urn:uuid:{number:08d}-0000-0000-0000-000000000000>\r\n"
                  "WARC-Date: 2026-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                  f"Content-Length: {len(http_part)}\r\n\r\n".encode() + http_part + b"\r\n\r\n")
    return out.getvalue()


def _cut_warc(folder: Path) -> str:
    page = b"<html><body><p>" + (GOOD_TEXT.encode() * 3) + b"</p></body></html>"
    archive = _warc([("text/html", page), ("text/html", page.replace(b"Story", b"Other"))])
    (folder / "cut.warc").write_bytes(archive[:-200])
    return "https://example.org/1"  # a WARC record is reported under its target URI


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.txt")
    return "pipe.txt"


def _socket_file(folder: Path) -> str:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "socket.txt"))
    listener.close()  # the socket file stays on disk
    return "socket.txt"


def _linked_folder(folder: Path) -> str:
    (folder.parent / "elsewhere").mkdir(exist_ok=True)
    (folder.parent / "elsewhere" / "story.txt").write_text(GOOD_TEXT * 2, encoding="utf-8")
    (folder / "linked").symlink_to(folder.parent / "elsewhere")
    return "linked"


def _loop_link(folder: Path) -> str:
    (folder / "loop").symlink_to(folder)
    return "loop"


def _broken_link(folder: Path) -> str:
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    return "gone.txt"


def _mode_000(name: str, is_folder: bool) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        if is_folder:
            path.mkdir()
            (path / "story.txt").write_text(GOOD_TEXT, encoding="utf-8")
        else:
            path.write_text(GOOD_TEXT, encoding="utf-8")
        path.chmod(0)
        return name
    return make


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
                            for n in range(1, 10))
                  + ']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>')  # fmt: skip
XXE = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       '<rss version="2.0"><channel><title>x</title></channel></rss>')


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], str]
    reason: str
    detail: str = ""  # a word the one-line report must hold
    needs_non_root: bool = False


CASES: dict[str, Case] = {
    # JSONL records
    "jsonl nested 100,000 deep": Case(_jsonl("[" * 100_000 + "]" * 100_000), "malformed", "nested too deeply"),
    "jsonl object nested 100,000 deep": Case(_jsonl('{"a":' * 100_000 + "1" + "}" * 100_000), "malformed",
                                             "nested"),
    "jsonl 5,000-digit number": Case(_jsonl('{"text": "x", "n": ' + "9" * 5000 + "}"), "malformed", "digits"),
    "jsonl lone surrogate in text": Case(_jsonl('{"text": "panda \\ud800 zoo"}'), "malformed", "lone surrogate"),
    "jsonl lone surrogate in title": Case(_jsonl('{"text": "panda zoo", "title": "\\udfff"}'), "malformed",
                                          "'title'"),
    "jsonl lone surrogate in url": Case(_jsonl('{"text": "panda zoo", "url": "https://x/\\udc00"}'), "malformed",
                                        "'url'"),
    "jsonl cut mid-record": Case(_jsonl('{"text": "panda'), "malformed", "not JSON"),
    "jsonl array line": Case(_jsonl("[1, 2, 3]"), "malformed", "list"),
    "jsonl string line": Case(_jsonl('"just a string"'), "malformed", "str"),
    "jsonl null line": Case(_jsonl("null"), "malformed", "NoneType"),
    "jsonl text is a number": Case(_jsonl('{"text": 12345}'), "malformed", "no 'text'"),
    "jsonl text blank": Case(_jsonl('{"text": "   "}'), "malformed", "no 'text'"),
    "jsonl NaN and Infinity": Case(_jsonl('{"text": NaN, "html": Infinity}'), "malformed", "no 'text'"),
    "jsonl record over the article limit": Case(_jsonl(json.dumps({"text": "panda " * 200_000})), "too-large",
                                                "max_article_bytes"),
    "jsonl record with NUL bytes only": Case(_jsonl(json.dumps({"text": "\u0000" * 50})), "binary", "control"),
    # sizes
    "text over the article character limit": Case(_file("long.txt", "ab\n" * 30_000), "too-long",
                                                  "max_article_chars"),
    "a 2 MB file of 'ab' lines": Case(_file("ab.txt", "ab\n" * 700_000), "too-large", "max_article_bytes"),
    "file over the input limit": Case(_file("huge.txt", b"panda " * 600_000), "too-large", "max_input_bytes"),
    "gzip bomb": Case(_file("bomb.txt.gz", _gzip(b"\0" * 20_000_000)), "too-large", "decompresses"),
    # not text
    "empty file": Case(_file("empty.txt", b""), "empty"),
    "whitespace only": Case(_file("blank.txt", b" \n\t\r\n  "), "empty"),
    "PNG image": Case(_file("image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2000)), "binary"),
    "PDF": Case(_file("paper.html", b"%PDF-1.7\n" + os.urandom(2000)), "binary"),
    "ELF executable": Case(_file("program.txt", b"\x7fELF" + os.urandom(2000)), "binary"),
    "SQLite file": Case(_file("kb.txt", b"SQLite format 3\x00" + bytes(2000)), "binary"),
    "random bytes": Case(_file("noise.bin", bytes(range(256)) * 40), "binary"),
    "NUL bytes": Case(_file("zeros.txt", bytes(5000)), "binary"),
    "UTF-16 mark over bytes that are not": Case(_file("bom.txt", b"\xff\xfe" + b"\x00\xd8" * 3), "undecodable"),
    # containers
    "gzip cut short": Case(_file("cut.txt.gz", _gzip(GOOD_TEXT.encode() * 50, cut=40)), "truncated"),
    "gzip with a corrupt body": Case(_file("bad.txt.gz", b"\x1f\x8b\x08\x00" + bytes(6) + os.urandom(200)),
                                     "corrupt"),
    "gzip of nothing": Case(_file("nothing.txt.gz", _gzip(b"")), "empty"),
    "WARC without pages": Case(_file("images.warc", _warc([("text/plain", b"panda")])), "no-pages"),
    "WARC cut short": Case(_cut_warc, "truncated", "missing"),
    "feed with no entries": Case(_file("empty.rss", '<?xml version="1.0"?><rss version="2.0"><channel>'
                                       "<title>t</title></channel></rss>"), "empty", "no entries"),
    "billion laughs feed": Case(_file("laughs.rss", BILLION_LAUGHS), "empty"),
    "XXE feed": Case(_file("xxe.rss", XXE), "empty"),
    "HTML with no text": Case(_file("blank.html", "<html><body><script>x()</script></body></html>"), "no-text"),
    # the file system
    "named pipe": Case(_fifo, "not-a-file", "named pipe"),
    "socket": Case(_socket_file, "not-a-file", "socket"),
    "symbolic link to a folder": Case(_linked_folder, "linked-folder", "not followed"),
    "symbolic link looping to its own folder": Case(_loop_link, "linked-folder", "not followed"),
    "broken symbolic link": Case(_broken_link, "unreadable", "No such file"),
    "hidden file": Case(_file(".secret.txt", GOOD_TEXT), "hidden"),
    "unreadable file": Case(_mode_000("locked.txt", False), "unreadable", "Permission denied", needs_non_root=True),
    "unreadable folder": Case(_mode_000("locked", True), "unreadable", "folder not read", needs_non_root=True),
}  # fmt: skip


def _run(tmp_path: Path, case: Case, store) -> tuple[object, str, list[Path]]:
    folder = tmp_path / "news"
    good = _good(folder)
    origin = case.make(folder)
    report = ingest([str(folder)], store, SETTINGS, extract=False)
    return report, origin, good


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_input_costs_only_itself(tmp_path, store, name):
    case = CASES[name]
    if case.needs_non_root and AS_ROOT:
        pytest.skip("root reads whatever the modes say")
    report, origin, good = _run(tmp_path, case, store)
    problems = report.errors + report.skipped
    mine = [p for p in problems if p.origin.endswith(origin) or (origin + "#") in p.origin]
    assert len(mine) == 1, [p.message() for p in problems]
    line = mine[0].message()
    assert mine[0].reason == case.reason and case.detail in line, line
    assert "\n" not in line and origin.split("#")[0] in line  # one line, naming the input
    assert not report.errors or mine[0] in report.errors  # nothing else failed
    stored = {row["id"] for row in store.db["articles"].rows}
    assert {f"news/{path.name}" for path in good} <= stored  # the rest of the batch (ids relative to news/'s parent)
    status = store.conn.execute("SELECT status FROM ingest_runs WHERE id = ?", (report.run_id,)).fetchone()[0]
    assert status == "done" and not report.complete


def test_the_suite_holds_forty_classes_of_bad_input():
    assert len(CASES) + len(URL_CASES) + 4 >= 40  # (+ special paths, a crashing reader, extractor failures)


# ---- paths named on the command line -------------------------------------------------------------------

@pytest.mark.parametrize(("path", "reason"), [("/dev/zero", "not-a-file"), ("/dev/null", "not-a-file"),
                                              ("/dev/urandom", "not-a-file"), ("/no/such/path", "not-found")])
def test_special_paths_named_directly_are_refused_at_once(tmp_path, store, path, reason):
    good = _good(tmp_path / "news")
    started = time.monotonic()
    report = ingest([path, str(tmp_path / "news")], store, SETTINGS, extract=False)
    assert time.monotonic() - started < 30
    assert [(s.origin, s.reason) for s in report.skipped] == [(os.path.basename(path), reason)]  # (its id: its name)
    assert report.stored == len(good)


# ---- failures no input should cause, but a bug or a library might ------------------------------------------

def test_a_reader_that_crashes_ends_only_its_input():
    def reader():
        yield RawInput("a.jsonl#line-1", b"one", "text/plain")
        raise RecursionError("maximum recursion depth exceeded")

    items = list(guarded("a.jsonl", reader()))
    assert items[0].origin == "a.jsonl#line-1"
    assert (items[1].origin, items[1].reason) == ("a.jsonl", "error")
    assert "after a.jsonl#line-1" in items[1].detail and "RecursionError" in items[1].detail


def test_an_extractor_failing_on_one_article_costs_only_that_article(tmp_path, store):
    good = _good(tmp_path / "news")
    (tmp_path / "news" / "m-bad.txt").write_text("This one breaks the extractor. " * 5, encoding="utf-8")

    def fragile(doc):
        if "breaks" in doc.text:
            raise ValueError("[E088] Text of length 1000001 exceeds maximum")
        return []

    report = ingest([str(tmp_path / "news")], store, SETTINGS, extract=fragile)
    assert [(e.origin.rsplit("/", 1)[-1], e.reason) for e in report.errors] == [("m-bad.txt", "error")]
    assert "ValueError: [E088]" in report.errors[0].message()
    assert report.stored == len(good)


def test_a_database_failure_mid_run_marks_the_run_interrupted(tmp_path, store):
    _good(tmp_path / "news")
    store.conn.execute("CREATE TRIGGER no_more BEFORE INSERT ON ingest_issues BEGIN SELECT RAISE(ABORT, 'disk "
                       "gone'); END")
    (tmp_path / "news" / "empty.txt").write_text("")  # its issue row cannot be written
    with pytest.raises(Exception):
        ingest([str(tmp_path / "news")], store, SETTINGS, extract=False)
    assert store.conn.execute("SELECT status FROM ingest_runs").fetchall() == [("interrupted",)]


# ---- URLs ---------------------------------------------------------------------------------------------

class _Hostile(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/trickle":  # a byte a second: each read is quick, the download never ends in time
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(30):
                try:
                    self.wfile.write(b"p")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.25)
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"panda " * 10_000)
            except OSError:
                return
        elif self.path == "/good":
            body = (GOOD_TEXT * 3).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


URL_CASES = {"/trickle": ("too-slow", "http_timeout"), "/huge": ("too-large", "max_input_bytes"),
             "/missing": ("http-error", "404")}  # fmt: skip


@pytest.mark.parametrize("path", list(URL_CASES))
def test_a_hostile_server_costs_only_its_url(store, hostile_server, path):
    reason, detail = URL_CASES[path]
    started = time.monotonic()
    report = ingest([f"{hostile_server}{path}", f"{hostile_server}/good"], store, SETTINGS, extract=False)
    assert time.monotonic() - started < SETTINGS.http_timeout + 5  # a deadline for the whole download
    assert [(s.origin, s.reason) for s in report.skipped] == [(f"{hostile_server}{path}", reason)]
    assert detail in report.skipped[0].detail and report.stored == 1


# ---- all of it at once, in a child process: one report line each, bounded memory ---------------------------

def _peak_memory_mb(child: subprocess.Popen) -> float:
    """The child's high-water resident memory (VmHWM, the kernel's own mark for its address space), read until it
    exits. (getrusage's ru_maxrss would also count the pytest worker's memory the child had when forked.)"""
    peak = 0
    while child.poll() is None:
        time.sleep(0.02)
        try:
            if b"pandawatch" not in Path(f"/proc/{child.pid}/cmdline").read_bytes():
                continue  # not exec'd yet: the address space is still a copy of this process's
            status = Path(f"/proc/{child.pid}/status").read_text()
        except OSError:
            break
        marks = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
        peak = max(peak, int(marks[0])) if marks else peak
    child.wait(timeout=300)
    return peak / 1024


def test_the_whole_hostile_batch_through_the_cli_in_bounded_memory(tmp_path):
    folder = tmp_path / "news"
    good = _good(folder)
    origins = {}
    for number, (name, case) in enumerate(CASES.items()):
        if case.needs_non_root and AS_ROOT:
            continue
        sub = folder / f"case-{number:02d}"
        sub.mkdir()
        made = case.make(sub)
        origins[name] = made if "://" in made else f"news/{sub.name}/{made}"
    settings = {f"PANDAWATCH_{key.upper()}": str(getattr(SETTINGS, key))
                for key in ("max_input_bytes", "max_article_bytes", "max_article_chars", "http_timeout")}
    out, err = tmp_path / "out.json", tmp_path / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen([sys.executable, "-m", "pandawatch", "--db", str(tmp_path / "kb.db"), "ingest",
                                  str(folder), "/dev/zero", "--json", "--no-extract"],
                                 stdout=stdout, stderr=stderr, env={**os.environ, **settings})
        peak_mb = _peak_memory_mb(child)
    assert child.returncode == 2, err.read_text()[-2000:]
    print(f"hostile batch: peak resident memory {peak_mb:.0f} MB")
    assert peak_mb < MEMORY_BOUND_MB, f"peak {peak_mb:.0f} MB"
    report = json.loads(out.read_text())
    reported = [item["origin"] for item in report["skipped"] + report["errors"]]
    for name, origin in origins.items():
        assert sum(o == origin or o.startswith(origin + "#") for o in reported) == 1, name
    assert "zero" in reported and report["stored"] >= len(good)  # (/dev/zero, named by its id)
    with open_store(tmp_path / "kb.db") as kb:
        assert kb.conn.execute("SELECT status FROM ingest_runs").fetchall() == [("done",)]
