"""URLs of the citizen features: statistics, Atom feeds, the elder-mode switch."""
from django.urls import path

from . import stats

app_name = "citizen"

urlpatterns = [
    path("statistics/", stats.statistics, name="statistics"),
]
