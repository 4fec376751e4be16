"""The web pages' addresses. Each area's module declares its own `urlpatterns`; this file
only puts them together under the namespace `web`."""

from django.urls import path
from django.views.i18n import set_language

from bagalau.web.views import accounts, home
from bagalau.web.views import commission as commission_pages
from bagalau.web.views import competency as competency_pages
from bagalau.web.views import hr as hr_pages
from bagalau.web.views import kpi as kpi_pages
from bagalau.web.views import outcome as outcome_pages

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.LogoutView.as_view(), name="logout"),
    path("password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", accounts.PasswordChangeDoneView.as_view(), name="password_changed"),
    path("language/", set_language, name="set_language"),
    path("my/", home.my_cases, name="my_cases"),
    path("cases/<int:case_id>/", home.case_detail, name="case"),
    path("documents/<str:kind>/<int:object_id>.<str:fmt>", home.document, name="document"),
    path("calendar/", home.work_calendar, name="calendar"),
    path("calendar/<int:year>/", home.work_calendar, name="calendar_year"),
    *kpi_pages.urlpatterns,
    *competency_pages.urlpatterns,
    *hr_pages.urlpatterns,
    *commission_pages.urlpatterns,
    *outcome_pages.urlpatterns,
]
