"""Settings shared by every test."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    # Factories give every user a password; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_http(settings) -> None:
    # The test client and the browser tests' live server speak plain HTTP; production's
    # HTTPS settings are checked by web/tests/test_deploy.py.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _messages_in_the_source_language(settings):
    """Tests read messages as written in the code (English); test_i18n checks kk and ru."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
