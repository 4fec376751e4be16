"""User-facing text is Kazakh and Russian, through Django's translation machinery."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from bagalau.orgstructure.models import AbsenceKind, Servant

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY = re.compile(r'^msgid "(.+)"\nmsgstr "(.+)"$', re.MULTILINE)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_compiled_catalogue_matches_its_source(language: str) -> None:
    """Every one-line entry of the .po is what gettext returns: the .mo is not stale."""
    source = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = ENTRY.findall(source)
    assert len(entries) > 50
    with translation.override(language):
        for msgid, msgstr in entries:
            assert translation.gettext(msgid) == msgstr.replace('\\"', '"'), msgid


def test_labels_read_in_kazakh_and_russian() -> None:
    with translation.override("kk"):
        assert AbsenceKind.BUSINESS_TRIP.label == "іс-сапар"
        assert Servant._meta.get_field("iin").verbose_name == "ЖСН"
    with translation.override("ru"):
        assert AbsenceKind.BUSINESS_TRIP.label == "командировка"
        assert Servant._meta.get_field("iin").verbose_name == "ИИН"
