from django.shortcuts import get_object_or_404, render

from catalog.models import Item

from catalog.site.calculator import calculator_context


def calculator(request, pk):
    """The due-date calculator of one published item; a GET form, so it works without JavaScript."""
    item = get_object_or_404(Item.objects.published().select_related("catalogue", "domain"), pk=pk)
    context = calculator_context(item, request.GET)
    if request.GET.get("partial") == "1":
        return render(request, "catalog/_calculator.html", context)
    return render(request, "catalog/calculator.html", context)
