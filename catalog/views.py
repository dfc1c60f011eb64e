from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render

from .models import Catalogue, Item


def home(request):
    catalogues = (
        Catalogue.objects.select_related("region")
        .annotate(item_count=Count("items", filter=Q(items__status=Item.Status.PUBLISHED)))
        .order_by("position", "title")
    )
    return render(request, "catalog/home.html", {"catalogues": catalogues})


def placeholder(request, **kwargs):
    raise Http404("页面尚未开放")
