"""Which records are QT.CTCL documents, and when their trail is frozen.

The chatter, attachments and followers of these records are evidence
(QT.CTCL, section VII): see mail_message.py, ir_attachment.py and
mail_followers.py for what that protects.
"""

from collections import defaultdict

# The documents whose messages and attachments are records of the procedure.
QTCTCL_DOCUMENTS = frozenset(
    {
        "ctcl.action.request",
        "ctcl.nonconformity",
        "ctcl.management.review",
        "ctcl.quality.plan",
        "ctcl.quality.report",
        "ctcl.quality.objective",
        "ctcl.risk.register",
        "ctcl.management.review.audit",
    }
)
# Records that follow the workflow (closing, editors) of another document.
GOVERNED_BY = {"ctcl.quality.objective": "plan_id"}
# Records kept from another step than the start of their retention: an audit
# round, once an approved review follows it (QT.CTCL 5.8).
CLOSED_BY = {"ctcl.management.review.audit": "followed"}


class _TrailRelease:
    """Only server code holds one (a JSON context value never is one): it lets
    the deletion of a document, already allowed by its own guard, take the
    document's messages and attachments along."""

    __slots__ = ("pairs",)

    def __init__(self, pairs):
        self.pairs = frozenset(pairs)


def ctcl_release_trail(records):
    """``records`` with the right to delete their own trail while they go."""
    previous = records.env.context.get("ctcl_trail_release")
    pairs = {(records._name, res_id) for res_id in records.ids}
    if isinstance(previous, _TrailRelease):
        pairs |= previous.pairs
    return records.with_context(ctcl_trail_release=_TrailRelease(pairs))


def ctcl_trail_released(env, model, res_id):
    release = env.context.get("ctcl_trail_release")
    return isinstance(release, _TrailRelease) and (model, res_id) in release.pairs


# Key of the transaction's data (see ctcl_note_server_work).
_SERVER_WORK = "ctcl_quality.server_work"


def ctcl_note_server_work(env):
    """Note that QT.CTCL server code runs in this transaction.

    Called by every guarded create and write of a ``ctcl.*`` model and by the
    mail paths that write notices (an activity marked done, a notification):
    the notices a workflow posts in its user's name are written in the same
    transaction. The note goes at commit or rollback, and a client cannot set
    it: an RPC call is one transaction, and none of its values reaches it.
    (Kept with the post-commit hooks: those of pre-commit go at every flushing
    savepoint.)
    """
    env.cr.postcommit.data[_SERVER_WORK] = True


def ctcl_server_work(env):
    """Whether QT.CTCL server code ran in this transaction."""
    return env.cr.postcommit.data.get(_SERVER_WORK, False)


def ctcl_trail_documents(env, pairs):
    """Return ``{(model, id): closed}`` for the pairs that are QT.CTCL records
    (gone ones included: not closed)."""
    ids_by_model = defaultdict(set)
    for model, res_id in pairs:
        if model in QTCTCL_DOCUMENTS and res_id:
            ids_by_model[model].add(res_id)
    result = {}
    for model, ids in ids_by_model.items():
        records = env[model].sudo().with_context(active_test=False).browse(ids)
        closed = set(ctcl_closed(records.exists()).ids)
        result.update({(model, res_id): res_id in closed for res_id in ids})
    return result


def ctcl_closed(records):
    """The closed ones of existing QT.CTCL records, from their cache if read.

    A record is closed once its retention started (``retention_until`` set by
    ``_ctcl_start_retention``), or that of the document governing it, or (see
    ``CLOSED_BY``) once it is kept as it was.
    """
    path = CLOSED_BY.get(records._name, "retention_until")
    if records._name in GOVERNED_BY:
        path = f"{GOVERNED_BY[records._name]}.{path}"
    records = records.sudo().with_context(active_test=False)
    return records.filtered_domain([(path, "!=", False)])


def ctcl_trail_editor(env, model, res_id):
    """Whether the current user may edit the record at its current step."""
    record = env[model].sudo(False).browse(res_id).exists()
    if model in GOVERNED_BY:
        record = record.sudo()[GOVERNED_BY[model]].sudo(False)
    return bool(record) and record._ctcl_can_edit_now()
