from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "vahti.reminders"
    label = "reminders"
    verbose_name = "Reminders and calendar"
