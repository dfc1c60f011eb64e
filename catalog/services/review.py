"""Reviewed edits: an 编辑's change to a published item waits for a 审核 user.

The admin saves the editor's form as usual inside a transaction, reads the item's state
(`history.state_of`), rolls the transaction back and hands the state to `submit_edit`:
the public keeps the published item. `approve` writes the proposed state (the same way a
restore does, `apply_state`); `reject` closes the proposal. Each step is a revision in the
item's history, so the history shows who proposed what and who approved it.
"""

import reversion
from django.db import transaction
from django.utils import timezone

from catalog.models import Item, PendingRevision
from catalog.search.text import refresh_search_text
from catalog.services import ServiceError, apply_state, history


def needs_review(item: Item, user) -> bool:
    """Whether `user`'s change to `item` waits for review: a published item edited by
    someone who may not publish (an 编辑). A reviewer's own edit publishes directly."""
    return item.status == Item.Status.PUBLISHED and not user.has_perm("catalog.publish_item")


def proposed_changes(current: tuple[dict, dict], proposed: tuple[dict, dict]) -> tuple[dict, dict]:
    """(changed content fields, related rows) between two `state_of` results; ({}, {}) when
    nothing a restore would write differs."""
    (old, old_related), (new, new_related) = current, proposed
    fields = {
        name: value
        for name, value in new.items()
        if name not in history.NOT_RESTORED and name != "search_text" and old.get(name) != value
    }
    strip = lambda rows: [{k: v for k, v in row.items() if k != "id"} for row in rows]  # noqa: E731
    related_changed = any(strip(old_related[model]) != strip(new_related[model]) for model in new_related)
    if not fields and not related_changed:
        return {}, {}
    fields["levels"] = new["levels"]
    return fields, history.related_by_label(new_related)


@transaction.atomic
def submit_edit(*, item: Item, fields: dict, related: dict, by, comment: str = "") -> PendingRevision:
    """Record an editor's proposed change; the item itself does not change."""
    pending = PendingRevision.objects.create(
        item=item, fields=fields, related=related, comment=comment[:500], submitted_by=by, submitted_at=timezone.now()
    )
    with history.revision(by=by, comment=f"提交修改待审核（#{pending.pk}）" + (f"：{comment}" if comment else "")):
        reversion.add_to_revision(Item.objects.get(pk=item.pk))
    return pending


def diff(pending: PendingRevision) -> list[history.Change]:
    """What approving `pending` changes, field by field, against the item as it is now."""
    data, related = history.state_of(pending.item)
    proposed = {**data, **pending.fields}
    new_related = {**related, **history.related_by_model(pending.related)}
    return history.diff(history.snapshot_of(data, related), history.snapshot_of(proposed, new_related))


@transaction.atomic
def approve(*, pending: PendingRevision, by) -> list[str]:
    """Publish the proposed change (a reviewer's decision); returns restore-style warnings."""
    pending = PendingRevision.objects.select_for_update().get(pk=pending.pk)
    if pending.state != PendingRevision.State.PENDING:
        raise ServiceError("这项修改已经审核过了。")
    item = Item.objects.select_for_update().get(pk=pending.item_id)
    history.ensure_baseline([item])
    submitter = pending.submitted_by.get_username() if pending.submitted_by else "（已删除的用户）"
    comment = f"审核通过 #{pending.pk}（提交人 {submitter}）" + (f"：{pending.comment}" if pending.comment else "")
    with history.revision(by=by, comment=comment):
        warnings = apply_state(item, pending.fields, history.related_by_model(pending.related))
        reversion.add_to_revision(item)
    pending.state, pending.decided_by, pending.decided_at = PendingRevision.State.APPROVED, by, timezone.now()
    pending.save(update_fields=["state", "decided_by", "decided_at"])
    refresh_search_text([item.pk])
    return warnings


@transaction.atomic
def reject(*, pending: PendingRevision, by, reason: str = "") -> None:
    pending = PendingRevision.objects.select_for_update().get(pk=pending.pk)
    if pending.state != PendingRevision.State.PENDING:
        raise ServiceError("这项修改已经审核过了。")
    with history.revision(by=by, comment=f"退回修改 #{pending.pk}" + (f"：{reason}" if reason else "")):
        reversion.add_to_revision(Item.objects.get(pk=pending.item_id))
    pending.state, pending.decided_by, pending.decided_at = PendingRevision.State.REJECTED, by, timezone.now()
    pending.save(update_fields=["state", "decided_by", "decided_at"])
