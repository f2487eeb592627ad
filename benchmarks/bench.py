"""kbgen against its floors, measured side by side on synthetic knowledge bases cloned from the real cards.

    python benchmarks/bench.py                     the real knowledge base, 1,000 and 5,000 findings
    python benchmarks/bench.py --sizes 1000        one size
    python benchmarks/bench.py --with-10k          also 10,000 findings (minutes of CPU)
    python benchmarks/bench.py --write             also write benchmarks/RESULTS.md

Every command runs in its own process, timed by the CPU seconds it and its children used
(``os.wait4``), so a busy machine slows the wall clock but hardly the ratios. Each kbgen run is
interleaved with its floor, and each pair is repeated (``--repeat``); the best of each is kept.

* **check**: ``kbgen check`` against the floor of reading every card with PyYAML's C loader; on the
  real knowledge base also ``kbgen check --sources`` (every quote verified) against ``kbgen check``.
* **build**: ``mkdocs build`` with the kbgen plugin (check, render, Pagefind index) against bare
  mkdocs-material building the very same pages (``kbgen render`` output, card pages out of the nav).
* **first search**: in Chromium, the header search from focus to the first result for a theme's name,
  and every byte the browser fetched for it.
* **one-card rebuild**: ``kbgen serve`` running, one finding's statement edited on disk, until the
  served page shows the new text; three edits (:data:`EDIT_PAUSES`): the moment the site is first served,
  the moment that edit shows, and after a two-second look at the page. The target is held to the slowest.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_kb

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEEDS = REPO.parent / "shared" / "seeds"
BIN = Path(sys.executable).parent
FLOOR_CHECK = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


@dataclass
class Run:
    """One process: CPU seconds (user + system, children included), wall seconds, peak memory in MiB."""

    cpu: float
    wall: float
    peak_mib: float


def measure(command: list[str], cwd: Path) -> Run:
    """Run ``command`` to completion and measure it; fail loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    stderr = process.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def interleaved(pairs: dict[str, tuple[list[str], Path]], repeat: int) -> dict[str, Run]:
    """Run each command ``repeat`` times, alternating between them; keep each one's best CPU time."""
    best: dict[str, Run] = {}
    for _ in range(repeat):
        for name, (command, cwd) in pairs.items():
            run = measure(command, cwd)
            if name not in best or run.cpu < best[name].cpu:
                best[name] = Run(run.cpu, run.wall, max(run.peak_mib, best[name].peak_mib if name in best else 0))
    return best


def bench_check(project: Path, repeat: int, sources: Path | None = None) -> dict[str, Run]:
    commands = {
        "yaml floor": ([sys.executable, "-c", FLOOR_CHECK, "evidence"], project),
        "kbgen check": ([str(BIN / "kbgen"), "check"], project),
    }
    if sources is not None:
        commands["kbgen check --sources"] = ([str(BIN / "kbgen"), "check", "--sources", str(sources)], project)
    return interleaved(commands, repeat)


def real_project(target: Path) -> dict[str, int]:
    """A copy of this repository's own knowledge base project; returns its card counts."""
    for name in ("evidence", "docs"):
        shutil.copytree(REPO / name, target / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, target / name)
    return {kind.name: len(list(kind.glob("*.yaml"))) for kind in sorted((target / "evidence").iterdir())}


def bench_build(project: Path, repeat: int) -> dict[str, Run]:
    subprocess.run([str(BIN / "kbgen"), "render", "--out", "rendered"], cwd=project, check=True,
                   stdout=subprocess.DEVNULL)
    return interleaved({
        "material floor": ([str(BIN / "mkdocs"), "build", "-q", "-f", "rendered/mkdocs.yml",
                            "-d", str(project / "floor-site")], project),
        "kbgen build": ([str(BIN / "mkdocs"), "build", "-q", "-d", str(project / "site")], project),
    }, repeat)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def bench_search(site: Path, term: str) -> dict[str, float]:
    """Time and bytes of a first search in the header, in Chromium, on a page already loaded."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            page = browser.new_page()
            page.goto(base + "/findings/")
            page.wait_for_load_state("networkidle")
            fetched: list = []
            page.on("requestfinished", lambda request: fetched.append(request))
            start = time.perf_counter()
            page.keyboard.press("/")
            page.keyboard.type(term, delay=60)  # a reader's typing
            typed = time.perf_counter()
            page.locator("#kbgen-search-status", has_text=f"for “{term}”").wait_for(timeout=60_000)
            page.locator(".kbgen-search-result").first.wait_for(timeout=60_000)
            shown = time.perf_counter()
            page.wait_for_load_state("networkidle")
            first = page.locator(".kbgen-search-result").first.get_attribute("href")
            size = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in fetched)
            explorer = _explorer(browser.new_page(), base)
            browser.close()
    finally:
        server.shutdown()
    return {"after_typing_ms": (shown - typed) * 1000, "from_focus_ms": (shown - start) * 1000,
            "bytes": size, "requests": len(fetched), "first": first, **explorer}


def _explorer(page, base: str) -> dict[str, float]:
    """The findings explorer: opening it with every count, then choosing a theme."""
    fetched: list = []
    page.on("requestfinished", lambda request: fetched.append(request))
    start = time.perf_counter()
    page.goto(base + "/explorer/")
    page.locator("#kbgen-explorer[data-ready]").wait_for(timeout=120_000)
    ready = time.perf_counter()
    before = page.locator("#kbgen-explorer-summary").inner_text()
    page.select_option("#kbgen-explorer-theme", "Trust")
    page.wait_for_function(f"document.getElementById('kbgen-explorer-summary').textContent !== {before!r}",
                           timeout=120_000)
    chosen = time.perf_counter()
    size = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in fetched)
    return {"explorer_ready_ms": (ready - start) * 1000, "explorer_filter_ms": (chosen - ready) * 1000,
            "explorer_bytes": size}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Seconds between the page showing one edit and the next save: the first edit is saved the moment the
#: site is first served, the second the moment the first shows, the third after a look at the page.
EDIT_PAUSES = (0.0, 0.0, 2.0)


def bench_rebuild(project: Path) -> dict[str, float]:
    """Seconds from saving an edited finding to the served page showing it, under ``kbgen serve``."""
    port = _free_port()
    log = project / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([str(BIN / "kbgen"), "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                  stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        findings = sorted((project / "evidence/finding").glob("*.yaml"))
        card = findings[len(findings) // 2]
        url = f"http://127.0.0.1:{port}/findings/{card.stem}/"
        _wait_for(url, None, 3600)
        times = []
        for i, pause in enumerate(EDIT_PAUSES):
            time.sleep(pause)
            data = yaml.safe_load(card.read_text(encoding="utf-8"))
            marker = f"Edited for the benchmark {i} {time.time():.0f}"
            data["statement"] = f"{marker}. {data['statement']}"
            card.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
            start = time.perf_counter()
            _wait_for(url, marker, 600)
            times.append(time.perf_counter() - start)
    except BaseException:
        print(log.read_text()[-3000:], file=sys.stderr)
        raise
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl+C: the server shuts down and tidies up
        server.wait(timeout=120)
    builds = [float(x) for x in re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text())]
    return {"first_s": times[0], "at_once_s": times[1], "paused_s": times[2], "worst_s": max(times),
            "builds": builds}


def _wait_for(url: str, text: str | None, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text is None or text in response.read().decode("utf-8", errors="replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {url}" + (f" to show {text!r}" if text else ""))


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "pagefind",
                                                                        "PyYAML", "jsonschema-rs"))
    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}; {versions}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 5000],
                        help="findings (0: the repository's own knowledge base)")
    parser.add_argument("--with-10k", action="store_true", help="also measure 10,000 findings")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each command (best kept)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["check", "build", "search", "rebuild"])
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args()
    sizes = args.sizes + ([10_000] if args.with_10k and 10_000 not in args.sizes else [])
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"kbgen-bench-{n}-") as tmp:
            project = Path(tmp) / "kb"
            counts = make_kb(project, n) if n else real_project(project)
            print(f"\n{n or 'real'} findings: {counts}", flush=True)
            row = {"n": n, "counts": counts}
            repeat = 1 if n >= 10_000 else args.repeat
            if "check" not in args.skip:
                row["check"] = bench_check(project, repeat, SEEDS if n == 0 and SEEDS.is_dir() else None)
                _show(row["check"], "yaml floor", "kbgen check")
                if "kbgen check --sources" in row["check"]:
                    _show(row["check"], "kbgen check", "kbgen check --sources")
            if "build" not in args.skip:
                row["build"] = bench_build(project, repeat)
                _show(row["build"], "material floor", "kbgen build")
                row["index_bytes"] = sum(_tree_bytes(b) for b in (project / "site").glob("pagefind*"))
                row["pages"] = sum(1 for _ in (project / "site").rglob("index.html"))
            if "search" not in args.skip and (project / "site" / "pagefind").is_dir():
                row["search"] = bench_search(project / "site", "Trust")
                print(f"  first search: {row['search']}", flush=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            shutil.rmtree(project / "floor-site", ignore_errors=True)
            if "rebuild" not in args.skip:
                row["rebuild"] = bench_rebuild(project)
                print(f"  one-card rebuild: {row['rebuild']}", flush=True)
            rows.append(row)
    if args.write:
        (HERE / "RESULTS.md").write_text(report(rows), encoding="utf-8")
        print(f"\nwrote {HERE / 'RESULTS.md'}")


def _show(runs: dict[str, Run], floor: str, mine: str) -> None:
    for name, run in runs.items():
        print(f"  {name:15s} {run.cpu:8.2f} s CPU {run.wall:8.2f} s wall {run.peak_mib:8.0f} MiB peak", flush=True)
    print(f"  ratio {mine} / {floor}: {runs[mine].cpu / runs[floor].cpu:.2f}", flush=True)


def report(rows: list[dict]) -> str:
    """RESULTS.md: the machine, the date, and one table row per size."""
    intro = ("CPU seconds (user + system, child processes included) of each command, best of the runs; each "
             "kbgen run interleaved with its floor. Knowledge bases are cloned from this repository's cards "
             "(`benchmarks/synthetic.py`). The machine is shared, so wall-clock times are noisy; ratios are not.\n\n"
             "The material floor builds the same pages (`kbgen render` output) without kbgen and without search; "
             "kbgen's build includes its check, rendering and the Pagefind index (in bundles of at most 7,000 "
             "pages). Build peak is the largest resident set of the build and of each Pagefind run. Transferred "
             "bytes are as served, uncompressed; the explorer's include loading its page. A rebuild edits a "
             "finding's first sentence, so its title changes on every page that lists it (the findings index "
             "too): the slowest kind of one-card edit. Three edits are timed: saved the moment the site is first "
             "served, the moment that edit shows, and after a two-second look at the page.")
    header = ("| findings (cards) | check / YAML floor | build / material floor | build peak | build CPU per card | "
              "search index | first search: after typing, from focus, transferred | "
              "explorer: open, filter, transferred | one-card rebuild (wall, save to page) |")
    lines = ["# Benchmark results", "",
             f"Measured {datetime.date.today().isoformat()} with `python benchmarks/bench.py` on {machine()}.", "",
             intro, "", header, "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        cards = sum(row["counts"].values())
        check = row.get("check")
        build = row.get("build")
        search = row.get("search")
        rebuild = row.get("rebuild")
        cells = [f"{row['n']:,} ({cards:,})" if row["n"] else f"real KB ({cards:,})"]
        cells.append(f"{check['kbgen check'].cpu:.2f} / {check['yaml floor'].cpu:.2f} s = "
                     f"**{check['kbgen check'].cpu / check['yaml floor'].cpu:.2f}×**" if check else "–")
        if check and "kbgen check --sources" in check:
            cells[-1] += (f"; with --sources {check['kbgen check --sources'].cpu:.2f} s = "
                          f"**{check['kbgen check --sources'].cpu / check['kbgen check'].cpu:.2f}×** check")
        cells.append(f"{build['kbgen build'].cpu:.1f} / {build['material floor'].cpu:.1f} s = "
                     f"**{build['kbgen build'].cpu / build['material floor'].cpu:.2f}×**" if build else "–")
        cells.append(f"{build['kbgen build'].peak_mib:.0f} MiB (floor {build['material floor'].peak_mib:.0f})"
                     if build else "–")
        cells.append(f"{build['kbgen build'].cpu / cards * 1000:.2f} ms" if build else "–")
        cells.append(f"{row['index_bytes'] / 1e6:.1f} MB on disk" if "index_bytes" in row else "–")
        cells.append(f"{search['after_typing_ms']:.0f} ms, {search['from_focus_ms']:.0f} ms, "
                     f"{search['bytes'] / 1024:.0f} KiB in {search['requests']} requests" if search else "–")
        cells.append(f"{search['explorer_ready_ms']:.0f} ms, {search['explorer_filter_ms']:.0f} ms, "
                     f"{search['explorer_bytes'] / 1024:.0f} KiB" if search and "explorer_ready_ms" in search else "–")
        cells.append(f"{rebuild['worst_s']:.1f} s at worst: first edit {rebuild['first_s']:.1f} s, next at once "
                     f"{rebuild['at_once_s']:.1f} s, after a look {rebuild['paused_s']:.1f} s" if rebuild else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines + targets(rows)) + "\n"


#: Issue 10's targets: (what, size, measure, limit, unit).
TARGETS = (
    ("check / YAML floor", 10_000, lambda r: r["check"]["kbgen check"].cpu / r["check"]["yaml floor"].cpu, 3, "×"),
    ("check --sources / check", 0,
     lambda r: r["check"]["kbgen check --sources"].cpu / r["check"]["kbgen check"].cpu, 1.5, "×"),
    ("build / material floor", 10_000, lambda r: r["build"]["kbgen build"].cpu / r["build"]["material floor"].cpu,
     1.5, "×"),
    ("build peak memory", 10_000, lambda r: r["build"]["kbgen build"].peak_mib, 1024, " MiB"),
    ("first search, from the last keystroke", 10_000, lambda r: r["search"]["after_typing_ms"], 1000, " ms"),
    ("first search, transferred", 10_000, lambda r: r["search"]["bytes"] / 1024, 1024, " KiB"),
    ("one-card rebuild, save to page (slowest of three edits)", 0, lambda r: r["rebuild"]["worst_s"], 3, " s"),
    ("one-card rebuild, save to page (slowest of three edits)", 10_000, lambda r: r["rebuild"]["worst_s"], 10, " s"),
)


def targets(rows: list[dict]) -> list[str]:
    """The issue's targets against this run's measurements."""
    lines = ["", "## Against the targets", "", "| target | measured | limit | |", "|---|---|---|---|"]
    for what, size, measure, limit, unit in TARGETS:
        row = next((r for r in rows if r["n"] == size), None)
        try:
            value = measure(row) if row is not None else None
        except KeyError:
            value = None
        where = "real KB" if size == 0 else f"{size:,} findings"
        if value is None:
            lines.append(f"| {what} ({where}) | not measured | {limit}{unit} | |")
        else:
            lines.append(f"| {what} ({where}) | {value:.2f}{unit} | {limit}{unit} | "
                         f"{'met' if value <= limit else '**missed**'} |")
    return lines


if __name__ == "__main__":
    main()
