"""The demo in a real browser: it opens on the sign-in page with the demo logins listed, and
each login's journey works there — every menu entry and every page its inbox links to opens
without an error, in Kazakh and in Russian, and the servant signs what waits for them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from bagalau.demo.services import demo_setup
from bagalau.demo.staff import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_demo_login_walks_its_pages(browser_user):
    demo_setup()
    web = browser_user
    page = web.go("/")
    assert page.url.endswith("/login/?next=/")
    for username, _position, _role in DEMO_USERS:
        expect(page.locator(".demo-logins")).to_contain_text(username)
    failures = []
    page.on("response", lambda r: r.status >= 500 and failures.append(f"{r.status} {r.url}"))
    for n, (username, _position, _role) in enumerate(DEMO_USERS):
        language = ("kk", "ru")[n % 2]
        web.page.context.clear_cookies()
        web.go("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        web.submit("form.form")
        web.language(language)
        links = page.eval_on_selector_all(
            "nav.menu a, #inbox a", "els => els.map(e => e.getAttribute('href'))"
        )
        for href in dict.fromkeys(links):
            response = page.goto(web.base_url + href)
            assert response.status == 200, (username, href, response.status)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("h1").first).to_be_visible()
    assert not failures

    # The demo servant has a quarter's recommendations waiting to be seen (§16).
    servant = get_user_model().objects.get(username="servant")
    web.sign_in(servant, "kk")
    page.locator("#inbox a[href$='/quarterly/']").first.click()
    form = page.locator("form[id^='review-ack-form-']").first
    form_id = form.get_attribute("id")
    web.submit(f"#{form_id}", "acknowledge")
    expect(page.locator(f"#{form_id}")).to_have_count(0)
