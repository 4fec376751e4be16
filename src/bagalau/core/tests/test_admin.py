"""The operator's admin site: every page of every registered model opens."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from bagalau.demo.services import demo_setup
from bagalau.orgstructure.models import Position, Servant
from bagalau.orgstructure.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo body with its cycles, set up once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_setup()
        yield
        transaction.set_rollback(True)


def test_system_checks_pass(settings) -> None:
    settings.LANGUAGE_CODE = "kk"  # the tests' own "en" is not one of the product's languages
    call_command("check", fail_level="WARNING")


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_list_and_form_opens(client, demo, model) -> None:
    client.force_login(make_user(is_superuser=True, is_staff=True))
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_an_admin_edit_is_validated_and_audited(client, demo) -> None:
    from bagalau.core.models import AuditEvent

    client.force_login(make_user(is_superuser=True, is_staff=True))
    servant = Servant.objects.filter(appointments__isnull=False).first()
    url = reverse("admin:orgstructure_servant_change", args=[servant.pk])
    response = client.post(
        url,
        {
            "iin": "123",
            "surname": "X",
            "first_name": "Y",
            "appointments-TOTAL_FORMS": "0",
            "appointments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with the error
    servant.refresh_from_db()
    assert servant.iin != "123"
    position = Position.objects.filter(category="E-R-5").first()
    before = AuditEvent.objects.count()
    url = reverse("admin:orgstructure_position_change", args=[position.pk])
    data = {
        "organisation": position.organisation_id,
        "code": position.code,
        "title_kk": position.title_kk,
        "title_ru": "Новое название",
        "subdivision": position.subdivision_id,
        "category": "E-R-4",
        "reports_to": position.reports_to_id,
        "provides_public_services": "on",
    }
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.channel) == ("position.update", "admin")
    assert event.after["title_ru"] == "Новое название"
