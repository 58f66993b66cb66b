from odoo import api, models, tools
from odoo.models import MAGIC_COLUMNS

# Context keys that switch off the audit trail (tracking messages, the "created"
# log, activities and their notices). A client may send them; QT.CTCL records
# are legal evidence, so they are ignored on them.
AUDIT_OFF_KEYS = frozenset(
    {
        "tracking_disable",
        "mail_notrack",
        "mail_create_nolog",
        "mail_activity_automation_skip",
        "mail_activity_quick_update",
        "mail_auto_subscribe_no_notify",
        "mail_track_log_only",
    }
)


class CtclServerFields(models.AbstractModel):
    """Fields only the server sets, on every QT.CTCL model and child record.

    A field is server-set when it is the workflow ``state`` or a stored
    read-only field the model does not compute (signers, dates of steps,
    numbers, links set by the workflow). No client input fills one: neither
    the values of ``create``/``write`` (refused by each model's guard) nor a
    ``default_*`` context key, which is client input too (``create``,
    ``load``, ``copy``, ``Form`` and onchange all read defaults here).
    """

    _name = "ctcl.server.fields"
    _description = "QT.CTCL fields only the server sets"

    @api.model
    @tools.ormcache()
    def _ctcl_server_set_fields(self):
        return frozenset(
            name
            for name, field in self._fields.items()
            if name == "state"
            or (
                field.store
                and field.readonly
                and not field.compute
                and not field.related
                and name not in MAGIC_COLUMNS
            )
        )

    def _ctcl_agency_today(self):
        """Today for the agency (its time zone setting), not for the user: the
        dates of the steps are evidence, printed on the forms."""
        company = self[:1].company_id if "company_id" in self._fields else None
        return (company or self.env.company)._ctcl_today()

    def _ctcl_without_context_defaults(self, fnames):
        """``self`` with the ``default_*`` context keys of ``fnames`` dropped."""
        keys = {f"default_{fname}" for fname in fnames}
        if not keys & set(self.env.context):
            return self
        context = {k: v for k, v in self.env.context.items() if k not in keys}
        return self.with_env(self.env(context=context))

    def _ctcl_audited(self):
        """``self`` with the context keys that switch off the audit trail dropped."""
        if not AUDIT_OFF_KEYS & set(self.env.context):
            return self
        context = {k: v for k, v in self.env.context.items() if k not in AUDIT_OFF_KEYS}
        return self.with_env(self.env(context=context))

    @api.model
    def default_get(self, fields_list):
        model = self._ctcl_without_context_defaults(self._ctcl_server_set_fields())
        return super(CtclServerFields, model).default_get(fields_list)
