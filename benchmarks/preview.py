"""The contributor's preview, timed: ``defections serve`` beside ``mkdocs serve``.

Each is started on a copy of the benchmark's project; then a person's file is edited as a contributor saves it, and
the time is taken from the save until the server serves what the edit changed:

- first page: from starting the server until it serves the home page;
- body edit: a sentence added to the person's text, until their page shows it;
- link edit: the person renamed, until their page shows the new name, and until the defectors list does (the
  largest page of the site); ``defections serve`` also says when it had rendered every page the edit changed;
- broken file: invalid YAML saved, until the person's page is an error page naming the file.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _mount(project_dir: Path) -> str:
    site_url = re.search(r"^site_url: (\S+)$", (project_dir / "mkdocs.yml").read_text("utf-8"), re.M)
    return urllib.parse.urlsplit(site_url[1]).path.rstrip("/") if site_url else ""  # both servers serve the site at its own path


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def _until(url: str, ready, server: subprocess.Popen, log, timeout: float = 600) -> float:
    """Seconds until ``ready(status, text)`` holds for ``url``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped ({server.returncode}):\n{log.read()[-3000:]}")
        try:
            if ready(*_get(url)):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} was not ready within {timeout} s")


def _reports(log) -> list[tuple[str, str]]:
    """What defections serve has said of each edit it showed: (pages it rendered, seconds until the last)."""
    log.seek(0)
    return re.findall(r"all (\d+) changed pages after ([0-9.]+) s", log.read())


def defector(content: Path) -> Path:
    """The first person with a defection record (so that the defectors list shows their name)."""
    return next(p for p in sorted((content / "people").glob("*.md")) if not p.name.endswith(".ar.md") and "\ndefection:" in p.read_text("utf-8"))


def _start(command: list[str], project_dir: Path, env: dict):
    log = tempfile.TemporaryFile("w+")
    return subprocess.Popen(command, cwd=project_dir, env=env, stdout=log, stderr=subprocess.STDOUT), log


def _save(path: Path, text: str) -> None:
    time.sleep(1)  # as a contributor would between saves (and so that the last edit's page has settled)
    path.write_text(text, "utf-8")


def preview(project_dir: Path, env: dict) -> dict:
    """``defections serve``: first page, body edit, link edit (the page, the list, every page), broken file."""
    person = defector(project_dir / "content")
    original = person.read_text("utf-8")
    port = _port()
    base = f"http://127.0.0.1:{port}{_mount(project_dir)}/"
    page, listing = f"{base}people/{person.stem}/", f"{base}defectors/"
    started = time.perf_counter()
    server, log = _start([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], project_dir, env)
    try:
        _until(base, lambda status, text: status == 200 and "Building the preview" not in text, server, log)
        out = {"first_page_s": time.perf_counter() - started}
        _save(person, original + f"\nBenchmark edit {port}.\n")
        out["body_s"] = _until(page, lambda status, text: f"Benchmark edit {port}." in text, server, log)
        name = re.search(r'^name: "?([^"\n]+)"?$', original, re.M)[1]
        renamed = f"{name} Renamed{port}"
        while not _reports(log):  # the body edit's report
            time.sleep(0.05)
        before = len(_reports(log))
        _save(person, original.replace(name, renamed, 1))
        out["link_page_s"] = _until(page, lambda status, text: renamed in text, server, log)
        out["link_list_s"] = _until(listing, lambda status, text: renamed in text, server, log) + out["link_page_s"]
        while len(_reports(log)) == before:  # the server's own report of the rename, once it has rendered every page
            time.sleep(0.05)
        pages, seconds = _reports(log)[before]
        out["link_all_s"], out["link_pages"] = float(seconds), int(pages)
        _save(person, original.replace("---\n", "---\nname: [\n", 1))
        out["broken_s"] = _until(page, lambda status, text: status == 500 and person.name in text, server, log)
        _save(person, original)
        out["fixed_s"] = _until(page, lambda status, text: status == 200 and renamed not in text, server, log)
    finally:
        person.write_text(original, "utf-8")
        server.terminate()
        server.wait(30)
    return out


def mkdocs_serve(project_dir: Path, env: dict) -> dict:
    """``mkdocs serve``: first page and body edit (a link edit costs the same full rebuild; a broken file shows no page,
    only a message in the terminal)."""
    person = defector(project_dir / "content")
    original = person.read_text("utf-8")
    port = _port()
    page = f"http://127.0.0.1:{port}{_mount(project_dir)}/people/{person.stem}/"
    started = time.perf_counter()
    server, log = _start([sys.executable, "-m", "mkdocs", "serve", "-f", str(project_dir / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                         project_dir, env)
    try:
        _until(page, lambda status, text: status == 200, server, log)
        out = {"first_page_s": time.perf_counter() - started}
        _save(person, original + f"\nBenchmark edit {port}.\n")
        out["body_s"] = _until(page, lambda status, text: f"Benchmark edit {port}." in text, server, log)
    finally:
        person.write_text(original, "utf-8")
        server.terminate()
        server.wait(30)
    log.seek(0)
    builds = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", log.read())]
    out["rebuild_s"] = builds[-1] if len(builds) > 1 else None
    return out
