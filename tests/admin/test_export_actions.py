"""Admin actions export the selected items, never more than the user may see."""

import csv
import io

import openpyxl
from django.urls import reverse


def post_action(client, action, pks, select_across=False):
    data = {"action": action, "_selected_action": pks}
    if select_across:
        data.update({"select_across": "1", "index": 0})
    return client.post(reverse("admin:catalog_item_changelist"), data)


def csv_ids(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    id_column = rows[0].index("事项ID")
    return [int(row[id_column]) for row in rows[1:]]


def test_editor_exports_the_selection_as_csv(login, world):
    items = world["items"]
    response = post_action(login("editor"), "export_csv", [items["arxan2"].pk, items["arxan"].pk])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert csv_ids(response) == [items["arxan"].pk, items["arxan2"].pk]  # catalogue order


def test_select_across_never_reaches_another_region(login, world):
    items = world["items"]
    client = login("editor")
    response = post_action(client, "export_csv", [items["arxan"].pk], select_across=True)
    assert sorted(csv_ids(response)) == sorted([items["arxan"].pk, items["arxan2"].pk])
    # An item of 根河市 posted by hand is not in the editor's changelist: the export is empty.
    assert csv_ids(post_action(client, "export_csv", [items["genhe"].pk])) == []


def test_auditor_exports_xlsx_in_the_official_layout(login, world):
    response = post_action(login("auditor"), "export_xlsx", [world["items"]["genhe"].pk])
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames[0] == "说明"
    assert len(workbook.sheetnames) >= 2


def test_a_selection_above_the_direct_limit_is_exported_by_a_job_offered_on_the_admin_job_page(
    login, world, settings, tmp_path
):
    from catalog.models import Job
    from tests.workers import run_queued_jobs

    settings.MEDIA_ROOT, settings.EXPORT_DIRECT_MAX_ROWS = tmp_path, 1
    items = world["items"]
    client = login("editor")
    response = post_action(client, "export_csv", [items["arxan"].pk], select_across=True)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:catalog_job_view", args=[job.pk])
    assert (job.kind, job.state, job.created_by.username) == ("admin_export", Job.State.QUEUED, "editor")
    assert sorted(job.params["ids"]) == sorted([items["arxan"].pk, items["arxan2"].pk])  # 根河 not selected

    run_queued_jobs()
    download = reverse("admin:catalog_job_download", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "已导出 2 项" in page and f'href="{download}"' in page
    got = client.get(download)
    assert got["Content-Type"].startswith("text/csv") and "attachment" in got["Content-Disposition"]
    assert csv_ids(got) == [items["arxan"].pk, items["arxan2"].pk]  # catalogue order, as in the request

    # The selection may hold drafts: only staff who may see the job get the file, never the public.
    assert login("reviewer").get(download).status_code == 404  # same region, not the job's creator
    client.logout()
    assert client.get(download).status_code == 302  # to the admin login
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_a_selection_above_the_export_limit_is_refused_with_a_message(login, world, settings):
    from catalog.models import Job

    settings.EXPORT_DIRECT_MAX_ROWS, settings.EXPORT_MAX_ROWS = 0, 1
    response = post_action(login("editor"), "export_xlsx", [world["items"]["arxan"].pk], select_across=True)
    assert response.status_code == 302 and not Job.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["所选事项过多：共 2 项，单次最多导出 1 项，未导出。"]


def test_a_long_selection_is_refused_while_its_user_has_jobs_max_waiting_per_user_jobs_waiting(
    login, world, settings, tmp_path
):
    """Long admin exports take a worker like uploads do: the same bound per account."""
    from catalog.models import Job

    settings.MEDIA_ROOT, settings.EXPORT_DIRECT_MAX_ROWS, settings.JOBS_MAX_WAITING_PER_USER = tmp_path, 1, 2
    client = login("editor")
    pks = [world["items"]["arxan"].pk]
    for _ in range(2):
        assert post_action(client, "export_csv", pks, select_across=True).status_code == 302
    assert Job.objects.filter(created_by__username="editor", state=Job.State.QUEUED).count() == 2

    refused = post_action(client, "export_xlsx", pks, select_across=True)
    assert refused.status_code == 302 and refused["Location"].endswith(reverse("admin:catalog_item_changelist"))
    assert [str(m) for m in refused.wsgi_request._messages] == ["您已有 2 个任务在排队或运行：请等它们完成后再导出。"]
    assert Job.objects.count() == 2
    # Another account is not held up by the editor's jobs; a short selection still streams.
    assert post_action(login("reviewer"), "export_csv", pks, select_across=True).status_code == 302
    assert Job.objects.count() == 3
    assert post_action(login("editor"), "export_csv", pks).status_code == 200
