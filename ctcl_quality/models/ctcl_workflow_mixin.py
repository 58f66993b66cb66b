from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# Only server code holds this object. A context value sent over RPC is JSON, so
# it can never *be* this object: state changes cannot be forged by a client.
_TRANSITION_TOKEN = object()


def ctcl_workflow_acts(env):
    """Whether an action method of the workflow (holding the token) acts."""
    return env.context.get("ctcl_token") is _TRANSITION_TOKEN


def ctcl_text_argument(env, value):
    """A text a client passes to a step (a reason, remarks, evidence): a string
    or nothing, refused otherwise with a message rather than a traceback."""
    if value is None or value is False:
        return ""
    if not isinstance(value, str):
        raise UserError(env._("This step takes a text, not %(value)r.", value=value))
    return value


def ctcl_ids_argument(env, value):
    """The record ids a client passes to a step (its files): a list of ids."""
    if not value:
        return []
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in value
    ):
        raise UserError(
            env._("This step takes a list of records, not %(value)r.", value=value)
        )
    return list(value)


def ctcl_refuse_computed(records, fnames):
    """Refuse a raw write of a stored field the server computes (status, rates,
    deadlines, names, fields copied from the plan): only its computation sets it.
    """
    env = records.env
    if env.su or env.context.get("ctcl_token") is _TRANSITION_TOKEN:
        return
    computed = [
        field
        for field in map(records._fields.get, fnames)
        if field
        and field.store
        and field.compute
        and field.readonly
        and not field.inverse
    ]
    if computed:
        raise UserError(
            env._(
                "%(fields)s cannot be written: the system computes it.",
                fields=", ".join(
                    sorted(
                        f"“{field.get_description(env)['string']}”"
                        for field in computed
                    )
                ),
            )
        )


class CtclWorkflowMixin(models.AbstractModel):
    """Guarded workflow shared by the QT.CTCL documents.

    - a field changes by a raw ``write`` only where ``_ctcl_field_rules``
      opens it (and ``active`` for the ISO secretary); ``state``, every
      server-set field (see ``ctcl.server.fields``) and any field no rule
      names — logs, links the workflow makes, a field added tomorrow — change
      only through the model's ``action_*`` methods; no ``default_*`` context
      key fills a field the client may not set;
    - the context keys that switch off tracking or activities are ignored;
    - other fields are editable only in the states and by the roles given by
      ``_ctcl_field_rules``;
    - ``activity_update`` keeps exactly one activity per owner of the next step;
    - records under retention cannot be deleted.
    """

    _name = "ctcl.workflow.mixin"
    _inherit = ["ctcl.server.fields"]
    _description = "QT.CTCL guarded workflow"

    # States that close the document: reaching one starts its retention.
    _ctcl_closed_states = ()
    # Activity types (xml ids) that activity_update() manages.
    _ctcl_activity_types = ()
    # Fields whose edit can change who owns the current step, or its deadline.
    _ctcl_activity_fields = frozenset()
    # The form's buttons, ``{can_* field: (states, checker method)}``: a button
    # shows when the record is in one of the states and the checker its action
    # calls lets the user through. ``_ctcl_button_depends``: the fields the
    # checkers read.
    _ctcl_buttons = {}
    _ctcl_button_depends = ()

    close_date = fields.Date(readonly=True, copy=False)
    retention_until = fields.Date(
        string="Keep until",
        readonly=True,
        copy=False,
        help="The record is kept for the retention period from its closing "
        "date (QT.CTCL, section VII); it cannot be deleted before this date.",
    )

    # ------------------------------------------------------------------
    # Guarded writes
    # ------------------------------------------------------------------
    def _ctcl_in_transition(self):
        return self.env.su or ctcl_workflow_acts(self.env)

    def _ctcl_transition_write(self, vals):
        """Write ``vals`` on behalf of an action method that made its checks."""
        return self.with_context(ctcl_token=_TRANSITION_TOKEN).write(vals)

    def _ctcl_field_rules(self):
        """``{can_edit_* flag: (field names, {state: checker method})}``: who
        edits which fields in which state. The flag (a field of the document)
        tells its form which fields are open to the user now."""
        return {}

    @api.model
    @tools.ormcache()
    def _ctcl_mail_fields(self):
        """Fields of the mail mixins (followers, activities, messages): their
        own models guard them (see mail_*.py). The main attachment is the
        record's own field (Odoo sets it as superuser after a post): locked."""
        return frozenset(
            fname
            for parent in self._inherit_module
            if parent.startswith("mail.")
            for fname in self.env[parent]._fields
        ) - {"message_main_attachment_id"}

    def _ctcl_locked_fields(self):
        """Fields only action methods may write: all but those a field rule
        opens, the archiving flag and the mail mixins' fields."""
        rules = self._ctcl_field_rules().values()
        ruled = set().union(*(fnames for fnames, _checkers in rules))
        return (
            frozenset(self._fields) - ruled - {"active"} - self._ctcl_mail_fields()
        ) | self._ctcl_server_set_fields()

    def _ctcl_refuse_locked(self, fnames):
        ctcl_refuse_computed(self, fnames)
        locked = fnames & self._ctcl_locked_fields()
        if locked:
            raise UserError(
                self.env._(
                    "%(fields)s can only be set by the workflow buttons.",
                    fields=self._ctcl_field_labels(locked),
                )
            )

    def _ctcl_check_field_edit(self, fnames):
        self._ctcl_refuse_locked(fnames)
        states = dict(self._fields["state"].selection)
        archiving = ({"active"}, dict.fromkeys(states, "_check_can_archive"))
        for rule_fields, checkers in [*self._ctcl_field_rules().values(), archiving]:
            touched = fnames & rule_fields
            if not touched:
                continue
            for rec in self:
                if rec.state not in checkers:
                    raise UserError(
                        self.env._(
                            "%(fields)s cannot be changed on %(record)s in the "
                            "state “%(state)s”.",
                            fields=rec._ctcl_field_labels(touched),
                            record=rec.display_name,
                            state=rec._ctcl_state_label(),
                        )
                    )
                getattr(rec, checkers[rec.state])()

    def _ctcl_field_labels(self, fnames):
        return ", ".join(
            sorted(
                f"“{self._fields[f].get_description(self.env)['string']}”"
                for f in fnames
            )
        )

    def _ctcl_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    @api.model_create_multi
    def create(self, vals_list):
        model = self._ctcl_audited()
        if not self._ctcl_in_transition():
            for vals in vals_list:
                # New documents always start at the first state.
                vals.pop("state", None)
                self.browse()._ctcl_check_create_fields(self._ctcl_given(vals))
            model = model._ctcl_without_context_defaults(
                model._ctcl_create_refused_defaults()
            )
        records = super(CtclWorkflowMixin, model.with_context(ctcl_token=None)).create(
            vals_list
        )
        if not self._ctcl_in_transition():
            # Filing a record archived would hide it from its unit.
            for rec in records.filtered(lambda r: not r.active):
                rec._check_can_archive()
        return records

    def _ctcl_given(self, vals):
        """The fields ``vals`` set: a form sends its empty lists too."""

        def empty(fname, value):
            field = self._fields.get(fname)
            return (
                field is not None
                and field.type in ("one2many", "many2many")
                and isinstance(value, (list, tuple))
                and all(
                    isinstance(command, (list, tuple))
                    and tuple(command) in ((5,), (5, 0, 0), (6, 0, []))
                    for command in value
                )
            )

        return {fname for fname, value in vals.items() if not empty(fname, value)}

    def _ctcl_check_create_fields(self, fnames):
        self._ctcl_refuse_locked(fnames)
        # A new record is in its first state: what only later steps open is
        # not filled in at its creation.
        first = self._fields["state"].selection[0][0]
        later = fnames & {
            fname
            for rule_fields, checkers in self._ctcl_field_rules().values()
            if first not in checkers
            for fname in rule_fields
        }
        if later:
            raise UserError(
                self.env._(
                    "%(fields)s are filled in at a later step of %(document)s.",
                    fields=self._ctcl_field_labels(later),
                    document=self.env["ir.model"]._get(self._name).name,
                )
            )

    def _ctcl_create_refused_defaults(self):
        """Fields of ``default_*`` context keys that a create would refuse as values."""
        refused = set()
        for key in self.env.context:
            fname = key.removeprefix("default_")
            if key.startswith("default_") and fname in self._fields:
                try:
                    self.browse()._ctcl_check_create_fields({fname})
                except UserError:
                    refused.add(fname)
        return refused

    def write(self, vals):
        records = self._ctcl_audited()
        in_transition = records._ctcl_in_transition()
        if not in_transition:
            records._ctcl_check_field_edit(set(vals))
        result = super(CtclWorkflowMixin, records.with_context(ctcl_token=None)).write(
            vals
        )
        if not in_transition and set(vals) & records._ctcl_activity_fields:
            # The owner or deadline of the current step changed with the edit:
            # the workflow hands it over (as superuser: the editor may just
            # have handed the record to a unit he does not head).
            records.sudo()._ctcl_subscribe_participants()
            records.sudo().activity_update()
        return result

    def _ctcl_expand_states(self, states, domain):
        """Kanban columns: every state, but the drafts only when there are any
        (a phone opens the kanban on its first column)."""
        return [
            state
            for state, _label in self._fields["state"].selection
            if state != "draft" or state in states
        ]

    def _ctcl_check_state(self, *states):
        for rec in self:
            if rec.state not in states:
                allowed = dict(rec._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(record)s is “%(state)s”; this step needs the state "
                        "%(expected)s.",
                        record=rec.display_name,
                        state=rec._ctcl_state_label(),
                        expected=" / ".join(f"“{allowed[s]}”" for s in states),
                    )
                )

    def _ctcl_form_action(self):
        """The window action opening the record's form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def _ctcl_deny(self, message):
        raise AccessError(message)

    def _ctcl_passes(self, checker):
        """Whether ``checker`` lets the current user through (for can_* fields)."""
        try:
            getattr(self, checker)()
        except (UserError, AccessError):
            return False
        return True

    def _ctcl_button_applies(self, button):
        """Whether ``button`` applies to the record, besides state and role."""
        return True

    @api.depends_context("uid")
    @api.depends(lambda self: ("state", *self._ctcl_button_depends))
    def _compute_can(self):
        for rec in self:
            for button, (states, checker) in rec._ctcl_buttons.items():
                states = (states,) if isinstance(states, str) else states
                rec[button] = (
                    rec.state in states
                    and rec._ctcl_button_applies(button)
                    and rec._ctcl_passes(checker)
                )

    @api.depends_context("uid")
    @api.depends(lambda self: ("state", *self._ctcl_button_depends))
    def _compute_can_edit(self):
        for rec in self:
            for flag, (_fnames, checkers) in rec._ctcl_field_rules().items():
                checker = checkers.get(rec.state)
                rec[flag] = bool(checker) and rec._ctcl_passes(checker)

    def _ctcl_can_edit_now(self):
        """Whether the current user may edit some field at the current step."""
        self.ensure_one()
        state = self.sudo().state
        return any(
            self._ctcl_passes(checkers[state])
            for _fnames, checkers in self._ctcl_field_rules().values()
            if state in checkers
        )

    def _ctcl_filer(self, vals, fname):
        """Who files the record when ``vals`` set the person field ``fname``
        (requester, finder): the users themselves only, except the ISO
        secretary filing on someone's behalf, whose name the record then
        keeps. On records (a write), whoever else may edit them cannot put
        their own name in another's place: the box is the filer's testimony.
        Returns the secretary's id, or False."""
        person = vals.get(fname)
        person_id = person.id if isinstance(person, models.BaseModel) else person
        if self._ctcl_has_role("group_ctcl_iso_secretary"):
            return self.env.uid if person_id and person_id != self.env.uid else False
        late = self.filtered(
            lambda rec: person_id and not rec[fname] and rec.state != "draft"
        )
        if late:
            raise AccessError(
                self.env._(
                    "“%(field)s” of %(record)s is written when it is filed; only "
                    "the ISO secretary can add it afterwards.",
                    field=self._fields[fname].get_description(self.env)["string"],
                    record=late[0].display_name,
                )
            )
        taken = self.filtered(lambda rec: rec[fname] and rec[fname].id != person_id)
        if taken:
            raise AccessError(
                self.env._(
                    "“%(field)s” of %(record)s is %(person)s; only the ISO "
                    "secretary can put another name there.",
                    field=self._fields[fname].get_description(self.env)["string"],
                    record=taken[0].display_name,
                    person=taken[0][fname].name,
                )
            )
        if not person_id or person_id == self.env.uid:
            return False
        raise AccessError(
            self.env._(
                "“%(field)s” can only be yourself; the ISO secretary files records "
                "on behalf of others.",
                field=self._fields[fname].get_description(self.env)["string"],
            )
        )

    def _ctcl_check_own_unit(self, vals, fname):
        """Staff and unit heads file records for their own unit (a head: the
        unit tree they head) when ``vals`` set the unit field ``fname``; the
        ISO secretary, internal auditors, the ISO board and the leadership for
        any unit."""
        unit = vals.get(fname)
        unit_id = unit.id if isinstance(unit, models.BaseModel) else unit
        if not unit_id or self._ctcl_has_role(
            "group_ctcl_iso_secretary",
            "group_ctcl_auditor",
            "group_ctcl_iso_member",
            "group_ctcl_leadership",
            "group_ctcl_manager",
        ):
            return
        user = self.env.user
        department = self.env["hr.department"].sudo().browse(unit_id)
        if department in user.ctcl_department_ids or user._ctcl_heads(department):
            return
        raise AccessError(
            self.env._(
                "“%(field)s” can only be your own unit, not %(unit)s: the ISO "
                "secretary, internal auditors, the ISO board and the leadership "
                "file records for any unit.",
                field=self._fields[fname].get_description(self.env)["string"],
                unit=department.display_name,
            )
        )

    def _check_can_archive(self):
        if not self._ctcl_has_role("group_ctcl_iso_secretary", "group_ctcl_manager"):
            self._ctcl_deny(
                self.env._(
                    "Only the ISO secretary or a Quality administrator can archive "
                    "%(record)s.",
                    record=self.display_name,
                )
            )

    def _ctcl_require(self, fnames):
        for rec in self:
            missing = [f for f in fnames if not rec[f]]
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s on %(record)s first.",
                        fields=rec._ctcl_field_labels(set(missing)),
                        record=rec.display_name,
                    )
                )

    def _ctcl_lock(self):
        """Lock the rows for the step. Of two users doing it at once, the second
        waits, then fails to serialize and Odoo replays its call, which now
        finds the step done and says so."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                )
            )

    def _ctcl_step(self, states, checker, required=()):
        """Check the state, role and content a step needs on every record."""
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in self._ids):
            raise UserError(
                self.env._(
                    "A step takes a list of records, not %(value)r.", value=self._ids
                )
            )
        if len(set(self.ids)) != len(self):
            # A record named twice would take the step twice (two sign-offs).
            raise UserError(
                self.env._("A step takes each record once: one is named twice.")
            )
        self._ctcl_lock()
        self._ctcl_check_state(*((states,) if isinstance(states, str) else states))
        if not self.env.su:  # server code acting as superuser owns every role
            for rec in self:
                getattr(rec, checker)()
        self._ctcl_require(required)

    def _ctcl_advance(self, vals):
        """Move the records on: write, subscribe the people, hand over the step."""
        records = self._ctcl_audited()
        records._ctcl_write_step(vals)
        records._ctcl_subscribe_participants()
        records.activity_update()
        return True

    def _ctcl_advance_through(self, *steps):
        """Move the records through consecutive steps that one person does at
        once (a unit head assessing the request he opens): each step is
        written (and signed) in turn; the people and the activities are
        handed over once, for the last step, so that nobody is given a step
        already done."""
        records = self._ctcl_audited()
        for vals in steps[:-1]:
            records._ctcl_write_step(vals)
        return records._ctcl_advance(steps[-1])

    def _ctcl_write_step(self, vals):
        """Write one step of the records; a closing step starts the retention."""
        self._ctcl_transition_write(vals)
        self.filtered(
            lambda r: r.state in r._ctcl_closed_states and not r.retention_until
        )._ctcl_start_retention()

    def _ctcl_participants(self):
        """Users who follow the document: those who acted or must act."""
        return self.env["res.users"]

    def _ctcl_subscribe_participants(self):
        for rec in self:
            rec._ctcl_subscribe(rec._ctcl_participants().partner_id)

    def _ctcl_subscribe(self, partners):
        """The workflow's own subscription: it adds the people of a step even
        to the record that step closed (see mail_followers.py)."""
        self.with_context(ctcl_token=_TRANSITION_TOKEN).message_subscribe(
            partner_ids=partners.ids
        )

    # ------------------------------------------------------------------
    # Roles
    # ------------------------------------------------------------------
    def _ctcl_has_role(self, *group_xmlids):
        user = self.env.user
        return self.env.su or any(
            user.has_group(f"ctcl_quality.{xmlid}") for xmlid in group_xmlids
        )

    def _ctcl_role_users(self, group_xmlid, company_field):
        """The designated person of the company, else every holder of the role."""
        self.ensure_one()
        designated = self.company_id[company_field]
        if designated:
            return designated
        group = self.env.ref(f"ctcl_quality.{group_xmlid}")
        return group.sudo().users.filtered(
            lambda u: (
                u.active and not u._is_superuser() and self.company_id in u.company_ids
            )
        )

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------
    def _ctcl_activity_plan(self):
        """Return ``{activity type xml id: (users, deadline or None)}`` wanted now."""
        return {}

    def _ctcl_kept_activity_types(self):
        """Reminder types (set by the scheduled action) still relevant now."""
        return set()

    def activity_update(self):
        types = {self.env.ref(xmlid).id: xmlid for xmlid in self._ctcl_activity_types}
        # The token tells mail.activity that the workflow hands the step over.
        for rec in self._ctcl_audited().with_context(ctcl_token=_TRANSITION_TOKEN):
            plan = rec._ctcl_activity_plan()
            kept = rec._ctcl_kept_activity_types()
            existing = rec.activity_ids.filtered(
                lambda a, types=types: a.activity_type_id.id in types
            )
            finished = rec.env["mail.activity"]
            present = set()
            for activity in existing:
                xmlid = types[activity.activity_type_id.id]
                users, deadline = plan.get(xmlid, (self.env["res.users"], None))
                if activity.user_id in users:
                    present.add((xmlid, activity.user_id.id))
                    if deadline and activity.date_deadline != deadline:
                        activity.date_deadline = deadline
                elif xmlid not in kept:
                    finished |= activity
            # The step these activities asked for has been done.
            finished.action_feedback()
            for xmlid, (users, deadline) in plan.items():
                for user in users:
                    if (xmlid, user.id) not in present:
                        rec.activity_schedule(
                            xmlid, date_deadline=deadline, user_id=user.id
                        )

    def activity_schedule(
        self, act_type_xmlid="", date_deadline=None, summary="", note="", **act_values
    ):
        # The default summary is stored text: write it in its reader's language.
        if not summary and act_type_xmlid and act_values.get("user_id"):
            user = self.env["res.users"].browse(act_values["user_id"])
            company = self.company_id[:1] or self.env.company
            kind = self.env.ref(act_type_xmlid).with_context(
                lang=company._ctcl_lang(user)
            )
            summary = kind.summary
        return super().activity_schedule(
            act_type_xmlid, date_deadline, summary, note, **act_values
        )

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    def _ctcl_start_retention(self):
        today = self._ctcl_agency_today()
        for rec in self:
            years = rec.company_id.ctcl_retention_years
            rec._ctcl_transition_write(
                {
                    "close_date": today,
                    "retention_until": fields.Date.add(today, years=years),
                }
            )

    def _ctcl_is_deletable_draft(self):
        return False

    @api.ondelete(at_uninstall=False)
    def _unlink_except_under_retention(self):
        today = self._ctcl_agency_today()
        is_admin = self._ctcl_has_role("group_ctcl_manager")
        for rec in self:
            if rec._ctcl_is_deletable_draft():
                continue
            if rec.retention_until and rec.retention_until < today and is_admin:
                continue
            if rec.retention_until and rec.retention_until < today:
                raise AccessError(
                    self.env._(
                        "Only a Quality administrator can delete %(record)s after "
                        "its retention period.",
                        record=rec.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(record)s is a quality record under retention and cannot be "
                    "deleted; archive it instead.",
                    record=rec.display_name,
                )
            )
