"""Security headers and the Content Security Policy on every page type, and templates that obey it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import engines
from django.urls import reverse

PAGE_TYPES = [
    ("home", lambda: reverse("catalog:home"), 200),
    ("admin login", lambda: reverse("admin:login"), 200),
    ("health", lambda: reverse("healthz"), 200),
    ("readiness", lambda: reverse("readyz"), 200),
    ("not found", lambda: "/no-such-page/", 404),
]


def assert_hardened(response):
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no CDN
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,status", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_security_headers_on_every_page_type(client, name, url, status):
    response = client.get(url())
    assert response.status_code == status
    assert_hardened(response)


@pytest.mark.django_db
def test_security_headers_on_admin_pages_when_logged_in(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.gov.cn", "a-long-passphrase-1")
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["catalog:catalogue", "catalog:domain", "catalog:item", "catalog:search"])
def test_security_headers_on_public_catalogue_pages(client, name, published_item):
    item = published_item
    kwargs = {
        "catalog:catalogue": {"slug": item.catalogue.slug},
        "catalog:domain": {"slug": item.domain.slug},
        "catalog:item": {"pk": item.pk},
        "catalog:search": {},
    }[name]
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert_hardened(response)


# Inline <script> blocks, on*= handlers, style= attributes and <style> blocks would all be
# blocked by the CSP: templates must use files under static/ instead.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> block"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def project_templates():
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [Path(settings.BASE_DIR) / app / "templates" for app in ("catalog", "portal")]
    return sorted(p for d in dirs if d.exists() for p in d.rglob("*.html"))


def test_project_templates_have_no_inline_script_or_style():
    offences = []
    for path in project_templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offences.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {what}")
    assert project_templates(), "no templates found"
    assert not offences, "\n".join(offences)


def test_templates_compile():
    engine = engines["django"]
    for path in project_templates():
        engine.from_string(path.read_text(encoding="utf-8"))


def test_a_view_may_set_its_own_policy(rf):
    """A third-party page that cannot do without inline code (e.g. an API documentation viewer)
    sets its own, wider Content-Security-Policy; the middleware keeps it instead of the default."""
    from django.http import HttpResponse

    from portal.middleware import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/api/redoc/"))
    assert response["Content-Security-Policy"] == "default-src 'self'; style-src 'self' 'unsafe-inline'"
    default = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))(rf.get("/"))
    assert "script-src 'self'" in default["Content-Security-Policy"]
