"""The frame in a real browser: sign in, the inbox, switching language, the calendar, sign
out — and the pages hold at a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bagalau.orgstructure.tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_switch_language_and_sign_out(browser_user):
    user = make_user("ainur")
    page = browser_user.sign_in(user)
    expect(page.locator("h1")).to_be_visible()
    browser_user.language("ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    browser_user.language("kk")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    page.locator("nav.menu a").last.click()  # the calendar
    expect(page.locator("table.cal").first).to_be_visible()
    page.locator("form[action$='/logout/'] button").click()
    page.wait_for_url("**/login/**")


def test_wrong_password_is_refused_on_the_page(browser_user):
    make_user("ainur")
    page = browser_user.go("/login/")
    page.locator("#id_username").fill("ainur")
    page.locator("#id_password").fill("not-the-password")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".msg-error")).to_be_visible()
    assert page.url.endswith("/login/")


def test_phone_width_keeps_the_menu_usable(browser_user):
    page = browser_user.page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_user.sign_in(make_user("ainur"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # nothing pushes the page wider than the phone
