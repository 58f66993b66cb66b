from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .ctcl_workflow_mixin import _TRANSITION_TOKEN


class CtclRiskMeasure(models.Model):
    """A measure treating a risk (or exploiting an opportunity): who does it, by
    when, and when it was done. An approved table's measure may open a
    BM.CTCL.01 request (source “Risk analysis”, QT.CTCL 5.1.2)."""

    _name = "ctcl.risk.measure"
    _description = "Measure on a risk or opportunity"
    _inherit = ["ctcl.document.line"]
    _order = "risk_id, date_deadline, id"
    _check_company_auto = True
    _ctcl_parent_field = "risk_id"
    _ctcl_lines_field = "risk_ids"

    risk_id = fields.Many2one(
        "ctcl.risk",
        string="Risk / opportunity",
        required=True,
        ondelete="cascade",
        index=True,
    )
    register_id = fields.Many2one(related="risk_id.register_id", store=True)
    # From the table itself: a link of a link would hide how it is kept.
    company_id = fields.Many2one(related="register_id.company_id", store=True)
    department_id = fields.Many2one(
        related="register_id.department_id", string="Unit", store=True
    )
    register_state = fields.Selection(
        related="risk_id.register_id.state", string="Table status"
    )
    name = fields.Text(string="Measure", required=True)
    owner_id = fields.Many2one(
        "res.users",
        ondelete="restrict",
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(string="Due date")
    done_date = fields.Date(string="Done on", readonly=True, copy=False)
    done_by_id = fields.Many2one(
        "res.users",
        string="Reported done by",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    request_id = fields.Many2one(
        "ctcl.action.request",
        string="Action request",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index="btree_not_null",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.depends("date_deadline", "done_date")
    def _compute_is_overdue(self):
        for measure in self:
            today = (
                measure.company_id._ctcl_today()
                if measure.company_id
                else (self._ctcl_agency_today())
            )
            measure.is_overdue = bool(
                not measure.done_date
                and measure.date_deadline
                and measure.date_deadline < today
            )

    def _check_can_follow_up(self):
        """The owner, the table's drafters and its approver act on a measure of
        an approved table."""
        measure = self.sudo()
        if measure.register_state != "approved":
            raise UserError(
                self.env._(
                    "%(record)s is not approved yet: its measures are followed "
                    "up once it is.",
                    record=measure.register_id.display_name,
                )
            )
        if self.env.user == measure.owner_id:
            return
        register = self.register_id
        if not register._ctcl_passes("_check_can_approve"):
            register._check_can_edit_draft()

    def _ctcl_lock(self):
        """Of two users acting on the same measure at once, the second waits
        and then finds it done."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["done_date", "request_id"])

    def action_mark_done(self):
        self._ctcl_lock()
        for measure in self:
            if measure.done_date:
                raise UserError(
                    self.env._(
                        "The measure “%(measure)s” is already done.",
                        measure=measure.name,
                    )
                )
            if not self.env.su:
                measure._check_can_follow_up()
        self.with_context(ctcl_token=_TRANSITION_TOKEN).write(
            {
                "done_date": self._ctcl_agency_today(),
                "done_by_id": self.env.uid,
            }
        )
        return True

    def action_create_request(self):
        """Open a BM.CTCL.01 preventive/improvement request for this measure."""
        self.ensure_one()
        self._ctcl_lock()
        if self.request_id:
            raise UserError(
                self.env._(
                    "An action request is already open for the measure “%(measure)s”.",
                    measure=self.name,
                )
            )
        if not self.env.su:
            self._check_can_follow_up()
        # The owner may work in another unit than the table's.
        risk = self.sudo().risk_id
        register = self.sudo().register_id
        department = (
            register.department_id or self.env.user.employee_ids[:1].department_id
        )
        if not department:
            raise UserError(
                self.env._("Your user has no unit to open an action request for.")
            )
        kind = dict(risk._fields["kind"]._description_selection(self.env))[risk.kind]
        description = "\n".join(
            filter(
                None,
                [
                    f"{kind}: {risk.name}",
                    risk.process and self.env._("Process: %(p)s", p=risk.process),
                    risk.cause and self.env._("Cause: %(c)s", c=risk.cause),
                    risk.consequence
                    and self.env._("Consequence: %(c)s", c=risk.consequence),
                    self.env._("Measure: %(m)s", m=self.name),
                ],
            )
        )
        # The server names the unit (the table's): opened for it by its owner,
        # whatever their own unit.
        Request = self.env["ctcl.action.request"].with_context(
            ctcl_token=_TRANSITION_TOKEN
        )
        request = Request._ctcl_create_linked(
            {
                "request_type": "improvement",
                "requesting_department_id": department.id,
                "description": description,
                "source_id": self.env.ref("ctcl_quality.ctcl_source_risk_analysis").id,
                "related_documents": register.name,
                "company_id": register.company_id.id,
            },
            {"risk_id": risk.id},
        )
        self.with_context(ctcl_token=_TRANSITION_TOKEN).write(
            {"request_id": request.id}
        )
        register.message_post(
            body=self.env._(
                "Action request %(request)s opened for the measure “%(measure)s”.",
                request=request._get_html_link(),
                measure=self.name,
            )
        )
        return request._ctcl_form_action()
