"""The item page carries the due-date calculator; it answers on the page itself, without JavaScript."""

from catalog.models import Item


def test_item_page_offers_the_calculator_form(client, world):
    html = client.get(world.a1.get_absolute_url()).content.decode()
    assert 'id="deadline-calculator"' in html
    assert 'name="formed"' in html
    assert "截止日期" not in html.split('id="deadline-calculator"')[1].split("</form>")[1]  # no result yet


def test_item_page_computes_the_due_date_from_the_query_string(client, world):
    item = world.a1
    Item.objects.filter(pk=item.pk).update(
        deadline_text="信息形成或者变更之日起20个工作日内",
        deadline_kind=Item.DeadlineKind.WORKING_DAYS,
        deadline_days=20,
    )
    # National Day 2025: the 20th working day after Saturday 2025-10-04 is Tuesday 2025-11-04.
    html = client.get(item.get_absolute_url(), {"formed": "2025-10-04"}).content.decode()
    assert 'datetime="2025-11-04"' in html


def test_a_bad_date_gives_a_message_not_an_error(client, world):
    response = client.get(world.a1.get_absolute_url(), {"formed": "2025-13-40"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_search_form_offers_the_deadline_kind_filter(client, world):
    html = client.get("/search/", {"deadline_kind": "immediate"}).content.decode()
    assert 'name="deadline_kind"' in html
    assert '<option value="immediate" selected>' in html
