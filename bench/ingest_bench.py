"""Benchmark of news ingestion: pandawatch's HTML ingest against bare ``trafilatura.extract`` on the same
pages, in the same run, and plain-text ingest. Figures are printed (and written as JSON with --out); they are
recorded in notes, not asserted by tests.

    .venv/bin/python bench/ingest_bench.py                 # 10,000 HTML pages, 10,000 texts
    .venv/bin/python bench/ingest_bench.py --pages 1000 --texts 2000

The corpus is generated in /tmp (never committed): pages shaped like real news pages (head metadata, inline
scripts and JSON-LD, navigation, cookie banners, share bars, figures, ads, comments, related-story blocks,
newsletter boxes, footers), in five site templates, with ~5% syndicated near-copies. Each measurement runs in
its own process, so each peak memory is its own; rates are per CPU-second of that process, i.e. per core.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import shutil
import sys
import time
from pathlib import Path

BENCH_DIR = Path("/tmp/pandawatch-bench")
WORDS = """panda pandas zoo keepers bamboo loan agreement China Japan Beijing Tokyo ministry officials cub twins
enclosure visitors breeding centre Sichuan Chengdu Wolong flight crates farewell talks diplomacy relations
premier minister spokesperson conservation research programme extension return arrival habitat wildlife
association government statement announced said added expected scheduled according reported week month year
the a an of to in on at for with by from and but or as that which who after before during under over about
new last first second two three several many public city national international friendship exchange""".split()
SITES = ("harbour-times", "daily-courier", "asia-wire", "evening-post", "metro-herald")


FUNCTION_WORDS = "the a of to in and for on that with by as at from was is said".split()


def sentence(rng: random.Random) -> str:
    # English news runs at about two content words per function word
    words = [rng.choice(FUNCTION_WORDS if rng.random() < 0.35 else WORDS) for _ in range(rng.randint(9, 28))]
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", '," he said.'])


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(count)]


def script_blob(rng: random.Random, kilobytes: int) -> str:
    parts = [f"var _c{i}={{id:'{rng.getrandbits(64):x}',t:{rng.random():.6f},f:function(a,b){{return a*b+{i};}}}};"
             for i in range(kilobytes * 12)]
    return "".join(parts)


def nav(rng: random.Random, site: str) -> str:
    sections = ["World", "Asia", "Business", "Markets", "Politics", "Opinion", "Sport", "Culture", "Science",
                "Travel", "Video", "Podcasts", "Weather", "Puzzles", "Subscribe", "Sign in"]
    links = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in rng.sample(sections, rng.randint(8, 16)))
    return f'<header class="{site}-header"><a class="logo" href="/">{site}</a><nav><ul>{links}</ul></nav></header>'


def teasers(rng: random.Random, count: int) -> str:
    items = []
    for _ in range(count):
        title = sentence(rng)[:70]
        items.append(f'<li class="teaser"><a href="/story/{rng.getrandbits(32):x}"><img src="/i/{rng.getrandbits(32):x}.jpg" '
                     f'alt=""><span class="kicker">{rng.choice(SITES)}</span><h3>{title}</h3><p>{sentence(rng)}</p>'
                     f'<time>{rng.randint(1, 23)} hours ago</time></a></li>')
    return f'<section class="related"><h2>{rng.choice(["Related Stories", "More from World", "Most Read", "Recommended"])}</h2><ul>{"".join(items)}</ul></section>'


def comments(rng: random.Random, count: int) -> str:
    items = "".join(f'<div class="comment"><b>user{rng.randint(1, 9999)}</b><p>{sentence(rng)}</p></div>' for _ in range(count))
    return f'<section id="comments"><h2>Comments ({count})</h2>{items}</section>' if count else ""


def page(rng: random.Random, number: int, body: list[str] | None = None) -> tuple[str, list[str]]:
    site = SITES[number % len(SITES)]
    body = body or paragraphs(rng, rng.randint(6, 20))
    title = sentence(rng)[:90].rstrip(".")
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    text = "".join(f"<p>{p}</p>" + ('<div class="ad">Advertisement</div>' if i == 3 else "")
                   + (f'<figure><img src="/p/{number}.jpg"><figcaption>{sentence(rng)}</figcaption></figure>' if i == 1 else "")
                   for i, p in enumerate(body))
    article_tag = ("article", "div", "section", "article", "main")[number % 5]
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta name="viewport" content="width=device-width"><meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site.replace('-', ' ').title()}">
<meta property="article:published_time" content="{day}T0{rng.randint(0, 9)}:00:00Z">
<link rel="canonical" href="https://{site}.example/{number}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}","datePublished":"{day}"}}</script>
<script>{script_blob(rng, rng.randint(4, 40))}</script><style>body{{font:16px serif}} .teaser{{display:flex}}</style></head>
<body class="{site}">{nav(rng, site)}<div class="cookie">We use cookies. <button>Accept</button></div>
<div class="breadcrumb"><a href="/">Home</a> › <a href="/world">World</a></div>
<{article_tag} class="story-body"><h1>{title}</h1><p class="byline">By {rng.choice(["Staff", "Wire", "Correspondent"])} Reporter</p>
{text}</{article_tag}>
<div class="share"><a>Share on Facebook</a><a>Share on X</a><a>Email</a></div>
{comments(rng, rng.choice([0, 0, 2, 5, 10]))}{teasers(rng, rng.randint(3, 8))}
<div class="newsletter"><h3>Sign up for our morning newsletter</h3><input type="email"><button>Sign up</button></div>
<footer>{"".join(f'<a href="/f{i}">Footer link {i}</a>' for i in range(rng.randint(10, 40)))}<p>© 2025 {site}</p></footer>
<script>{script_blob(rng, rng.randint(2, 20))}</script></body></html>"""
    return html, body


def make_pages(folder: Path, count: int, seed: int = 1) -> None:
    if folder.exists() and len(list(folder.iterdir())) == count:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    bodies: list[list[str]] = []
    for number in range(count):
        copy = bodies and rng.random() < 0.05  # a syndicated copy: same paragraphs, another site, an edited end
        body = (rng.choice(bodies)[:-1] + paragraphs(rng, 1)) if copy else None
        html, used = page(rng, number, body)
        bodies.append(used)
        (folder / f"{number:05d}.html").write_text(html, encoding="utf-8")


def make_texts(folder: Path, count: int, seed: int = 2) -> None:
    if folder.exists() and len(list(folder.iterdir())) == count:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    for number in range(count):
        day = f" date 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else ""
        text = "\n".join([sentence(rng)[:80].rstrip(".")] + paragraphs(rng, rng.randint(4, 10)))
        (folder / f"{number:05d}.txt").write_text(day + text, encoding="utf-8")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_trafilatura(folder: str, queue: multiprocessing.Queue) -> None:
    import trafilatura

    paths = sorted(Path(folder).iterdir())
    trafilatura.extract(paths[0].read_bytes())  # warm-up: imports and lazy loads stay out of the clock
    cpu, wall = time.process_time(), time.perf_counter()
    extracted = sum(1 for path in paths if trafilatura.extract(path.read_bytes()))
    queue.put({"items": len(paths), "extracted": extracted, "cpu_s": time.process_time() - cpu,
               "wall_s": time.perf_counter() - wall, "peak_mb": _peak_mb()})


def pandawatch_ingest(folder: str, queue: multiprocessing.Queue) -> None:
    from pandawatch.pipeline import ingest
    from pandawatch.settings import load_settings
    from pandawatch.store import open_store

    db = BENCH_DIR / f"bench-{Path(folder).name}.db"
    for leftover in BENCH_DIR.glob(f"{db.name}*"):
        leftover.unlink()
    _warm_up()
    with open_store(db) as store:
        cpu, wall = time.process_time(), time.perf_counter()
        report = ingest([folder], store, load_settings(environ={}), extract=False)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    queue.put({"items": report.read, "stored": report.stored, "duplicates": report.duplicates,
               "skipped": len(report.skipped), "errors": len(report.errors), "cpu_s": cpu, "wall_s": wall,
               "peak_mb": _peak_mb()})


def _warm_up() -> None:
    """Load what loads lazily (trafilatura, py3langid's model, dateparser) before the clock starts."""
    from pandawatch.ingest.clean import clean_with_notes
    from pandawatch.model import RawInput

    for text in ("Ein kurzer Artikel über Pandas im Zoo von Berlin, die nach China zurückkehren.",
                 "Sent March 5, 2026, the pandas flew home to Sichuan after the loan ended at the zoo."):
        clean_with_notes(RawInput("warm-up", text.encode() * 3, "text/plain"))
    page = "<html><head><title>t</title></head><body><article><p>" + "Pandas flew home to China. " * 20
    clean_with_notes(RawInput("warm-up", (page + "</p></article></body></html>").encode(), "text/html"))


def _python_speed() -> float:
    """CPU microseconds for ``sum(range(1000))``: how fast this machine runs Python, to compare figures
    across machines (a current desktop core takes about 8-10)."""
    started = time.process_time()
    for _ in range(20_000):
        sum(range(1000))
    return round((time.process_time() - started) / 20_000 * 1e6, 1)


def measure(target, folder: Path) -> dict:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.get_context("fork").Process(target=target, args=(str(folder), queue))
    process.start()
    result = queue.get()
    process.join()
    result["per_cpu_s"] = round(result["items"] / result["cpu_s"], 1)
    result["per_wall_s"] = round(result["items"] / result["wall_s"], 1)
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    pages, texts = BENCH_DIR / f"html-{args.pages}", BENCH_DIR / f"text-{args.texts}"
    make_pages(pages, args.pages)
    make_texts(texts, args.texts)
    sizes = [path.stat().st_size for path in pages.iterdir()]
    figures = {
        "html_pages": args.pages, "html_mean_kb": round(sum(sizes) / len(sizes) / 1024, 1),
        "bare_trafilatura": measure(bare_trafilatura, pages),
        "pandawatch_html": measure(pandawatch_ingest, pages),
        "pandawatch_text": measure(pandawatch_ingest, texts),
    }  # fmt: skip
    figures["python_speed_us"] = _python_speed()
    figures["html_ratio_vs_trafilatura"] = round(
        figures["pandawatch_html"]["per_cpu_s"] / figures["bare_trafilatura"]["per_cpu_s"], 3)
    print(json.dumps(figures, indent=2))
    print(f"HTML: pandawatch {figures['pandawatch_html']['per_cpu_s']} pages/s/core vs bare trafilatura "
          f"{figures['bare_trafilatura']['per_cpu_s']} → ratio {figures['html_ratio_vs_trafilatura']} (target ≥ 0.8); "
          f"text: {figures['pandawatch_text']['per_cpu_s']} articles/s/core (target ≥ 2000); peak memory "
          f"{figures['pandawatch_html']['peak_mb']:.0f} MB (HTML), {figures['pandawatch_text']['peak_mb']:.0f} MB (text); "
          f"this machine: {figures['python_speed_us']} µs per sum(range(1000))")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
