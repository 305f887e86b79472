from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vahti.demo"
    label = "demo"
    verbose_name = "Demo data"
