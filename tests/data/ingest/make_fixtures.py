"""Writes the ingestion fixtures (good/ and bad/) from texts written for pandawatch's tests.

The articles are our own invented reports in the style of wire copy; no third-party text. Run it again after
changing a text: `python tests/data/ingest/make_fixtures.py`. The binary fixtures (gzip, WARC, encodings) are
why the files are generated rather than hand-edited.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
GOOD, BAD = HERE / "good", HERE / "bad"

FAREWELL = """Crowds lined the paths of a Tokyo zoo on Sunday to say goodbye to a pair of giant pandas before their flight to Sichuan.
The two bears, a brother and sister born at the zoo five years ago, had lived in a glass-fronted enclosure that drew long queues every weekend.
Keepers said the animals were calm during the move and travelled in heated crates with bamboo and apples for the journey.
Officials in the city government said they had asked the Chinese side for a new pair, but no agreement has been announced.
Visitors held handmade signs and many wept as the truck left the gates shortly after dawn.
The departure leaves the country without pandas for the first time in more than fifty years, a gap that some commentators tied to the cooling of relations between the two governments.
"""

CANBERRA = """Australia and China signed an agreement on Thursday to continue a giant panda research programme at a zoo in South Australia for another ten years, officials said.
The new pair is expected to arrive before the end of the year, after the current animals return to a breeding centre in Sichuan province.
Trade ministers from both countries met in Canberra earlier in the week and discussed tariffs on wine and barley, which were lifted last year.
Zoo staff said the programme had drawn more than a million visitors since it began and had paid for conservation work in the bears' mountain habitat.
The agreement was welcomed by the state premier, who called the pandas ambassadors of friendship.
"""

WIRE = """A zoo in the Netherlands said on Tuesday that its female giant panda had given birth to a cub, the second born at the park since the animals arrived on loan from China.
Keepers first heard the cub's squeals on a camera inside the den shortly after midnight and said mother and baby appeared healthy.
The cub will remain hidden from visitors for several months, and a name will be chosen together with Chinese partners when it is one hundred days old.
Under the loan agreement, cubs born abroad are returned to China before they turn four years old to join the national breeding programme.
The park's director said the birth was the result of years of careful work by a team of vets and keepers from both countries.
"""

JAPANESE = "上野動物園のジャイアントパンダ2頭が27日、中国へ返還された。多くの来園者が別れを惜しみ、長い列ができた。東京都は新たなパンダの貸与を中国側に求めているが、合意の見通しは立っていない。園の担当者は、2頭は落ち着いた様子で輸送用の箱に入ったと話した。"
CHINESE = "大熊猫“雷雷”和“晓晓”于27日从日本东京上野动物园启程回国。两只大熊猫出生于日本，此次返回四川的保护研究中心。中方表示，中日大熊猫保护合作研究取得了积极成果。许多日本民众前往动物园送别。"
CP1252_TEXT = """A café owner near the zoo in Madrid said the pandas’ return was “a sad day” for the neighbourhood.
The zoo’s director said talks with Chinese partners about a new pair were “progressing” and that a decision was expected this spring.
The two bears, which arrived in 2016, were among the zoo’s most popular attractions, drawing visitors from across Spain and Portugal.
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Harbour Times</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Harbour Times">
<meta property="article:published_time" content="{date}T08:30:00+09:00">
<meta name="author" content="Staff Reporter">
<link rel="canonical" href="https://harbour-times.example/world/pandas-leave-for-china">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
<style>.nav{display:flex} .teaser{font-size:12px}</style>
</head>
<body>
<header><nav class="nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a> <a href="/subscribe">Subscribe</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By Staff Reporter</p>
{paragraphs}
</article>
<aside class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></aside>
<section class="comments"><h2>Comments</h2>
<div class="comment"><p>So sad to see them go, we visited every summer with the kids and they loved it.</p></div>
<div class="comment"><p>Politics ruins everything. Bring them back!</p></div>
</section>
<section class="related"><h2>Related Stories</h2>
<ul>
<li class="teaser"><a href="/business/port">Shipping line opens new route to Gulf port amid trade push</a></li>
<li class="teaser"><a href="/business/cars">Carmakers weigh options as tariff deadline looms</a></li>
<li class="teaser"><a href="/opinion/election">Editorial: parties must debate the country's role abroad</a></li>
</ul></section>
</main>
<footer><p>© 2026 The Harbour Times. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
<script src="/static/app.js"></script>
</body>
</html>
"""

NO_BODY_PAGE = """<!DOCTYPE html><html><head><title>Redirecting…</title><meta http-equiv="refresh" content="0; url=/news"></head></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Harbour Times: World</title><link>https://harbour-times.example/world</link><description>World news</description>
<item><title>Australia and China extend panda programme</title><link>https://harbour-times.example/world/panda-programme</link>
<pubDate>Thu, 05 Mar 2026 09:00:00 +1000</pubDate>
<description>{canberra}</description></item>
<item><title>Cub born at Dutch zoo</title><link>https://harbour-times.example/world/cub-born</link>
<pubDate>Tue, 18 Aug 2026 12:00:00 +0200</pubDate>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[{wire_html}]]></content:encoded></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Panda Watch Notes</title><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id><updated>2026-01-28T10:00:00Z</updated>
<entry><title>Farewell in Tokyo</title><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6b</id>
<updated>2026-01-28T10:00:00Z</updated><published>2026-01-28T09:00:00Z</published>
<content type="html">{farewell_html}</content></entry>
</feed>
"""

NOT_A_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<configuration><setting name="zoo">Ueno</setting><setting name="pandas">2</setting></configuration>
"""

JUNK_TAIL = """

Most Read
Zoo keepers strike over pay
Five things to do this weekend
Weather: rain returns on Friday

Newsletter
Sign up for our morning newsletter
"""


def html_paragraphs(text: str) -> str:
    return "\n".join(f"<p>{line}</p>" for line in text.strip().split("\n"))


def warc_bytes(pages: list[tuple[str, str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, content_type, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def page(text: str, title: str = "Pandas leave for China as zoo bids farewell", date: str = "2026-01-27") -> bytes:
    filled = PAGE.replace("{paragraphs}", html_paragraphs(text)).replace("{title}", title).replace("{date}", date)
    return filled.encode("utf-8")


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def good() -> None:
    write(GOOD / "texts" / "farewell.txt", " date 2026-01-25" + FAREWELL)
    write(GOOD / "texts" / "canberra.txt", "Panda programme extended\nBy a staff writer - March 5, 2026\n" + CANBERRA)
    write(GOOD / "texts" / "with_junk.txt", "Cub born at Dutch zoo\n" + WIRE + JUNK_TAIL)
    write(GOOD / "page.html", page(FAREWELL))
    records = [
        {"url": "https://wire.example/cub", "published": "2026-08-18", "title": "Cub born", "text": WIRE},
        {"url": "https://wire.example/canberra", "published": "2026-03-05T09:00:00Z", "html": page(CANBERRA, "Panda programme extended for ten years", "2026-03-05").decode()},
        {"published": "2026-01-25", "text": FAREWELL},
    ]
    write(GOOD / "articles.jsonl", "\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n")
    write(GOOD / "feed.rss", RSS.replace("{canberra}", CANBERRA.replace("&", "&amp;")).replace("{wire_html}", html_paragraphs(WIRE)))
    write(GOOD / "feed.atom", ATOM.replace("{farewell_html}", html_paragraphs(FAREWELL).replace("<", "&lt;").replace(">", "&gt;")))
    write(GOOD / "archive.warc.gz", warc_bytes([
        ("https://harbour-times.example/world/cub", "text/html; charset=utf-8", page(WIRE, "Giant panda cub born at Dutch zoo", "2026-08-18")),
        ("https://harbour-times.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        ("https://harbour-times.example/world/canberra", "text/html", page(CANBERRA, "Panda programme extended for ten years", "2026-03-05")),
    ]))
    write(GOOD / "compressed.txt.gz", gzip.compress(("Canberra deal\n" + CANBERRA).encode("utf-8"), mtime=0))
    write(GOOD / "encodings" / "cp1252.txt", CP1252_TEXT.encode("cp1252"))
    write(GOOD / "encodings" / "shift_jis.txt", JAPANESE.encode("shift_jis"))
    write(GOOD / "encodings" / "gb18030.txt", CHINESE.encode("gb18030"))
    write(GOOD / "encodings" / "utf16_bom.txt", FAREWELL.encode("utf-16"))
    mixed = CP1252_TEXT.split("\n")
    write(GOOD / "encodings" / "mixed.txt", "\n".join(mixed[:1]).encode("cp1252") + b"\n" + "\n".join(mixed[1:]).encode("utf-8"))


def bad() -> None:
    write(BAD / "empty.txt", b"")
    write(BAD / "blank.txt", "   \n\n  \n")
    write(BAD / "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write(BAD / "random.bin", bytes((i * 7919 + 13) % 256 for i in range(4096)))
    write(BAD / "nobody.html", NO_BODY_PAGE)
    write(BAD / "notafeed.xml", NOT_A_FEED)
    full = gzip.compress(("Canberra deal\n" + CANBERRA).encode("utf-8"), mtime=0)
    write(BAD / "truncated.txt.gz", full[: len(full) // 2])
    archive = warc_bytes([
        ("https://harbour-times.example/world/one", "text/html", page(WIRE, "Giant panda cub born at Dutch zoo", "2026-08-18")),
        ("https://harbour-times.example/world/two", "text/html", page(CANBERRA, "Panda programme extended for ten years", "2026-03-05")),
    ])
    write(BAD / "truncated.warc.gz", archive[: int(len(archive) * 0.7)])
    lines = [
        json.dumps({"url": "https://wire.example/ok", "text": WIRE}),
        '{"url": "https://wire.example/broken", "text": "unterminated',
        json.dumps({"url": "https://wire.example/no-text", "title": "Only a title"}),
        json.dumps(["not", "an", "object"]),
    ]
    write(BAD / "malformed.jsonl", "\n".join(lines) + "\n")


if __name__ == "__main__":
    good()
    bad()
