"""Browser tests: Playwright drives Debian's Chromium (`/usr/bin/chromium`, installed by
`scripts/install test`) against pytest-django's live server.

Playwright's synchronous API runs an event loop in the test's thread, so Django is told that
its database calls from this thread are safe (they are: the test is synchronous)."""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server (one per session, its middleware built once) speaks plain HTTP: production's
# HTTPS redirect and secure cookies are off for the whole browser session, as the per-test
# `_plain_http` fixture turns them off for the test client.
settings.SECURE_SSL_REDIRECT = False
settings.SESSION_COOKIE_SECURE = False
settings.CSRF_COOKIE_SECURE = False
settings.LANGUAGE_COOKIE_SECURE = False

CHROMIUM = os.environ.get("BAGALAU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "walk-the-cycle-1"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def page(page) -> Any:
    """Playwright's page, accepting the confirmation dialogs our buttons ask
    (`data-confirm`), failing fast instead of waiting 30 s for what is not there."""
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_default_timeout(10_000)
    return page


class Browser:
    """A person at the browser: sign in as someone, switch language, go to a page."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def go(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        return self.page

    def sign_in(self, user: Any, language: str | None = None) -> Any:
        """Sign out whoever is in, sign `user` in through the form, optionally switch the
        language with the switch at the top of the page."""
        page = self.page
        page.context.clear_cookies()
        if not user.has_usable_password() or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        self.go("/login/")
        page.locator("#id_username").fill(user.get_username())
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/$|/\?"))
        if language:
            self.language(language)
        return page

    def submit(self, form: str, value: str | None = None) -> Any:
        """Press the form's submit button (the one with `value`, if given) and wait for the
        page it leads to."""
        page = self.page
        button = f"{form} button[type=submit]" + (f'[value="{value}"]' if value else "")
        with page.expect_navigation():
            page.locator(button).first.click()
        return page

    def language(self, code: str) -> None:
        page = self.page
        page.locator(f'form.lang button[value="{code}"]').click()
        page.wait_for_selector(f'html[lang="{code}"]')


@pytest.fixture
def browser_user(page, live_server) -> Browser:
    return Browser(page, live_server.url)


@pytest.fixture
def user_model():
    return get_user_model()
