"""Settings shared by every test."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    # Factories give every user a password; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
