"""What the page frame needs on every page: the signed-in person and the menu of what they
may open, by the roles they hold today (a fixed handful of queries, read only when a page
draws the menu)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from bagalau.commission.models import CommissionSeat
from bagalau.commission.selectors import authorized_bodies
from bagalau.orgstructure.access import hr_body_ids, is_operator, subordinate_position_ids
from bagalau.orgstructure.models import Servant


@dataclass
class Menu:
    """Which parts of the interface a user has: each flag opens one menu entry."""

    user: Any

    @cached_property
    def servant(self) -> Servant | None:
        return Servant.objects.filter(user=self.user).first()

    @cached_property
    def operator(self) -> bool:
        return is_operator(self.user)

    @cached_property
    def hr(self) -> bool:
        return self.operator or bool(hr_body_ids(self.user, timezone.localdate()))

    @cached_property
    def supervisor(self) -> bool:
        return bool(subordinate_position_ids(self.user, timezone.localdate()))

    @cached_property
    def authorized(self) -> bool:
        return self.operator or bool(authorized_bodies(self.user, timezone.localdate()))

    @cached_property
    def commission(self) -> bool:
        seated = (
            self.servant is not None
            and CommissionSeat.objects.filter(servant=self.servant).exists()
        )
        return seated or self.hr or self.authorized


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = getattr(user, "is_authenticated", False)
    return {
        "menu": SimpleLazyObject(lambda: Menu(user)) if signed_in else None,
        "languages": settings.LANGUAGES,
    }
