"""Template context for every page: elder mode and the page's Atom feeds."""

from urllib.parse import urlencode

from django.urls import reverse

from catalog.site.elder import is_elder
from catalog.site.feeds import feed_links


def citizen(request):
    elder = is_elder(request)
    switch = reverse("citizen:elder") + "?" + urlencode({"on": "0" if elder else "1", "next": request.get_full_path()})
    return {"elder_mode": elder, "elder_switch_url": switch, "feed_links": feed_links(request)}
