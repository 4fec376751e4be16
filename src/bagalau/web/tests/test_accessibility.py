"""Accessibility basics on every page of every demo login, in both languages: the page's
language is declared, it has a heading, and every form control a person fills in has a
label (a <label for>, an enclosing <label>, or aria-label / aria-labelledby); every button
says what it does."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from bagalau.demo.services import demo_setup
from bagalau.demo.staff import DEMO_USERS

pytestmark = pytest.mark.django_db

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """What the checks need from a page: lang, headings, controls, labels, buttons, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.h1 = 0
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.buttons: list[str] = []
        self._button: list[str] | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type", "text") in UNLABELLED_TYPES:
                return
            self.controls.append({**a, "tag": tag, "wrapped": str(self.label_depth > 0)})
        elif tag == "button":
            self._button = [a.get("aria-label", "")]
        elif tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)
        elif tag == "button" and self._button is not None:
            self.buttons.append("".join(self._button).strip())
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)


def problems(html: str, language: str) -> list[str]:
    page = Page()
    page.feed(html)
    found = []
    if page.lang != language:
        found.append(f"<html lang={page.lang!r}>, expected {language!r}")
    if page.h1 < 1:
        found.append("no <h1>")
    for c in page.controls:
        labelled = (
            c.get("id") in page.label_for
            or c["wrapped"] == "True"
            or c.get("aria-label")
            or c.get("aria-labelledby")
        )
        if not labelled:
            found.append(f"unlabelled <{c['tag']} name={c.get('name')!r} id={c.get('id')!r}>")
    found += [f"a button without words #{n}" for n, b in enumerate(page.buttons) if not b]
    return found


def test_the_check_finds_what_it_looks_for():
    assert problems(
        '<html lang="kk"><h1>x</h1><input name="a"><label>B <input name="b"></label>'
        '<label for="c">C</label><select id="c"></select><button></button></html>',
        "kk",
    ) == ["unlabelled <input name='a' id=None>", "a button without words #0"]
    assert problems('<html lang="ru"><p>x</p></html>', "kk") == [
        "<html lang='ru'>, expected 'kk'",
        "no <h1>",
    ]


def test_every_demo_page_has_the_basics(client, settings):
    demo_setup()  # built once (10 s), read in both languages
    users = get_user_model().objects
    report: dict[str, list[str]] = {}
    seen = 0
    for language, (username, _position, _role) in (
        (language, user) for language in ("kk", "ru") for user in DEMO_USERS
    ):
        client.force_login(users.get(username=username))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        home = client.get("/")
        menu = Page()
        menu.feed(home.content.decode())
        paths = [p for p in dict.fromkeys(menu.links) if not re.search(r"\.(pdf|docx|xlsx)", p)]
        for path in paths[:25]:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            seen += 1
            found = problems(response.content.decode(), language)
            if found:
                report[f"{language} {username} {path}"] = found
    assert seen > 80
    assert not report, report
