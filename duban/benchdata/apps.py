from django.apps import AppConfig


class BenchdataConfig(AppConfig):
    name = "duban.benchdata"
    verbose_name = "基准数据"
