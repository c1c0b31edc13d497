"""The files the dashboard serves itself (no CDN), as a fixed allow-list.

A request names an asset; the name is looked up in a dict built at start-up. No part of a request ever
becomes a filesystem path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..settings import REPO_DIR

STATIC_DIR = Path(__file__).resolve().parent / "static"
NODE_MODULES = REPO_DIR / "node_modules"

# name served under /assets/ → file under node_modules (front-end libraries installed by `npm ci`)
VENDOR_FILES: dict[str, str] = {
    "d3-array.min.js": "d3-array/dist/d3-array.min.js",
    "d3-geo.min.js": "d3-geo/dist/d3-geo.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    # Noto Sans SC (regular) covers Chinese, kana and most hangul; its stylesheet declares ~100 unicode-range
    # chunks, so a page downloads only the chunks for the characters it shows. The stylesheet's relative
    # url(./files/...) resolves to /assets/files/ (FONT_FILES below).
    "noto-sans-sc.css": "@fontsource/noto-sans-sc/400.css",
}
FONT_FILES = ("@fontsource/noto-sans-sc/files", "*-400-normal.woff2")  # folder under node_modules, file pattern

MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml",
               ".woff2": "font/woff2"}  # fmt: skip


@dataclass(frozen=True)
class Asset:
    name: str
    path: Path
    media_type: str


def _asset(name: str, path: Path) -> Asset:
    return Asset(name, path, MEDIA_TYPES.get(path.suffix, "application/octet-stream"))


def allowed_assets(static_dir: Path = STATIC_DIR, node_modules: Path = NODE_MODULES) -> dict[str, Asset]:
    """Every servable asset by name: our own static files, then the vendored libraries that are installed."""
    assets = {path.name: _asset(path.name, path) for path in sorted(static_dir.iterdir()) if path.is_file()}
    for name, relative in VENDOR_FILES.items():
        path = node_modules / relative
        if path.is_file():
            assets[name] = _asset(name, path)
    return assets


def font_files(node_modules: Path = NODE_MODULES) -> dict[str, Asset]:
    """The web font's chunks by file name, served under /assets/files/ where its stylesheet points."""
    folder, pattern = FONT_FILES
    return {path.name: _asset(path.name, path) for path in sorted((node_modules / folder).glob(pattern))}


def missing_vendor_files(assets: dict[str, Asset]) -> list[str]:
    """Vendored libraries not installed (the map needs them: run scripts/setup.sh, which runs `npm ci`)."""
    return [name for name in VENDOR_FILES if name not in assets]
