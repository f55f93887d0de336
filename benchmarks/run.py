"""Scale benchmark: does a 10,000-entry archive build in linear time?

    python benchmarks/run.py                      # sizes 1000 and 10000
    python benchmarks/run.py --sizes 200 2000     # other sizes
    python benchmarks/run.py --profile /tmp/prof.txt   # also cProfile the generator at the largest size

For each size N it makes a synthetic archive (benchmarks/make_corpus.py) and
measures the generator alone, ``defections check``, the full ``mkdocs build``
(without a repository history, then again with one), and a bare MkDocs + Material
build of as many plain pages, then prints a table with pass/fail per target and
writes benchmarks/out/results-<N>.json.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import gzip
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import preview  # noqa: E402
from make_corpus import make_corpus  # noqa: E402
from search_recall import found_corpus, queries, recall, top_results  # noqa: E402

from generator.model.names import LATIN_ARTICLES, tokens  # noqa: E402

# The caller's GIT_* variables (GIT_DIR in a hook) would point the builds at another repository's history;
# main() also sets GIT_CEILING_DIRECTORIES to the work folder, so a build sees only the history of its own project.
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, "NO_MKDOCS_2_WARNING": "1"}
KB = 1024
HISTORY_COMMITS = 30  # the history build's repository: one commit of the whole project, then these, one a day
EDITS_PER_COMMIT = 5  # entry files each of those commits revises
HISTORY_START = 1704110400  # 2024-01-01 12:00 UTC, the first commit's date (fixed: the same history every run)
NO_HISTORY = "built without the repository"  # what an entry page's History section says when the build has no history
MB = 1024 * 1024

# Wraps a command and reports its peak resident memory (kB on Linux) on the last stderr line.
_MAXRSS = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
           "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(rc)")


def generator_alone(content: Path, profile: Path | None = None) -> dict:
    """load + check + link + render every page to Markdown, in this process (and its checking workers).

    The data exports are built first and timed on their own, as the MkDocs plugin does: the
    download page only reads their sizes. The same work in one process is timed too, and
    profiled in one process, where cProfile sees all of it.
    """
    from generator.export import export_files, listing
    from generator.render.site import Options, Site
    from generator.check.content import available_cpus
    from generator.pipeline import build_graph

    def cpu() -> float:
        return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))

    gc.collect()
    t0, c0 = time.perf_counter(), cpu()
    graph = build_graph(content)
    t1, c1 = time.perf_counter(), cpu()
    exports = export_files(graph)
    t2, c2 = time.perf_counter(), cpu()
    pages = Site(graph, Options(downloads=listing(exports))).pages()
    t3, c3 = time.perf_counter(), cpu()
    n = len(graph.entries)
    seconds, cpu_seconds = (t1 - t0) + (t3 - t2), (c1 - c0) + (c3 - c2)
    sizes = {page: len(text.encode("utf-8")) for page, text in pages.items()}
    del graph, pages
    gc.collect()
    u0 = time.perf_counter()
    Site(build_graph(content, jobs=1), Options(downloads=listing(exports))).pages()
    one_process = time.perf_counter() - u0
    result = {"entries": n, "pages": len(sizes), "processes": available_cpus(), "load_s": t1 - t0, "render_s": t3 - t2,
              "total_s": seconds, "ms_per_entry": seconds * 1000 / n, "cpu_ms_per_entry": cpu_seconds * 1000 / n,
              "one_process_s": one_process, "one_process_ms_per_entry": one_process * 1000 / n, "exports_s": t2 - t1,
              "markdown_bytes": sum(sizes.values()), "largest_markdown": sorted(sizes.items(), key=lambda kv: -kv[1])[:5]}
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        Site(build_graph(content, jobs=1), Options(downloads=listing(exports))).pages()
        prof.disable()
        out = io.StringIO()
        for order in ("cumulative", "tottime"):
            out.write(f"\n=== generator alone, one process, {n} entries: top 25 by {order} ===\n")
            pstats.Stats(prof, stream=out).strip_dirs().sort_stats(order).print_stats(25)
        result["profile"] = out.getvalue()
    return result, sizes


def timed(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run ``cmd`` under the memory wrapper; wall time in seconds and peak memory in MB."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MAXRSS, *cmd], cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    match = re.search(r"^MAXRSS (\d+)$", proc.stderr, re.M)
    rss = int(match[1]) if match else 0
    rss_mb = rss / MB if platform.system() == "Darwin" else rss / KB
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return {"seconds": wall, "peak_mb": rss_mb}


def site_figures(site: Path) -> dict:
    html = [p for p in site.rglob("*.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    html_sizes = sorted(((p.stat().st_size, str(p.relative_to(site))) for p in html), reverse=True)
    index = site / "search" / "index.js"
    search = [index, *(site / "assets" / "dfx" / f"{name}.js" for name in ("search", "minisearch", "names"))]
    return {"site_bytes": total, "html_pages": len(html), "avg_html_bytes": sum(s for s, _ in html_sizes) / max(1, len(html)),
            "largest_html": [[path, size] for size, path in html_sizes[:5]],
            "search_index_bytes": index.stat().st_size if index.exists() else 0,
            # what a reader downloads before the first result: the index and the three scripts, as a server gzips them
            "search_download_gzip": sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in search if p.exists())}


def search_recall(site: Path) -> dict:
    """Recall in the first five of the corpus queries (tests/search/queries.yaml), in Chromium, served over
    HTTP and opened from file://; queries whose person the corpus lacks are left out (and counted)."""
    from playwright.sync_api import sync_playwright

    script = (site / "search" / "index.js").read_text("utf-8")
    columns = json.loads(script[script.index("(") + 1:script.rindex(")")])["documents"]
    people = [name for name, kind in zip(columns["name"], columns["kind"]) if kind == "person"]
    fold = lambda text: [w for w in tokens(text) if w not in LATIN_ARTICLES]  # noqa: E731
    rows = [row for row in queries("corpus") if found_corpus(row[2], [{"kind": "person", "name": n} for n in people], fold)]
    out = {"asked": len(rows), "of": len(queries("corpus"))}
    with _served(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for where, home in (("online", url), ("file", (site / "index.html").as_uri())):
            page = browser.new_page()
            page.goto(home)
            t0 = time.perf_counter()
            page.evaluate("window.dfxSearch('').then(() => 1)")
            ready = time.perf_counter() - t0
            results = top_results(page, [q for _, q, _ in rows])
            shares, missed = recall(rows, [found_corpus(e, r, fold) for (_, _, e), r in zip(rows, results)])
            out[where] = {"recall": shares["all"][2], "by_class": shares, "missed": missed, "ready_s": ready}
            page.close()
        browser.close()
    return out


class _served:
    """Serve a folder on a free localhost port for the ``with`` block; yields the base URL."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> str:
        import functools
        import threading
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(self.folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def full_build(project_dir: Path, site: Path) -> dict:
    """``mkdocs build --strict`` of ``project_dir`` into ``site`` (which must not exist yet), timed."""
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project_dir / "mkdocs.yml"), "-d", str(site)])


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run git in ``repo`` without the caller's configuration or GIT_* variables; its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    proc = subprocess.run(["git", "-c", "init.defaultBranch=main", "-C", str(repo), *args], env=env, input=stdin, capture_output=True)
    if proc.returncode != 0:
        raise SystemExit(f"git {' '.join(args[:2])} failed in {repo}:\n{proc.stdout[-2000:]!r}\n{proc.stderr[-2000:]!r}")
    return proc.stdout.decode("utf-8", "replace")


def history_entry(content: Path) -> str:
    """The entry file whose page the history builds are checked on: the first person's (revised in every commit)."""
    return sorted(p.relative_to(content).as_posix() for p in (content / "people").glob("*.md") if not p.name.endswith(".ar.md"))[0]


def make_history(project_dir: Path, seed: int) -> dict:
    """Make ``project_dir`` a git repository whose history touches the content, its files left as they are.

    The first commit adds the whole project; then ``HISTORY_COMMITS`` commits, one a day, each revise
    ``EDITS_PER_COMMIT`` entry files: ``history_entry`` in every one (so its page lists ten changes and counts the
    rest), the others drawn with the seed. The versions committed before a file's last revision carry a draft
    sentence at the end, and the last revision is the file as it is: the build with history reads the same content
    as the build without. The commits are written by one ``git fast-import`` (no loose objects, no working-tree
    writes), with fixed names and dates: the same history every run.
    """
    content = project_dir / "content"
    hot = "content/" + history_entry(content)  # paths in the repository
    others = sorted(f"content/{p.relative_to(content).as_posix()}" for p in content.rglob("*.md"))
    others.remove(hot)
    rng = random.Random(seed)
    plan = [[hot, *rng.sample(others, min(EDITS_PER_COMMIT - 1, len(others)))] for _ in range(HISTORY_COMMITS)]
    last = {name: i for i, names in enumerate(plan, 1) for name in names}

    def version(name: str, i: int) -> bytes:
        """The file as commit ``i`` has it."""
        data = (project_dir / name).read_bytes()
        return data if i == last.get(name, 0) else data + f"\nDraft {i}: a sentence a later commit takes out.\n".encode()

    def commit(i: int, subject: str, names: list[str]) -> bytes:
        who = f"Benchmark <benchmark@example.org> {HISTORY_START + i * 86400} +0000"
        out = [f"commit refs/heads/main\nauthor {who}\ncommitter {who}\ndata {len(subject)}\n{subject}\n".encode()]
        for name in names:
            data, mode = version(name, i), 0o100755 if os.access(project_dir / name, os.X_OK) else 0o100644
            out.append(f"M {mode:o} inline {name}\ndata {len(data)}\n".encode() + data + b"\n")
        return b"".join(out)

    t0 = time.perf_counter()
    everything = sorted(p.relative_to(project_dir).as_posix() for p in project_dir.rglob("*") if p.is_file())
    stream = [commit(0, "Benchmark: the archive", everything)]
    stream += [commit(i, f"Benchmark edit {i:02d}", names) for i, names in enumerate(plan, 1)]
    _git(project_dir, "init", "-q")
    _git(project_dir, "fast-import", "--quiet", stdin=b"".join(stream))
    _git(project_dir, "reset", "-q")  # the index, from the last commit
    seconds = time.perf_counter() - t0
    if _git(project_dir, "status", "--porcelain"):
        raise SystemExit(f"{project_dir}: the history's last commit is not the project the build without history read")
    return {"commits": 1 + HISTORY_COMMITS, "files_revised": len(last), "setup_s": seconds, "entry": hot.removeprefix("content/"),
            "newest_subject": f"Benchmark edit {HISTORY_COMMITS:02d}"}


def check_history(site: Path, entry: str, subject: str | None) -> None:
    """Fail unless the English page of ``entry`` (a content file) in the built ``site`` lists the commits, the newest
    with ``subject``; with ``subject`` None, unless it says the build had no history."""
    page = site / Path(entry).with_suffix("") / "index.html"
    html = page.read_text("utf-8") if page.exists() else ""
    if subject is None:
        ok = NO_HISTORY in html and "dfx-changes" not in html
    else:
        ok = 'class="dfx-changes"' in html and re.search(rf"<li>[^<]*: {re.escape(subject)}\b", html) and NO_HISTORY not in html
    if not ok:
        raise SystemExit(f"{page}: its History section does not show {'no history' if subject is None else f'the commit {subject!r}'}; "
                         "the with/without history figure would not measure what it says")


def history_cost(project_dir: Path, work: Path, n: int, seed: int, without: dict, runs: int) -> dict:
    """The full build again, with the project made a git repository (``make_history``), against ``without``: the full
    build already timed, of the same project outside any repository. With ``runs`` > 1, each further run builds
    without history (the repository moved aside) and then with it again; the best of each is compared."""
    hot = history_entry(project_dir / "content")
    check_history(work / f"site-full-{n}", hot, None)
    setup = make_history(project_dir, seed)
    repo, aside = project_dir / ".git", work / f"git-aside-{n}"
    without_runs, with_runs = [without], []
    for run in range(runs):
        if run:
            repo.rename(aside)
            site = work / f"site-nohistory-{n}"
            shutil.rmtree(site, ignore_errors=True)
            without_runs.append(full_build(project_dir, site))
            check_history(site, hot, None)
            aside.rename(repo)
        site = work / f"site-history-{n}"
        shutil.rmtree(site, ignore_errors=True)
        with_runs.append(full_build(project_dir, site))
        check_history(site, hot, setup["newest_subject"])
    shutil.rmtree(repo)  # what follows (mkdocs serve) runs without history, as before
    best_without, best_with = min(r["seconds"] for r in without_runs), min(r["seconds"] for r in with_runs)
    return {**setup, "runs": runs, "without_s": [r["seconds"] for r in without_runs], "with_s": [r["seconds"] for r in with_runs],
            "without_best_s": best_without, "with_best_s": best_with, "with_peak_mb": max(r["peak_mb"] for r in with_runs),
            "increase_pct": (best_with / best_without - 1) * 100}


def project(where: Path, with_plugin: bool) -> Path:
    """A copy of mkdocs.yml, docs/ and overrides/; without the plugin when ``with_plugin`` is false."""
    where.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    if not with_plugin:
        config = strip_plugin(config)
    # docs/ links to seed entries that a synthetic corpus lacks: report those as info, as the tests do
    # (strict mode still fails on every other warning)
    config, found = re.subn(r"(?m)^(validation:\n(?:[ \t]+.*\n|\n)*?  links:\n)", r"\1    not_found: info\n", config, count=1)
    assert found, "mkdocs.yml has no validation: links: section"
    (where / "mkdocs.yml").write_text(config, "utf-8")
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, where / folder)
    return where


def strip_plugin(config: str) -> str:
    """mkdocs.yml minus the ``- defections`` plugin entry (and its indented options)."""
    lines, out, skip = config.split("\n"), [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skip is not None:
            if line.strip() and indent > skip:
                continue
            skip = None
        if re.match(r"\s*- defections\b", line):
            skip = indent
            continue
        out.append(line)
    return "\n".join(out)


FILLER = ("Reports from the region describe officers leaving their posts and crossing into neighbouring countries. "
          "Accounts differ on the dates and on the number of men involved, and the government denied several of them. ").split()


def plain_page(path: str, size: int, rng: random.Random) -> str:
    """Plain Markdown of about ``size`` bytes: a title, short sections and paragraphs."""
    parts = [f"# {Path(path).stem.replace('-', ' ').title()}\n"]
    length = len(parts[0])
    while length < size:
        if rng.random() < 0.15:
            chunk = f"\n## Section {len(parts)}\n"
        else:
            chunk = "\n" + " ".join(rng.choice(FILLER) for _ in range(rng.randint(40, 90))) + ".\n"
        parts.append(chunk)
        length += len(chunk)
    return "".join(parts)


def bench(n: int, seed: int, work: Path, profile: Path | None, history_runs: int = 1) -> dict:
    print(f"\n--- {n} entries ---", flush=True)
    content = work / f"corpus-{n}"
    t0 = time.perf_counter()
    counts = make_corpus(n, content, seed)
    print(f"corpus: {sum(counts.values())} entries in {time.perf_counter() - t0:.1f} s", flush=True)

    gen, sizes = generator_alone(content, profile)
    print(f"generator alone: {gen['total_s']:.2f} s ({gen['ms_per_entry']:.2f} ms/entry on {gen['processes']} CPUs, {gen['one_process_ms_per_entry']:.2f} in one process; "
          f"load {gen['load_s']:.2f} s, render {gen['render_s']:.2f} s; exports {gen['exports_s']:.2f} s)", flush=True)

    check = timed([sys.executable, "-m", "generator", "check", "--content", str(content)], cwd=REPO)
    print(f"defections check: {check['seconds']:.2f} s", flush=True)

    full_project = project(work / f"full-{n}", with_plugin=True)
    shutil.copytree(content, full_project / "content")
    full = full_build(full_project, work / f"site-full-{n}")
    full.update(site_figures(work / f"site-full-{n}"))
    print(f"full build: {full['seconds']:.1f} s, peak {full['peak_mb']:.0f} MB", flush=True)
    hist = history_cost(full_project, work, n, seed, full, history_runs)
    print(f"full build with history: {hist['with_best_s']:.1f} s against {hist['without_best_s']:.1f} s without ({hist['increase_pct']:+.1f} %; "
          f"{hist['commits']} commits, {hist['files_revised']} files revised, made in {hist['setup_s']:.1f} s; "
          f"best of {hist['runs']}), peak {hist['with_peak_mb']:.0f} MB", flush=True)
    search = search_recall(work / f"site-full-{n}")
    print(f"search: {full['search_download_gzip'] / KB:.0f} KB to download (gzip); recall {search['online']['recall']:.3f} online, "
          f"{search['file']['recall']:.3f} from file:// ({search['asked']} of {search['of']} queries)", flush=True)

    live = preview.preview(full_project, ENV)
    print(f"defections serve: first page after {live['first_page_s']:.1f} s; a body edit showed after {live['body_s']:.2f} s; a rename on its "
          f"page after {live['link_page_s']:.2f} s, on the defectors list after {live['link_list_s']:.2f} s, on all {live['link_pages']} pages it "
          f"changed after {live['link_all_s']:.2f} s; a broken file's error page after {live['broken_s']:.2f} s", flush=True)
    serve = preview.mkdocs_serve(full_project, ENV)
    print(f"mkdocs serve: first page after {serve['first_page_s']:.1f} s; a body edit showed after {serve['body_s']:.1f} s (rebuild "
          f"{serve['rebuild_s']:.1f} s)", flush=True)

    bare_project = project(work / f"bare-{n}", with_plugin=False)
    rng = random.Random(seed)
    for page, size in sizes.items():
        target = bare_project / "docs" / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_page(page, size, rng), "utf-8")
    bare = timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(bare_project / "mkdocs.yml"), "-d", str(work / f"site-bare-{n}")])
    bare.update(site_figures(work / f"site-bare-{n}"))
    print(f"bare build: {bare['seconds']:.1f} s, peak {bare['peak_mb']:.0f} MB", flush=True)

    result = {"entries": n, "seed": seed, "counts": counts, "generator": {k: v for k, v in gen.items() if k != "profile"},
              "check": check, "full_build": full, "history": hist, "search": search, "preview": live, "serve": serve, "bare_build": bare, "full_over_bare": full["seconds"] / bare["seconds"],
              "python": platform.python_version(), "cpus": os.cpu_count()}
    if gen.get("profile"):
        result["profile_text"] = gen["profile"]
    return result


def targets(results: list[dict]) -> list[tuple[str, str, bool]]:
    """(target, measured, pass) for every target, judged at the largest size (and smallest vs largest)."""
    big, small = results[-1], results[0]
    n = big["entries"]
    out = [
        (f"generator <= 1 ms/entry at {n:,} ({big['generator']['processes']} CPUs)", f"{big['generator']['ms_per_entry']:.2f} ms", big["generator"]["ms_per_entry"] <= 1.0),
    ]
    for r in results:
        out.append((f"full build <= 1.2 x bare at {r['entries']:,}", f"{r['full_over_bare']:.2f} x", r["full_over_bare"] <= 1.2))
    if len(results) > 1:
        ratio = big["full_build"]["seconds"] / small["full_build"]["seconds"]
        allowed = 1.1 * n / small["entries"]
        out.append((f"{n:,}-entry build <= {allowed:.1f} x {small['entries']:,}-entry build", f"{ratio:.2f} x", ratio <= allowed))
    for r in results:
        avg = r["full_build"]["avg_html_bytes"] / KB
        out.append((f"average HTML page <= 25 KB at {r['entries']:,}", f"{avg:.1f} KB", avg <= 25))
    added = big["history"]["increase_pct"]
    out.append((f"history adds <= 10 % to the full build at {n:,}", f"{added:+.1f} %", added <= 10))
    gz = big["full_build"]["search_download_gzip"] / KB
    out.append((f"search download <= 310 KB gzip at {n:,} (aim 150)", f"{gz:.0f} KB", gz <= 310))
    for r in results:
        for where in ("online", "file"):
            share = r["search"][where]["recall"]
            out.append((f"search recall in top 5 >= 0.95 at {r['entries']:,}, {where}", f"{share:.3f}", share >= 0.95))
    live = big["preview"]
    out.append((f"preview: a body edit shown <= 2 s at {n:,}", f"{live['body_s']:.2f} s", live["body_s"] <= 2))
    out.append((f"preview: a rename shown on every page it changes <= 5 s at {n:,}", f"{max(live['link_all_s'], live['link_list_s']):.2f} s",
                max(live["link_all_s"], live["link_list_s"]) <= 5))
    out.append((f"preview: a broken file's error page <= 2 s at {n:,}", f"{live['broken_s']:.2f} s", live["broken_s"] <= 2))
    out.append((f"peak memory < 1 GB at {n:,}", f"{big['full_build']['peak_mb']:.0f} MB", big["full_build"]["peak_mb"] < 1024))
    return out


def table(results: list[dict]) -> str:
    rows = [("entries", lambda r: f"{r['entries']:,}"),
            ("generator alone (s)", lambda r: f"{r['generator']['total_s']:.2f}"),
            ("  load+check+link (s)", lambda r: f"{r['generator']['load_s']:.2f}"),
            ("  render Markdown (s)", lambda r: f"{r['generator']['render_s']:.2f}"),
            ("generator ms/entry", lambda r: f"{r['generator']['ms_per_entry']:.2f}"),
            ("  CPU ms/entry, all processes", lambda r: f"{r['generator']['cpu_ms_per_entry']:.2f}"),
            ("  ms/entry in one process", lambda r: f"{r['generator']['one_process_ms_per_entry']:.2f}"),
            ("data exports (s)", lambda r: f"{r['generator']['exports_s']:.2f}"),
            ("defections check (s)", lambda r: f"{r['check']['seconds']:.2f}"),
            ("full mkdocs build (s)", lambda r: f"{r['full_build']['seconds']:.1f}"),
            ("bare mkdocs build (s)", lambda r: f"{r['bare_build']['seconds']:.1f}"),
            ("full / bare", lambda r: f"{r['full_over_bare']:.2f}"),
            ("full build with history (s)", lambda r: f"{r['history']['with_best_s']:.1f}"),
            ("  without history, same runs (s)", lambda r: f"{r['history']['without_best_s']:.1f}"),
            ("  history adds (%)", lambda r: f"{r['history']['increase_pct']:+.1f}"),
            ("defections serve: first page (s)", lambda r: f"{r['preview']['first_page_s']:.1f}"),
            ("  body edit shown (s)", lambda r: f"{r['preview']['body_s']:.2f}"),
            ("  rename: its page (s)", lambda r: f"{r['preview']['link_page_s']:.2f}"),
            ("  rename: defectors list (s)", lambda r: f"{r['preview']['link_list_s']:.2f}"),
            ("  rename: all pages it changed (s)", lambda r: f"{r['preview']['link_all_s']:.2f}"),
            ("  rename: pages it changed", lambda r: f"{r['preview']['link_pages']}"),
            ("  broken file's error page (s)", lambda r: f"{r['preview']['broken_s']:.2f}"),
            ("mkdocs serve: first page (s)", lambda r: f"{r['serve']['first_page_s']:.1f}"),
            ("  any edit shown (s)", lambda r: f"{r['serve']['body_s']:.1f}"),
            ("  its rebuild (s)", lambda r: f"{r['serve']['rebuild_s']:.1f}" if r["serve"]["rebuild_s"] else "-"),
            ("  broken file", lambda r: "terminal only"),
            ("full build ms/page", lambda r: f"{r['full_build']['seconds'] * 1000 / r['full_build']['html_pages']:.1f}"),
            ("peak memory full (MB)", lambda r: f"{r['full_build']['peak_mb']:.0f}"),
            ("peak memory bare (MB)", lambda r: f"{r['bare_build']['peak_mb']:.0f}"),
            ("HTML pages", lambda r: f"{r['full_build']['html_pages']:,}"),
            ("site size (MB)", lambda r: f"{r['full_build']['site_bytes'] / MB:.1f}"),
            ("bare site size (MB)", lambda r: f"{r['bare_build']['site_bytes'] / MB:.1f}"),
            ("avg HTML page (KB)", lambda r: f"{r['full_build']['avg_html_bytes'] / KB:.1f}"),
            ("largest HTML page (KB)", lambda r: f"{r['full_build']['largest_html'][0][1] / KB:.0f}"),
            ("  which page", lambda r: r['full_build']['largest_html'][0][0].removesuffix("/index.html")[-14:]),
            ("search index (MB)", lambda r: f"{r['full_build']['search_index_bytes'] / MB:.2f}"),
            ("search download, gzip (KB)", lambda r: f"{r['full_build']['search_download_gzip'] / KB:.0f}"),
            ("search ready after (s)", lambda r: f"{r['search']['online']['ready_s']:.2f}"),
            ("search recall, online", lambda r: f"{r['search']['online']['recall']:.3f}"),
            ("search recall, file://", lambda r: f"{r['search']['file']['recall']:.3f}"),
            ("  queries asked", lambda r: f"{r['search']['asked']}/{r['search']['of']}")]
    width = max(len(name) for name, _ in rows)
    lines = []
    for name, cell in rows:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{cell(r):>14}" for r in results))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Scale benchmark for the archive build.")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="entry counts (default: 1000 10000)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--profile", type=Path, help="cProfile the generator alone at the largest size and write the report here")
    ap.add_argument("--history-runs", type=int, default=2, metavar="K",
                    help="full builds with repository history per size, alternating with builds without (default 2; 1: the full build, "
                         "then one with history; each further run adds one without and one with; the best of each is compared)")
    ap.add_argument("--keep", type=Path, help="keep corpora and built sites in this folder (default: a temporary folder, removed)")
    args = ap.parse_args(argv)
    sizes = sorted(args.sizes)
    OUT.mkdir(parents=True, exist_ok=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="dfx-bench-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    ENV["GIT_CEILING_DIRECTORIES"] = str(work.resolve())  # a build outside its own repository reads no history, even under --keep in one
    started = time.perf_counter()
    results = []
    try:
        for n in sizes:
            result = bench(n, args.seed, work, args.profile if n == sizes[-1] else None, max(1, args.history_runs))
            profile_text = result.pop("profile_text", None)
            (OUT / f"results-{n}.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
            results.append(result)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report = ["", table(results), "", "Targets:"]
    for name, measured, ok in targets(results):
        report.append(f"  [{'PASS' if ok else 'FAIL'}] {name}: {measured}")
    report.append(f"\nTotal benchmark time: {time.perf_counter() - started:.0f} s; results in {OUT.relative_to(REPO)}/results-<N>.json")
    text = "\n".join(report)
    print(text)
    if args.profile:
        args.profile.write_text(text + "\n" + (profile_text or ""), "utf-8")
        print(f"profile written to {args.profile}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
