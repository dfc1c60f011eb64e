"""Bytes on the wire of the five largest public pages, uncompressed and gzipped.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/citizen .venv/bin/python bench/compression_bench.py [--top 5]

Runs the portal in production mode (bench.settings: DEBUG off) through Django's test client
on the loaded seed catalogues (`make seed`): renders every catalogue, catalogue-domain table,
domain, region and index page plus the API list and the Atom feed, picks the TOP largest
uncompressed bodies, and prints their size without Accept-Encoding (what was sent before
compression) and with `Accept-Encoding: gzip` (portal.middleware.CompressTextMiddleware).
"""

import argparse
import gzip
import os
import sys
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent


def candidate_urls() -> list[str]:
    from django.urls import reverse

    from catalog.models import Catalogue, Domain, Region, Section

    urls = [
        reverse("catalog:home"),
        reverse("catalog:legal_basis_index"),
        reverse("catalog:publisher_index"),
        reverse("citizen:statistics"),
        reverse("catalog:search") + "?q=%E7%94%B3%E8%AF%B7",  # 申请
        reverse("api:item-list"),
        reverse("citizen:feed"),
    ]
    urls += [reverse("catalog:catalogue", args=[c.slug]) for c in Catalogue.objects.all()]
    urls += [
        reverse("catalog:catalogue_domain", args=[s.catalogue.slug, s.domain.slug])
        for s in Section.objects.select_related("catalogue", "domain")
    ]
    urls += [reverse("catalog:domain", args=[d.slug]) for d in Domain.objects.all()]
    urls += [reverse("catalog:region", args=[r.code]) for r in Region.objects.all()]
    return list(dict.fromkeys(urls))


def body(response) -> bytes:
    if response.streaming:
        data = b"".join(response.streaming_content)
        response.close()
        return data
    return response.content


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    sizes = []
    for url in candidate_urls():
        response = client.get(url)
        if response.status_code == 200:
            sizes.append((len(body(response)), url))
    sizes.sort(reverse=True)
    print(f"{len(sizes)} pages rendered; the {args.top} largest:")
    print(f"{'page':60} {'before':>10} {'gzip':>10} {'ratio':>7}")
    total_before = total_after = 0
    for size, url in sizes[: args.top]:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        packed = body(response)
        assert response["Content-Encoding"] == "gzip", url
        assert len(gzip.decompress(packed)) == size, url
        total_before += size
        total_after += len(packed)
        print(f"{unquote(url):60} {size:>10,} {len(packed):>10,} {len(packed) / size:>7.1%}")
    print(f"{'total':60} {total_before:>10,} {total_after:>10,} {total_after / total_before:>7.1%}")


if __name__ == "__main__":
    main()
