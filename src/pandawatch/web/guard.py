"""What every request and response passes: the Host must be trusted, the request line must be sane (no NUL
byte, a bounded query), and every response carries the security headers. A pure ASGI layer, so that it costs
a few dictionary look-ups per request and covers the pages, the API, the assets and the errors alike."""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes, urlsplit

from ..errors import InvalidInput, PandawatchError, error_body

MAX_QUERY_BYTES = 4096  # no legitimate query of ours comes near; a longer one is refused before any work

# No inline script or style, nothing from another origin, never framed: a script smuggled into the data by an
# article has nowhere to run (javascript: URLs count as inline script and are blocked too).
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
))  # fmt: skip
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

ANY_HOST = "*"


def trusted_hosts(setting: str | Iterable[str], serve_host: str | None = None) -> frozenset[str]:
    """The host names requests may name: the ``trusted_hosts`` setting (comma-separated) and the address
    ``serve`` listens on (unless it is a wildcard address)."""
    names = setting.split(",") if isinstance(setting, str) else list(setting)
    hosts = {name.strip().lower().strip("[]") for name in names if name.strip()}
    if serve_host and serve_host not in ("0.0.0.0", "::"):
        hosts.add(serve_host.lower().strip("[]"))
    return frozenset(hosts)


def host_name(header: str) -> str:
    """The host of a Host header, without its port: ``[::1]:8765`` → ``::1``, ``Example.org:80`` → ``example.org``."""
    return (urlsplit(f"//{header}").hostname or "").lower()


class RequestGuard:
    def __init__(self, app, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._refusal(scope)
        if refused is not None:
            await _send_error(send, refused)
            return
        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope) -> PandawatchError | None:
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if ANY_HOST not in self.hosts and host not in self.hosts:
            error = PandawatchError(f"host {host!r} is not trusted", source="Host",
                                    hint="add it to the trusted_hosts setting")
            error.status_code = 400
            return error
        query = scope.get("query_string", b"")
        if len(query) > MAX_QUERY_BYTES:
            return InvalidInput(f"the query is {len(query):,} bytes, over {MAX_QUERY_BYTES:,}", source="query")
        raw_path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
        if b"\x00" in unquote_to_bytes(query) or b"\x00" in unquote_to_bytes(raw_path):
            return InvalidInput("a NUL byte in the request", source="query" if b"%00" in query else "path")
        return None


async def _send_error(send, error: PandawatchError) -> None:
    body = json.dumps(error_body(error)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
