"""Open the built docs site in headless Chromium as a reader would, and check it.

`python tools/check_site.py _site` serves the site on 127.0.0.1, screenshots the pages in PAGES and OPTIONAL (into
screenshots/), and fails if one lacks its expected title or its plot, shows raw nbdev/Quarto markup, or has a broken
internal link. It installs nothing: without Chromium (`make browser` installs Debian's) it says in one line that the
site was built but not checked, and succeeds. Its verdict goes to _ci/site.txt for tools/summary.sh.
"""
import functools
import html
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars"]
RAW = ["#|", '{target="_blank"}', ":::", "{.callout", "nbdev_export()", "&lt;details"]
PAGES = [("index.html", "balsel", False), ("00_scenario.html", "Scenario", True), ("07_train.html", "Training", True),
         ("10_runs.html", "Runs", False), ("11_cli.html", "Command line", False)]
OPTIONAL = [("12_results.html", "Results", True), ("course/01_deep_learning_and_data.html", "Introduction to deep learning", True)]


def chromium():
    "The path of a Chromium or Chrome on PATH, or None."
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


def serve(site: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    handler = functools.partial(Quiet, directory=str(site))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/"


def run_chromium(exe, *args, timeout=90):
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=timeout)
    return r.stdout


def visible_text(dom: str) -> str:
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", dom))


def check_page(exe, base, site, page, title, want_plot, shots) -> list:
    url = urljoin(base, page)
    problems = []
    run_chromium(exe, "--window-size=1280,2000", f"--screenshot={shots / (page.replace('/', '_')[:-5] + '.png')}", url)
    dom = run_chromium(exe, "--dump-dom", "--virtual-time-budget=3000", url)
    if not dom.strip(): return [f"{page}: Chromium returned an empty page"]
    m = re.search(r"<title>(.*?)</title>", dom, re.S)
    if not m or title not in html.unescape(m.group(1)): problems.append(f"{page}: title {m and m.group(1)!r} lacks {title!r}")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", dom, re.S)
    if not h1 or title not in visible_text(h1.group(1)): problems.append(f"{page}: no <h1> with {title!r}")
    text = visible_text(dom)
    for raw in RAW:
        if raw in text: problems.append(f"{page}: shows raw markup {raw!r}")
    for href in re.findall(r'href="([^"#?]+)', dom):
        u = urlparse(urljoin(url, href))
        if u.netloc == urlparse(base).netloc:
            f = site / u.path.lstrip("/")
            if f.is_dir(): f = f / "index.html"
            if not f.exists(): problems.append(f"{page}: broken link {href}")
    if want_plot and not re.search(r'<img[^>]+src="data:image/png', dom): problems.append(f"{page}: no plot image")
    return problems


def main(argv):
    site = Path(argv[0] if argv else ROOT / "_site").resolve()
    if not (site / "index.html").exists(): sys.exit(f"error: {site}/index.html not found: run `make docs` first")
    exe, status = chromium(), ROOT / "_ci" / "site.txt"
    status.parent.mkdir(exist_ok=True)
    if not exe:
        status.write_text("docs site built, not checked (no Chromium)")
        print("docs site built but not checked: no Chromium found (`make browser` installs Debian's chromium)")
        return 0
    shots = ROOT / "screenshots"; shots.mkdir(exist_ok=True)
    srv, base = serve(site)
    pages = PAGES + [p for p in OPTIONAL if (site / p[0]).exists()]
    try: problems = [p for page, title, plot in pages for p in check_page(exe, base, site, page, title, plot, shots)]
    finally: srv.shutdown()
    for p in problems: print("error:", p, file=sys.stderr)
    if problems: return 1
    status.write_text("docs site built and checked")
    print(f"docs site ok: {len(pages)} pages checked in headless Chromium; screenshots in {shots.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
