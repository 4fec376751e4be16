"""Web pages of this area; see web/urls.py."""

urlpatterns: list = []
