"""Benchmark of ingest at scale: a generated "GDELT day" through the single process, a local Dask cluster of one
and of two workers, and a Dask cluster started as separate commands (``dask scheduler`` and two ``dask worker``),
in the same run. Figures are printed (and written as JSON with --out); they are recorded in notes, not asserted.

    .venv/bin/python bench/scale_bench.py                         # the day: 250,000 articles (about an hour per mode)
    .venv/bin/python bench/scale_bench.py --articles 16000        # the same shape, smaller
    .venv/bin/python bench/scale_bench.py --articles 16000 --modes single,workers-2

The corpus is generated in /tmp (never committed): news pages from bench/ingest_bench.py's site templates (head
metadata, scripts, navigation, comments, teasers, footers) with general news text, 1.5% of them on pandas and
China's relations (sentences of ours, with loans, arrivals, returns, births, deaths, visits and protests), ~5%
syndicated near-copies, in 64 gzipped JSONL shards (``{"url", "html"}`` per line). Every mode runs
``pandawatch ingest`` as a user would (extraction on) into a fresh database, in its own processes; the bench
samples the memory of each of them (the writer and every worker) and reports the peak of each.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ingest_bench  # noqa: E402  (its page templates)

BENCH_DIR = Path("/tmp/pandawatch-bench")
VENV_BIN = Path(sys.executable).parent
MODES = ("single", "workers-1", "workers-2", "scheduler-2")

# General news, none of it on pandas or on two countries at once: most of a day's news is neither.
GENERAL_WORDS = """council budget rain storm match season market shares index school road bridge court vote
festival museum river station ferry tower garden trial coach league rates export harvest hospital nurses strike
wages housing rent prices fuel train delays airport runway police officers fire crews flood warning mayor
election candidates campaign teachers pupils exam results bank interest inflation retail sales factory workers
plant jobs union talks weather forecast weekend traffic repairs city centre residents plans approved project
funding report figures quarter growth company profits chief executive board shareholders""".split()

ZOOS = (("Ueno Zoo", "Tokyo", "Japan"), ("Edinburgh Zoo", "Edinburgh", "the United Kingdom"),
        ("the National Zoo", "Washington", "the United States"), ("Adelaide Zoo", "Adelaide", "Australia"),
        ("Zoo Berlin", "Berlin", "Germany"), ("Ouwehand Zoo", "Rhenen", "the Netherlands"),
        ("Pairi Daiza", "Brugelette", "Belgium"), ("Zoo Negara", "Kuala Lumpur", "Malaysia"),
        ("Vienna Zoo", "Vienna", "Austria"), ("Madrid Zoo", "Madrid", "Spain"),
        ("the Moscow Zoo", "Moscow", "Russia"), ("Beauval Zoo", "Saint-Aignan", "France"),
        ("Seoul Grand Park", "Seoul", "South Korea"), ("Ahtari Zoo", "Ahtari", "Finland"))  # fmt: skip
PANDAS = ("Mei Lan", "Bao Bao", "Tian Yi", "Le Le", "Hua Zai", "Yun Duo", "Fu Xing", "Jing Jing", "Xin Xin",
          "Qiao Qiao", "An An", "Ping Ping", "Rou Rou", "Shu Shu")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
PANDA_SENTENCES = (
    "{zoo} said on Tuesday that the giant pandas {p1} and {p2} would return to China in {month} when their loan ends.",
    "The two giant pandas arrived at {zoo} in {city} on {date} after a long flight from Chengdu.",
    "{country} and China agreed on {date} to extend the loan of the pandas {p1} and {p2} by five years.",
    "China's ambassador to {country} said Beijing was ready to send a new pair of giant pandas as a sign of friendship.",
    "A female cub was born to {p1} at {zoo} on {date}, the zoo said, and will go to Sichuan at the age of four.",
    "Beijing recalled its ambassador from {country} on {date} in protest, casting doubt over the panda loan.",
    "Officials in {country} have asked China for a new pair of giant pandas, the zoo in {city} said in a statement.",
    "{p1}, the giant panda who lived at {zoo} for {years} years, died on {date}, the zoo announced.",
    "The foreign minister of {country} met Wang Yi in Beijing on {date}, and the two sides spoke of pandas and trade.",
    "President Xi Jinping and the leader of {country} signed an agreement on giant panda conservation on {date}.",
    "China imposed sanctions on officials from {country} on {date}, and the zoo in {city} said the pandas would stay.",
    "Keepers at {zoo} said {p1} had settled in well since leaving the breeding centre in Wolong in {month}.",
)


def general_paragraphs(rng: random.Random, count: int) -> list[str]:
    return ingest_bench.paragraphs(rng, count)


_SCRIPTS: dict[int, str] = {}


def site_script(rng: random.Random, kilobytes: int) -> str:
    """A site's scripts: the same few on every page of it (as on real sites), generated once per size."""
    if kilobytes not in _SCRIPTS:
        _SCRIPTS[kilobytes] = _script_blob(random.Random(kilobytes), kilobytes)
    return _SCRIPTS[kilobytes]


_script_blob = ingest_bench.script_blob
ingest_bench.WORDS = GENERAL_WORDS  # the templates' vocabulary: general news, not the panda bench's
ingest_bench.script_blob = site_script


def panda_paragraphs(rng: random.Random) -> list[str]:
    zoo, city, country = rng.choice(ZOOS)
    p1, p2 = rng.sample(PANDAS, 2)

    def sentence() -> str:
        return rng.choice(PANDA_SENTENCES).format(
            zoo=zoo, city=city, country=country, p1=p1, p2=p2, month=rng.choice(MONTHS), years=rng.randint(3, 20),
            date=f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2025)}")

    news = [" ".join(sentence() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(2, 4))]
    news = [paragraph[0].upper() + paragraph[1:] for paragraph in news]
    return news + general_paragraphs(rng, rng.randint(2, 6))


def make_day(folder: Path, articles: int, shards: int, relevant: float, seed: int = 7) -> dict:
    """The corpus (generated once per size and kept in /tmp): its shards and what it holds."""
    summary = folder / "summary.json"
    if summary.exists():
        return json.loads(summary.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    bodies: list[list[str]] = []
    counts = {"articles": articles, "shards": shards, "relevant": 0, "copies": 0, "bytes": 0}
    per_shard = -(-articles // shards)
    for shard in range(shards):
        with gzip.open(folder / f"day-{shard:03d}.jsonl.gz", "wt", encoding="utf-8", compresslevel=6) as out:
            for number in range(shard * per_shard, min(articles, (shard + 1) * per_shard)):
                if bodies and rng.random() < 0.05:  # a syndicated copy: another site, an edited end
                    body = rng.choice(bodies)[:-1] + general_paragraphs(rng, 1)
                    counts["copies"] += 1
                elif rng.random() < relevant:
                    body = panda_paragraphs(rng)
                    counts["relevant"] += 1
                else:
                    body = general_paragraphs(rng, rng.randint(6, 20))
                html, used = ingest_bench.page(rng, number, body)
                bodies.append(used)
                if len(bodies) > 2000:
                    bodies.pop(rng.randrange(len(bodies)))
                line = json.dumps({"url": f"https://{ingest_bench.SITES[number % 5]}.example/{number}", "html": html})
                counts["bytes"] += len(line)
                out.write(line + "\n")
    summary.write_text(json.dumps(counts))
    return counts


class MemoryWatch:
    """The peak resident memory and the CPU time of each process of a tree (sampled every 0.2 s), by role."""

    def __init__(self, roots: list[psutil.Process]) -> None:
        self.roots, self.peaks, self.names, self.cpu = roots, {}, {}, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for root in self.roots:
                try:
                    family = [root, *root.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for process in family:
                    try:
                        rss = process.memory_info().rss
                        self.names.setdefault(process.pid, " ".join(process.cmdline()[:6]))
                        times = process.cpu_times()
                        self.cpu[process.pid] = times.user + times.system  # the last sample: a lower bound
                    except psutil.Error:
                        continue
                    self.peaks[process.pid] = max(self.peaks.get(process.pid, 0), rss)
            time.sleep(0.2)

    def stop(self) -> tuple[dict[str, int], dict[str, float]]:
        """Peak MB and CPU seconds by role: writer (the pandawatch process), worker-N, nanny-N, scheduler."""
        self._stop.set()
        self._thread.join()
        peaks: dict[str, int] = {}
        cpu: dict[str, float] = {}
        counts: dict[str, int] = {}
        for pid, rss in sorted(self.peaks.items()):
            role = _role(self.names.get(pid, ""))
            if role:
                counts[role] = counts.get(role, 0) + 1
                name = f"{role}-{counts[role]}" if role in ("worker", "nanny") else role
                peaks[name], cpu[name] = round(rss / 2**20), round(self.cpu.get(pid, 0.0), 1)
        return peaks, cpu


def _role(command: str) -> str | None:
    if "spawn_main" in command:
        return "worker"  # a Dask worker process (started by a nanny)
    if "dask worker" in command:
        return "nanny"
    if "dask scheduler" in command:
        return "scheduler"
    if "pandawatch" in command:
        return "writer"
    return None  # multiprocessing's resource tracker


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dask_cluster(log_dir: Path) -> tuple[str, list[subprocess.Popen]]:
    """``dask scheduler`` and two ``dask worker`` processes on loopback, each started as its own command."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = str(VENV_BIN / "dask")
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                 "--dashboard-address", f"127.0.0.1:{_free_port()}"]]
    commands += [[dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                  "--name", f"bench-worker-{i}"] for i in (1, 2)]
    started = []
    for number, command in enumerate(commands):
        log = open(log_dir / f"dask-{number}.log", "w")
        started.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=log_dir))
        time.sleep(2 if number == 0 else 0)
    with Client(address, timeout="60s") as client:
        client.wait_for_workers(2, timeout=120)
    return address, started


def run_mode(mode: str, sources: list[str], work: Path, corpus: dict) -> dict:
    db = work / f"{mode}.sqlite"
    for leftover in work.glob(f"{db.name}*"):
        leftover.unlink()
    cluster: list[subprocess.Popen] = []
    flags: list[str] = []
    if mode.startswith("workers-"):
        flags = ["--workers", mode.split("-")[1]]
    elif mode == "scheduler-2":
        address, cluster = _dask_cluster(work)
        flags = ["--scheduler", address]
    command = [str(VENV_BIN / "pandawatch"), "--db", str(db), "ingest", "--json", *flags, *sources]
    wall = time.perf_counter()  # (default settings: a JSONL shard is read line by line, whatever its size)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watch = MemoryWatch([psutil.Process(process.pid), *(psutil.Process(p.pid) for p in cluster)])
    out, err = process.communicate()
    wall = time.perf_counter() - wall
    peaks, cpu = watch.stop()
    for started in reversed(cluster):
        started.terminate()
        started.wait(30)
    if process.returncode not in (0, 2):
        raise SystemExit(f"{mode}: pandawatch ingest failed ({process.returncode}):\n{err[-3000:]}")
    report = json.loads(out)
    if report["read"] < corpus["articles"]:  # a shard skipped whole: the figures would not be of the corpus
        raise SystemExit(f"{mode}: read {report['read']} of {corpus['articles']} articles: {report['skipped'][:3]}")
    return {"mode": mode, "wall_s": round(wall, 1), "articles_per_s": round(report["read"] / wall, 1),
            "read": report["read"], "stored": report["stored"], "duplicates": report["duplicates"],
            "events": report["events"], "skipped": len(report["skipped"]), "errors": len(report["errors"]),
            "peak_mb": peaks, "cpu_s": cpu, "tables": _digest(db)}


def _digest(db: Path) -> str:
    """A digest of the stored result without its clock and process columns: equal digests, equal results."""
    import hashlib
    import sqlite3

    volatile = {"ingested_at", "started", "finished", "pid", "applied_at", "decided_at"}
    conn = sqlite3.connect(db)
    digest = hashlib.sha256()
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info('{name}')") if row[1] not in volatile]
        for row in conn.execute(f"SELECT {', '.join(map(repr, columns))} FROM '{name}'"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=250_000)
    parser.add_argument("--shards", type=int, default=64)
    parser.add_argument("--relevant", type=float, default=0.015)
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    modes = [mode for mode in args.modes.split(",") if mode]
    if set(modes) - set(MODES):
        parser.error(f"unknown modes {sorted(set(modes) - set(MODES))}")
    folder = BENCH_DIR / f"day-{args.articles}-{args.shards}-{args.relevant}"
    generated = time.perf_counter()
    corpus = make_day(folder, args.articles, args.shards, args.relevant)
    print(f"corpus {folder}: {corpus} (ready in {time.perf_counter() - generated:.0f} s)", file=sys.stderr)
    work = BENCH_DIR / "scale-runs"
    work.mkdir(parents=True, exist_ok=True)
    sources = [str(folder / "day-*.jsonl.gz")]  # a glob, as a user would give a day of shards
    figures = {"corpus": corpus, "cpus": os.cpu_count(), "load_before": os.getloadavg(), "runs": []}
    for mode in modes:
        result = run_mode(mode, sources, work, corpus)
        figures["runs"].append(result)
        print(f"{mode}: {result['read']:,} articles in {result['wall_s']} s = {result['articles_per_s']} articles/s; "
              f"events {result['events']}, copies {result['duplicates']}; result {result['tables']}; "
              f"peak MB {result['peak_mb']}; CPU s {result['cpu_s']}", file=sys.stderr)
    single = next((run for run in figures["runs"] if run["mode"] == "single"), None)
    for run in figures["runs"]:
        if single:
            run["speed_up"] = round(single["wall_s"] / run["wall_s"], 2)
        run["day_extrapolated_h"] = round(250_000 / run["articles_per_s"] / 3600, 2)  # from measured throughput
    figures["identical_results"] = len({run["tables"] for run in figures["runs"]}) == 1
    figures["load_after"] = os.getloadavg()
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
