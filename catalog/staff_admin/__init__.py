"""The staff admin, in Chinese, one module a concern: items and the review queue, history,
publishing (items.py); catalogues, vocabularies, merging and import runs (vocabulary.py);
uploads (upload.py, run as background jobs); 后台任务 and the job page (jobs.py); long exports of a selection (export_jobs.py); layout profiles saved from
uploads (profiles.py); staff scopes (staff.py); holiday years and saved lateness checks
(calendar.py); search synonyms (synonyms.py); 参照目录 and regions' default references
(references.py). CatalogConfig.ready() imports this package,
which registers every ModelAdmin."""

from catalog.staff_admin import calendar, items, jobs, profiles, references, staff, synonyms, vocabulary  # noqa: F401  (registers the ModelAdmins)
