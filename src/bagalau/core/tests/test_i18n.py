"""User-facing text is Kazakh and Russian, through Django's translation machinery."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from bagalau.orgstructure.models import AbsenceKind, Servant

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY = re.compile(r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.+)"$', re.MULTILINE)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_compiled_catalogue_matches_its_source(language: str) -> None:
    """Every one-line entry of the .po is what gettext returns: the .mo is not stale."""
    source = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = ENTRY.findall(source)
    assert len(entries) > 50
    with translation.override(language):
        for context, msgid, msgstr in entries:
            text = msgid.replace('\\"', '"')
            found = translation.pgettext(context, text) if context else translation.gettext(text)
            assert found == msgstr.replace('\\"', '"'), msgid


def test_labels_read_in_kazakh_and_russian() -> None:
    with translation.override("kk"):
        assert AbsenceKind.BUSINESS_TRIP.label == "іс-сапар"
        assert Servant._meta.get_field("iin").verbose_name == "ЖСН"
    with translation.override("ru"):
        assert AbsenceKind.BUSINESS_TRIP.label == "командировка"
        assert Servant._meta.get_field("iin").verbose_name == "ИИН"


@pytest.mark.django_db
def test_api_errors_follow_the_request_language(client) -> None:
    from bagalau.orgstructure.tests.factories import make_user

    client.force_login(make_user(is_superuser=True))
    payload = {"iin": "123", "surname": "Асанов", "first_name": "Ерлан"}
    for language, expected in [
        ("ru", "ИИН должен состоять ровно из 12 цифр"),
        ("kk", "ЖСН дәл 12 цифрдан тұруы тиіс"),
    ]:
        response = client.post(
            "/api/v1/servants",
            payload,
            content_type="application/json",
            headers={"accept-language": language},
        )
        assert response.status_code == 422
        assert expected in response.json()["errors"]["iin"][0], response.json()


def test_import_errors_read_in_kazakh_and_russian() -> None:
    from bagalau.orgstructure.staff_import import RowError

    error = RowError(3, "iin", "x")
    with translation.override("kk"):
        assert str(error).startswith("жол 3, iin")
    with translation.override("ru"):
        assert str(error).startswith("строка 3, iin")
