"""The preview's web server: the site folder a :class:`~.preview.Preview` keeps built, a reload script, error pages.

Pages are served as the folder holds them, with one script tag added to each HTML page: it waits for the preview's
next change and reloads the page when that change touched it. A page whose entry has problems is served as an
error page listing them, until they are fixed; every other page stays as it last built.
"""

from __future__ import annotations

import json
import mimetypes
import queue
import signal
import sys
import threading
import time
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from .preview import Preview

HERE = "/.preview/"  # the preview's own addresses, outside any site's
WAIT = 25  # seconds a reload script's request waits for a change before it asks again
QUIET = 0.05  # seconds without a further file event before an edit is shown: an editor's save is several events

RELOAD_SCRIPT = """\
(function () {
  var me = document.currentScript, version = me.dataset.version, page = me.dataset.page;
  function wait() {
    fetch("/.preview/wait?v=" + version + "&page=" + encodeURIComponent(page), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.reload) { location.reload(); } else { version = answer.version; wait(); }
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"""


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview, mount: str):
        super().__init__(address, Handler)
        self.preview, self.mount = preview, mount
        host, port = address[0], self.server_address[1]
        # the Host header a request must carry (DNS rebinding); none to check when serving on every address
        self.hosts = set() if host in ("", "0.0.0.0", "::") else {f"{name}:{port}" for name in (host, "localhost", "127.0.0.1", "[::1]")}


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format, *args):  # the terminal tells of edits and problems, not of every request
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        path = unquote(url.path)
        if self.server.hosts and self.headers.get("Host", "") not in self.server.hosts:  # no other site's page may read the preview
            return self._send(b"Unknown host", "text/plain", HTTPStatus.FORBIDDEN)
        if "\0" in path:
            return self._send(b"Bad request", "text/plain", HTTPStatus.BAD_REQUEST)
        if path == HERE + "reload.js":
            return self._send(RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        if path == HERE + "wait":
            query = parse_qs(url.query)
            version = query.get("v", ["0"])[0]
            if not version.isdigit():
                return self._send(b"Bad request", "text/plain", HTTPStatus.BAD_REQUEST)
            return self._wait(int(version), query.get("page", [""])[0].removesuffix("index.html"))
        mount = self.server.mount
        if not path.startswith(mount):
            if path in ("/", mount.rstrip("/")):
                return self._redirect(mount)
            return self._send(b"Not found: the site is at " + escape(mount).encode(), "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)
        self._page(path[len(mount):])

    def _page(self, address: str) -> None:
        preview = self.server.preview
        version = preview.version
        problems = preview.errors_for(address.removesuffix("index.html"))
        if problems or version == 0:  # problems, or the first build is not done
            return self._html(_error_page(problems, address), version, address, HTTPStatus.INTERNAL_SERVER_ERROR if problems else HTTPStatus.OK)
        root = preview.site_dir.resolve()
        file = (root / address).resolve()
        if not file.is_relative_to(root):
            return self._send(b"Not found", "text/plain", HTTPStatus.NOT_FOUND)
        if file.is_dir():
            if not address.endswith("/") and address:
                return self._redirect(self.server.mount + address + "/")
            file = file / "index.html"
        if not file.is_file():
            missing = root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            return self._html(body.decode("utf-8", "replace"), version, address, HTTPStatus.NOT_FOUND)
        data = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return self._html(data.decode("utf-8", "replace"), version, address)
        self._send(data, kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith(("json", "javascript", "xml")) else ""))

    def _html(self, html: str, version: int, address: str, status=HTTPStatus.OK) -> None:
        tag = f'<script src="{HERE}reload.js" data-version="{version}" data-page="{escape(address)}"></script>'
        at = html.rfind("</body>")
        html = html[:at] + tag + html[at:] if at >= 0 else html + tag
        self._send(html.encode("utf-8"), "text/html; charset=utf-8", status)

    def _wait(self, version: int, address: str) -> None:
        preview = self.server.preview
        deadline = time.monotonic() + WAIT
        with preview.ready:
            while preview.version <= version and time.monotonic() < deadline:
                preview.ready.wait(deadline - time.monotonic())
            now = preview.version
        answer = {"version": now, "reload": preview.changed_since(version, address)}
        self._send(json.dumps(answer).encode(), "application/json")

    def _redirect(self, to: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, data: bytes, kind: str, status=HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _error_page(problems, address: str) -> str:
    """A page that lists problems (file, line, field, message), or says that the site is still being built."""
    if not problems:
        title, body, colour = "Building the preview…", "<p>The site is being built; this page reloads when it is ready.</p>", "#37474f"
    else:
        items = "".join(f'<li><p class="where"><code>{escape(p.path)}</code>, line {p.line}'
                        f'{f", field <code>{escape(p.field)}</code>" if p.field else ""}</p><p>{escape(p.message)}</p></li>' for p in problems)
        title, colour = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the content", "#b71c1c"
        body = (f"<p>This page (<code>{escape(address or '/')}</code>) is shown again once they are fixed; it reloads when the files "
                f"are saved. Every other page shows its last good version.</p><ol>{items}</ol>")
    return (f'<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;"
            f"color:#212121}}h1{{color:{colour};font-size:1.5rem}}ol{{padding:0;list-style:none}}li{{border-left:4px solid {colour};"
            "margin:1rem 0;padding:.25rem .75rem;background:#fafafa}li p{margin:.25rem 0}.where{font-weight:600}"
            "code{overflow-wrap:anywhere}</style></head>"
            f'<body><h1 class="dfx-preview-error">{escape(title)}</h1>{body}</body></html>')


class _Events(FileSystemEventHandler):
    def __init__(self, edits: queue.Queue, config_file: Path):
        self.edits, self.config_file = edits, config_file

    def on_any_event(self, event):
        if event.event_type in ("opened", "closed_no_write"):
            return
        for path in (getattr(event, "src_path", None), getattr(event, "dest_path", None)):
            if path:
                self.edits.put(Path(path if isinstance(path, str) else path.decode()))


def _watch(preview: Preview, edits: queue.Queue) -> Observer:
    observer = Observer()
    handler = _Events(edits, preview.config_file)
    for path in preview.watched():
        if path.is_dir():
            observer.schedule(handler, str(path), recursive=path.name != ".git")  # a commit writes in .git itself
    observer.schedule(_OnlyFile(edits, preview.config_file), str(preview.config_file.parent), recursive=False)
    observer.start()
    return observer


class _OnlyFile(_Events):
    """Events of one file (mkdocs.yml) in a folder that is not watched otherwise."""

    def on_any_event(self, event):
        if Path(getattr(event, "src_path", "")) == self.config_file or Path(getattr(event, "dest_path", "") or "") == self.config_file:
            super().on_any_event(event)


def _work(preview: Preview, edits: queue.Queue, watching: list, stopping: threading.Event) -> None:
    """Build, then show each edit as it comes; put the data files in place between edits; until ``stopping`` is set."""
    started = time.monotonic()
    preview.build()
    _report_build(preview, time.monotonic() - started)
    watching.append(_watch(preview, edits))
    while not stopping.is_set():
        try:
            first = edits.get(timeout=0.2)
        except queue.Empty:
            preview.poll()
            continue
        paths = {first}
        while True:  # the rest of the save
            try:
                paths.add(edits.get(timeout=QUIET))
            except queue.Empty:
                break
        paths = {p for p in paths if not p.name.startswith(".") and not p.name.endswith(("~", ".swp", ".tmp"))}
        if not paths:
            continue
        started = time.monotonic()
        root = preview.config_file.parent
        if preview.update(paths) and not preview.problems:
            names = ", ".join(sorted(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in paths if not p.is_dir()))
            last = preview.last
            shown = f"its pages after {last['first']:.2f} s, all {last['pages']} changed pages after {last['rest']:.2f} s" if last \
                else f"rebuilt in {time.monotonic() - started:.1f} s"
            print(f"{names or 'an edit'}: {shown}", file=sys.stderr, flush=True)


def _report_build(preview: Preview, seconds: float) -> None:
    if preview.plugin is not None:
        print(f"Built the site in {seconds:.1f} s", file=sys.stderr, flush=True)


def serve(config_file: Path, host: str, port: int, site_dir: Path) -> int:
    """Serve the preview of the project of ``config_file`` at ``host:port`` until interrupted."""
    from mkdocs.config import load_config

    try:
        site_url = load_config(str(config_file)).site_url or ""
    except Exception as err:  # noqa: BLE001 - a broken mkdocs.yml: said, not a traceback
        print(f"error: {config_file}: {err}", file=sys.stderr)
        return 1
    mount = urlsplit(site_url).path or "/"
    mount = mount if mount.endswith("/") else mount + "/"
    preview = Preview(config_file, site_dir)
    try:
        server = Server((host, port), preview, mount)
    except OSError as err:
        print(f"error: cannot serve at {host}:{port}: {err.strerror}", file=sys.stderr)
        return 1
    edits: queue.Queue = queue.Queue()
    watching: list = []
    stopping = threading.Event()
    worker = threading.Thread(target=_work, args=(preview, edits, watching, stopping), daemon=True)
    worker.start()
    signal.signal(signal.SIGTERM, _interrupted)  # stopped by a process manager: clean up as after Ctrl+C
    print(f"Serving the preview on http://{host}:{server.server_address[1]}{mount} (building first; Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        for observer in watching:
            observer.stop()
        stopping.set()
        worker.join(30)  # the edit being shown, if any, so that nothing writes in the folder once it is removed
        preview.close()
    return 0


def _interrupted(signum, frame):
    raise KeyboardInterrupt
