from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "duban.search"
    verbose_name = "检索"

    def ready(self) -> None:
        from duban.search.index import keep_triggers

        # A later migration that rebuilds an indexed table on SQLite (Django copies it into a new
        # table) drops the table's triggers with the old one: put them back after every migrate.
        post_migrate.connect(keep_triggers, sender=self, dispatch_uid="duban.search.keep_triggers")
