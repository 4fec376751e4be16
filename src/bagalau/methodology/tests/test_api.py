"""The methodology API: versions with merged parameters, the version in force."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from bagalau.core.tokens import api_token_create
from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.services import methodology_load_shipped
from bagalau.orgstructure.tests.factories import (
    make_methodology,
    make_organisation,
    make_staffed_body,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ("operator", "servant", "other_body", "anon")


@pytest.fixture
def w(db) -> SimpleNamespace:
    """A body whose methodology (2020) was amended in 2023, and a second body."""
    body, other = make_staffed_body(), make_staffed_body()
    base = MethodologyVersion.objects.get(organisation=body["org"])
    amendment = make_methodology(
        body["org"],
        kind="amendment",
        parent=base,
        act_date=dt.date(2022, 12, 20),
        effective_from=dt.date(2023, 1, 1),
        parameters={
            "kpi_count": 4,
            "kpi_rating_scale": [[4, "excellent"], [3, "effective"]],
            "deadlines_working_days": {"appeal": 5},
        },
    )
    operator = make_user(is_superuser=True)
    return SimpleNamespace(
        org=body["org"],
        base=base,
        amendment=amendment,
        other=other["org"],
        users={
            "operator": operator,
            "servant": body["spec1"].user,
            "other_body": other["spec1"].user,
            "anon": None,
        },
        operator_key=api_token_create(user=operator)[1],
    )


def get(client, w, role: str, path: str):
    """GET /api/v1/methodology… as `role`: the operator by token, the others by session."""
    client.logout()
    headers = {}
    if role == "operator":
        headers["Authorization"] = f"Bearer {w.operator_key}"
    elif w.users[role] is not None:
        client.force_login(w.users[role])
    return client.get(f"/api/v1/methodology{path}", headers=headers)


PATHS = [
    lambda w: "/versions",
    lambda w: f"/versions/{w.amendment.code}",
    lambda w: f"/in-force?org={w.org.code}",
    lambda w: f"/in-force?org={w.other.code}&date=2021-03-01",  # another body's acts are public
]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("operator", 200),
        ("servant", 200),
        ("other_body", 200),
        ("anon", 401),
    ],
)
@pytest.mark.parametrize("path", PATHS, ids=["list", "detail", "in-force", "in-force other"])
def test_any_authenticated_user_reads_the_methodology(client, w, role, status, path):
    response = get(client, w, role, path(w))
    assert response.status_code == status, response.content


def test_list_gives_each_version_with_its_merged_parameters(client, w):
    versions = {v["code"]: v for v in get(client, w, "servant", "/versions").json()}
    amendment = versions[w.amendment.code]
    assert amendment["organisation"] == w.org.code
    assert (amendment["kind"], amendment["parent"]) == ("amendment", w.base.code)
    assert (amendment["act_date"], amendment["effective_from"]) == ("2022-12-20", "2023-01-01")
    assert amendment["effective_to"] is None
    assert amendment["own_parameters"] == {
        "kpi_count": 4,
        "kpi_rating_scale": [[4, "excellent"], [3, "effective"]],
        "deadlines_working_days": {"appeal": 5},
    }
    merged = amendment["parameters"]
    assert merged["kpi_count"] == 4  # the amendment's
    assert merged["deadlines_working_days"]["appeal"] == 5  # one deadline changed ...
    assert merged["deadlines_working_days"]["work_plan"] == 10  # ... the others kept
    assert merged["commission_quorum"] == "2/3"  # from the base act
    assert versions[w.base.code]["parameters"]["kpi_count"] == 5


def test_list_filters_by_body(client, w):
    response = get(client, w, "servant", f"/versions?org={w.org.code}")
    assert [v["code"] for v in response.json()] == [w.base.code, w.amendment.code]


def test_detail_matches_the_list_entry(client, w):
    listed = {v["code"]: v for v in get(client, w, "servant", "/versions").json()}
    detail = get(client, w, "servant", f"/versions/{w.amendment.code}").json()
    assert detail == listed[w.amendment.code]


def test_an_unknown_version_is_404(client, w):
    response = get(client, w, "servant", "/versions/no-such-act")
    assert response.status_code == 404
    assert response.json()["detail"] == "no methodology version with the code 'no-such-act'"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2021-06-30", "base"),
        ("2022-12-31", "base"),
        ("2023-01-01", "amendment"),
        (None, "amendment"),  # today
    ],
)
def test_in_force_is_the_newest_version_covering_the_date(client, w, date, expected):
    query = f"/in-force?org={w.org.code}" + (f"&date={date}" if date else "")
    response = get(client, w, "servant", query)
    assert response.json()["code"] == getattr(w, expected).code


def test_in_force_before_any_version_or_for_an_unknown_body_is_404(client, w):
    response = get(client, w, "servant", f"/in-force?org={w.org.code}&date=2019-12-31")
    assert response.status_code == 404
    assert response.json()["detail"] == (
        f"no methodology version of {w.org.code} is in force on 2019-12-31"
    )
    response = get(client, w, "servant", "/in-force?org=nowhere")
    assert response.status_code == 404
    assert response.json()["detail"] == "no state body with the code 'nowhere'"


def test_in_force_input_errors_are_422_per_field(client, w):
    response = get(client, w, "servant", "/in-force?date=2023-02-30")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"org", "date"}


def _grow(n: int) -> None:
    """Versions in chains of three: a base act, its amendment, and an amendment of that."""
    for _ in range(n):
        last = MethodologyVersion.objects.order_by("-pk").first()
        if last.kind == "amendment" and last.parent.kind == "amendment":
            make_methodology(make_organisation())
        else:
            make_methodology(
                last.organisation,
                kind="amendment",
                parent=last,
                effective_from=dt.date(2024, 1, 1),
                parameters={"kpi_count": 4},
            )


def test_list_queries_do_not_grow(client, django_assert_num_queries):
    # given a logged-in user and 3, then 30 versions (chains of up to three acts)
    client.force_login(make_user())
    make_methodology(None)
    for total in (3, 30):
        _grow(total - MethodologyVersion.objects.count())
        # session (2), the versions with bodies and parents (1), every chain's parameters (1)
        with django_assert_num_queries(4):
            response = client.get("/api/v1/methodology/versions")
        assert len(response.json()) == total
    assert {v["parameters"]["kpi_count"] for v in response.json()} == {4, 5}


def test_openapi_document_lists_the_methodology_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/methodology/versions",
        "/api/v1/methodology/versions/{code}",
        "/api/v1/methodology/in-force",
    } <= set(paths)


def test_kazakh_letters_are_sent_as_themselves(client) -> None:
    methodology_load_shipped()
    client.force_login(make_user(is_superuser=True))
    response = client.get("/api/v1/methodology/versions/nchr-1")
    assert response.status_code == 200
    assert "Адам құқықтары" in response.content.decode("utf-8")
