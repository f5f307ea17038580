"""A real browser for the page tests: Debian's Chromium driven by the Python playwright package.

`playwright install` cannot download a browser here, so the tests launch `/usr/bin/chromium`
(installed by `scripts/system-deps.sh`). Every page a test looks at is photographed at the office
screen (1366×768) and at phone width (390×844) into `var/screenshots/`, and checked for what a
person would see wrong: characters drawn as missing-glyph boxes, a page wider than the screen,
errors in the browser's console.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
SCREENS = {"desktop": (1366, 768), "phone": (390, 844)}
SHOTS = ROOT / "var" / "screenshots"
PASSWORD = "duban-demo"

# Characters the page font cannot draw come out as the same box as a code point no font has.
MISSING_GLYPHS = """() => {
  const canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch, font) => { ctx.font = font; ctx.clearRect(0, 0, 48, 48); ctx.fillText(ch, 4, 36);
                               return ctx.getImageData(0, 0, 48, 48).data.join(''); };
  const missing = [];
  const seen = new Set();
  for (const el of document.querySelectorAll('body *')) {
    if (!el.childNodes.length || el.closest('script,style')) continue;
    const font = getComputedStyle(el).font;
    for (const node of el.childNodes) {
      if (node.nodeType !== 3) continue;
      for (const ch of node.textContent) {
        if (/\\s/.test(ch) || seen.has(font + ch)) continue;
        seen.add(font + ch);
        if (draw(ch, font) === draw('\\u{10FFFD}', font)) missing.push(ch);
      }
    }
  }
  return [...new Set(missing)];
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def chromium_or_skip() -> str:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed: run `bash scripts/system-deps.sh` as root (CI does)")
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


@dataclass
class Visit:
    """What the browser saw on one page at one screen size."""

    url: str
    screen: str
    shot: Path
    missing_glyphs: list[str]
    overflow: int
    console_errors: list[str] = field(default_factory=list)


class Session:
    """One person's browser: log in with the login form, open pages, photograph and check them."""

    def __init__(self, browser: object, base: str, name: str, test: str) -> None:
        self.base = base
        self.name = name
        self.folder = SHOTS / test
        self.folder.mkdir(parents=True, exist_ok=True)
        self.context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.visits: list[Visit] = []

    def login(self, username: str) -> None:
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state("load")
        if "/accounts/login/otp/" in self.page.url:
            # The office and the administrators: the second factor, as their authenticator app shows it.
            from tests.personas import device_of, otp_code

            self.page.fill("#id_otp", otp_code(device_of(username)))
            self.page.click("button[type=submit]")
            self.page.wait_for_load_state("load")

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def look(self, label: str) -> list[Visit]:
        """Photograph the current page at both screen sizes and check what a reader would see wrong."""
        found = []
        for screen, (width, height) in SCREENS.items():
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.wait_for_timeout(150)
            safe = re.sub(r"[^\w.-]+", "_", f"{self.name}-{label}-{screen}")
            shot = self.folder / f"{len(self.visits):02d}-{safe}.png"
            self.page.screenshot(path=str(shot), full_page=True)
            visit = Visit(
                self.page.url,
                screen,
                shot,
                self.page.evaluate(MISSING_GLYPHS),
                int(self.page.evaluate(OVERFLOW)),
                list(self.errors),
            )
            self.visits.append(visit)
            found.append(visit)
        self.page.set_viewport_size({"width": 1366, "height": 768})
        self.errors.clear()
        return found

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    import os

    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still plain synchronous code, which Django would otherwise refuse beside a running loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield launched
        launched.close()


def assert_looks_right(visits: list[Visit]) -> None:
    """No missing-glyph boxes, nothing wider than the screen, no console errors — on every page seen."""
    problems = [
        f"{v.screen} {v.url}: boxes {v.missing_glyphs}, overflow {v.overflow}px, errors {v.console_errors} ({v.shot.name})"
        for v in visits
        if v.missing_glyphs or v.overflow > 1 or v.console_errors
    ]
    assert problems == [], "\n".join(problems)
