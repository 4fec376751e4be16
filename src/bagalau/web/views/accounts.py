"""Signing in and out, changing one's password, and the language of the pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from bagalau.demo.services import DEMO_CODE
from bagalau.demo.staff import DEMO_PASSWORD, DEMO_USERS
from bagalau.orgstructure.models import Organisation


def demo_logins() -> list[dict[str, Any]]:
    """The demo's logins, listed on the sign-in page only where the demo body exists (two
    queries); a real installation has none to show."""
    if not Organisation.objects.filter(code=DEMO_CODE).exists():
        return []
    usernames = [username for username, _position, _role in DEMO_USERS]
    users = get_user_model().objects.filter(username__in=["admin", *usernames])
    found = {u.username: u for u in users.select_related("servant")}
    rows = []
    for username, _position, role in [("admin", "", _("operator")), *DEMO_USERS]:
        user = found.get(username)
        if user is None:
            continue
        servant = getattr(user, "servant", None)
        rows.append(
            {"username": username, "role": role, "servant": servant.full_name if servant else ""}
        )
    return rows


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = demo_logins()
        context["demo_password"] = DEMO_PASSWORD
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = reverse_lazy("web:password_changed")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "web/password_changed.html"


LogoutView = auth_views.LogoutView
