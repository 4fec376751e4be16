"""Screenshots of every role's main pages, in Kazakh and Russian, at laptop and phone widths,
for looking at the interface (not a test).

    bash scripts/demo &                       # the demo on http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py [--url URL] [--out DIR] [--users hr,servant]

For each demo login it signs in, then opens every entry of the menu and the first page the
inbox links to, in each language and width, and saves full-page PNGs in DIR (default
var/screenshots/), named login-language-width-NN-page.png.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

USERS = ["hr", "supervisor", "superior", "servant", "commission", "secretary", "authorized", "head"]
WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}
PASSWORD = "bagalau-demo"  # the demo's published password


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--users", default=",".join(USERS))
    parser.add_argument("--languages", default="kk,ru")
    parser.add_argument("--widths", default="laptop,phone")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for user in args.users.split(","):
            for width_name in args.widths.split(","):
                width, height = WIDTHS[width_name]
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(f"{args.url}/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", PASSWORD)
                page.click("form.form button[type=submit]")
                page.wait_for_load_state()
                for lang in args.languages.split(","):
                    page.goto(f"{args.url}/")
                    page.click(f'form.lang button[value="{lang}"]')
                    page.wait_for_selector(f'html[lang="{lang}"]')
                    paths = [
                        href
                        for href in page.eval_on_selector_all(
                            "nav.menu a", "els => els.map(e => e.getAttribute('href'))"
                        )
                        if href
                    ]
                    first = page.eval_on_selector_all(
                        "#inbox a", "els => els.slice(0, 1).map(e => e.getAttribute('href'))"
                    )
                    for n, path in enumerate([*paths, *first], 1):
                        page.goto(f"{args.url}{path}")
                        name = f"{user}-{lang}-{width_name}-{n:02d}-{slug(path)}.png"
                        page.screenshot(path=out / name, full_page=True)
                        print(out / name)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
