"""Open every page of the built docs site from file:// in headless Chromium, as a reader without a network would.

`python tools/check_site.py _site` drives one Chromium over the DevTools protocol (on a pipe: no server, no package),
screenshots each page at 1400 px into screenshots/, and fails if a page lacks a title that names its heading, shows
raw TeX, nbdev/Quarto markup, progress-bar residue or a machine-local path, has a broken link or #anchor, an image
that does not load or has no alt text, a link to the nonexistent repository (settings.ini's git_url), is wider than
the window, or asks the network for anything. It also types words (`SEARCHES`) into the search box from file:// and
fails unless the results lead to pages and anchors of the site. It installs
nothing: without Chromium (`make browser` installs Debian's) it says in one line that the site was built but not
checked, and succeeds. Its verdict goes to _ci/site.txt for tools/summary.sh.
"""
import base64
import configparser
import fcntl
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND"]
WIDTH, HEIGHT = 1400, 2000
CHECKS = {  # (where: "all" the page's text, or the "prose" outside code and formulas; pattern) -> what it shows
    ("all", r"#\||\{target=\"_blank\"|:::|\{\.callout|nbdev_export\(\)|<details"): "raw nbdev/Quarto markup",
    ("all", r"\|[#█]{3,}|\bit/s\]|\bs/it\]"): "progress-bar residue",
    ("all", r"(?<![\w.~-])/(?:tmp|root|work|home)/\S*"): "a machine-local path",
    ("prose", r"\$[^$\n]+\$|\\(?:frac|hat|bar|times|approx|quad|ge|le)\b"): "raw TeX",
}
# what the page holds, read in the page itself (the text as two strings: all of it, and the prose alone)
READ = """(() => {
  const all = [], prose = [], w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = w.nextNode());) {
    const e = n.parentElement;
    if (e.closest('script, style, noscript')) continue;
    all.push(n.data);
    if (!e.closest('pre, code, math, textarea')) prose.push(n.data);
  }
  const content = document.querySelector('.md-content');
  const image = i => ({src: i.src.slice(0, 60), loaded: i.complete && i.naturalWidth > 0, alt: (i.alt || '').trim()});
  const heading = h => h.textContent.replace('¶', '').trim();
  return {title: document.title, h1: [...content.querySelectorAll('h1')].map(heading),
          all: all.join(' '), prose: prose.join(' '), ids: [...document.querySelectorAll('[id]')].map(e => e.id),
          links: [...document.querySelectorAll('a[href]')].map(a => a.href),
          images: [...content.querySelectorAll('img')].map(image),
          overflow: document.documentElement.scrollWidth - innerWidth};
})()"""
# the search box's results once it has some (or after 15 s): its summary line and the links it lists
RESULTS = """new Promise(done => {
  const t0 = Date.now(), tick = () => {
    const links = [...document.querySelectorAll('.md-search-result__list a')].map(a => a.href);
    const meta = (document.querySelector('.md-search-result__meta') || {}).textContent || '';
    if (links.length || Date.now() - t0 > 15000) done({meta: meta.trim(), links}); else setTimeout(tick, 100);
  };
  tick();
})"""
SEARCHES = ("overdominance", "generate")  # words the site's search must find, from file:// as served


def chromium():
    "The path of a Chromium or Chrome on PATH, or None."
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


class Browser:
    "One headless Chromium, one tab, spoken to in the DevTools protocol over fds 3 and 4 (`--remote-debugging-pipe`)."
    def __init__(self, exe):
        self.profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self.n, self.buf, self.requests = 0, b"", []
        (cmd_r, self.cmd_w), (self.res_r, res_w) = map(self._high, os.pipe()), map(self._high, os.pipe())
        def fds(): os.dup2(cmd_r, 3); os.dup2(res_w, 4)
        self.proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={self.profile.name}", "--remote-debugging-pipe"],
                                     preexec_fn=fds, close_fds=False, start_new_session=True,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r); os.close(res_w)
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for method in ("Page.enable", "Network.enable"): self.send(method, session=True)
        self.send("Emulation.setDeviceMetricsOverride", session=True, width=WIDTH, height=HEIGHT,
                  deviceScaleFactor=1, mobile=False)

    @staticmethod
    def _high(fd):
        "`fd` moved above 9, so that the child's dup2 onto 3 and 4 never meets it."
        new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10); os.close(fd); return new

    def send(self, method, session=False, timeout=30, **params):
        "Call `method`; its result. Events met while waiting are kept: network requests, the page's load."
        self.n += 1
        msg = {"id": self.n, "method": method, "params": params, **({"sessionId": self.session} if session else {})}
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == self.n, timeout).get("result", {})

    def wait(self, done, timeout):
        end = time.monotonic() + timeout
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                m = json.loads(raw)
                if m.get("method") == "Network.requestWillBeSent": self.requests.append(m["params"]["request"]["url"])
                if "error" in m: raise RuntimeError(f"Chromium: {m['error'].get('message')}")
                if done(m): return m
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.res_r], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self.res_r, 1 << 20)
            if not chunk: raise RuntimeError("Chromium exited")
            self.buf += chunk

    def open(self, url):
        "Load `url` and wait for its load event."
        self.send("Page.navigate", session=True, url=url)
        self.wait(lambda m: m.get("method") == "Page.loadEventFired", 30)

    def run(self, js):
        r = self.send("Runtime.evaluate", session=True, expression=js, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r: raise RuntimeError(f"script failed: {r['exceptionDetails'].get('text')}")
        return r["result"].get("value")

    def screenshot(self, path: Path):
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", session=True, format="png")["data"]))

    def close(self):
        "Close Chromium (all its processes: it leads their process group), then its profile."
        try: self.send("Browser.close", timeout=5); self.proc.wait(5)
        except (OSError, RuntimeError, TimeoutError, subprocess.TimeoutExpired): pass
        if self.proc.poll() is None: os.killpg(self.proc.pid, signal.SIGKILL); self.proc.wait()
        os.close(self.cmd_w); os.close(self.res_r); self.profile.cleanup()


def check_page(page: str, seen: dict, git_url: str) -> list:
    "What is wrong with `page` itself, from what `READ` saw in it; links are checked once every page is read."
    problems, h1 = [], seen["h1"]
    if len(h1) != 1: problems.append(f"{len(h1)} <h1> headings, not one")
    elif h1[0] not in seen["title"]: problems.append(f"title {seen['title']!r} does not name the heading {h1[0]!r}")
    for (where, pattern), what in CHECKS.items():
        if m := re.search(pattern, seen[where]): problems.append(f"shows {what}: {m[0][:60]!r}")
    for img in seen["images"]:
        if not img["loaded"]: problems.append(f"image {img['src']}... does not load")
        if not img["alt"] or img["alt"].startswith("No description"):
            problems.append(f"image {img['src']}... has no alt text")
    problems += [f"links to {u}, which does not exist" for u in seen["links"] if git_url and u.startswith(git_url)]
    if seen["overflow"] > 0: problems.append(f"is {seen['overflow']} px wider than a {WIDTH} px window")
    return problems


def check_links(site: Path, pages: dict) -> list:
    "Every link into the site leads to a file, and every #anchor to an id on its page."
    problems = []
    for page, seen in pages.items():
        for u in map(urlparse, seen["links"]):
            if u.scheme != "file": continue
            target = Path(unquote(u.path))
            rel = target.relative_to(site).as_posix() if target.is_relative_to(site) else None
            if rel is None or not target.exists(): problems.append(f"{page}: broken link {u.geturl()}")
            elif u.fragment and rel in pages and unquote(u.fragment) not in pages[rel]["ids"]:
                problems.append(f"{page}: link to a missing anchor {rel}#{u.fragment}")
    return problems


def check_search(browser, site: Path, pages: dict, shots: Path) -> list:
    "Type each word of `SEARCHES` into the search box of the home page opened from file://: results that lead to pages."
    problems = []
    for word in SEARCHES:
        browser.open((site / "index.html").as_uri())
        browser.run("document.querySelector('.md-search__input').focus()")
        browser.send("Input.insertText", session=True, text=word)
        found = browser.run(RESULTS)
        browser.screenshot(shots / f"search-{word}.png")
        if not found["links"]:
            problems.append(f"search for {word!r} from file:// lists nothing (it says {found['meta'][:60]!r})")
        for u in map(urlparse, found["links"]):
            target = Path(unquote(u.path))
            rel = target.relative_to(site).as_posix() if u.scheme == "file" and target.is_relative_to(site) else None
            if rel not in pages: problems.append(f"search for {word!r} leads to {u.geturl()}, not a page of the site")
            elif u.fragment and unquote(u.fragment) not in pages[rel]["ids"]:
                problems.append(f"search for {word!r} leads to a missing anchor {rel}#{u.fragment}")
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
    t0, shots = time.time(), ROOT / "screenshots"
    shutil.rmtree(shots, ignore_errors=True); shots.mkdir()
    ini = configparser.ConfigParser(); ini.read(ROOT / "settings.ini")
    git_url = ini["DEFAULT"].get("git_url", "")
    pages, problems, browser = {}, [], Browser(exe)
    try:
        for path in sorted(site.rglob("*.html")):
            page = path.relative_to(site).as_posix()
            if page == "404.html": continue  # a web server's page for a missing address: links from the server's root
            browser.open(path.as_uri())
            pages[page] = seen = browser.run(READ)
            browser.screenshot(shots / (page[:-5].replace("/", "_") + ".png"))
            problems += [f"{page}: {p}" for p in check_page(page, seen, git_url)]
        problems += check_search(browser, site, pages, shots)
    finally: browser.close()
    problems += check_links(site, pages)
    online = [u for u in dict.fromkeys(browser.requests) if not u.startswith(("file:", "data:"))]
    problems += [f"the site asks the network for {u}" for u in online]
    for p in problems: print("error:", p, file=sys.stderr)
    if problems: return 1
    status.write_text("docs site built and checked")
    print(f"docs site ok: {len(pages)} pages checked from file:// in headless Chromium in {time.time() - t0:.0f} s, "
          f"search too ({', '.join(SEARCHES)}); screenshots in {shots.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
