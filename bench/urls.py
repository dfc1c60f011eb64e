"""The portal's URLs plus /bench/bare/, a view returning a fixed string (the ceiling)."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("portal.urls"))]
