"""What the calculator partial (templates/catalog/_calculator.html) needs, for any page that includes it."""
from django.urls import reverse

from catalog.deadlines.due import due_date
from catalog.audit.forms import DeadlineCalculatorForm
from catalog.deadlines.store import load_calendar


def calculator_context(item, data=None) -> dict:
    """Context for the calculator partial. `data` is request.GET; an empty GET shows just the form.

    On the item page:  context.update(calculator_context(item, request.GET))
    """
    has_input = bool(data) and "formed" in data
    form = DeadlineCalculatorForm(data if has_input else None)
    result = None
    if has_input and form.is_valid():
        result = due_date(item, form.cleaned_data["formed"], load_calendar())
    return {
        "deadline_item": item,
        "deadline_form": form,
        "deadline_result": result,
        "deadline_url": reverse("deadlines:calculator", kwargs={"pk": item.pk}),
    }
