from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web interface: server-rendered pages for every role, in Kazakh and Russian."""

    name = "bagalau.web"
    label = "web"
