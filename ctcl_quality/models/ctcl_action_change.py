from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CtclActionChange(models.Model):
    """A change of measures or resources asked during implementation (QT.CTCL 5.5).

    Once decided by the ISO board leader it shows in box 2 of BM.CTCL.01.
    """

    _name = "ctcl.action.change"
    _inherit = ["ctcl.server.fields"]
    _description = "Change of measures or resources during implementation"
    _order = "id"

    request_id = fields.Many2one(
        "ctcl.action.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    change_type = fields.Selection(
        [
            ("measures", "Change of measures"),
            ("resources", "Additional resources"),
            ("deadline", "New completion date"),
        ],
        string="Type",
        required=True,
        default="measures",
    )
    description = fields.Text(required=True)
    new_date_deadline = fields.Date(string="New completion date")
    requested_by_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    requested_date = fields.Date(
        readonly=True, default=lambda self: self.env.company._ctcl_today()
    )
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused")],
        default="requested",
        required=True,
        readonly=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, ondelete="restrict")
    decision_date = fields.Date(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        Request = self.env["ctcl.action.request"]
        for vals in vals_list:
            Request.browse(vals.get("request_id"))._ctcl_step(
                "implementation", "_check_can_implement"
            )
            vals.update(
                requested_by_id=self.env.uid,
                state="requested",
                requested_date=self._ctcl_agency_today(),
            )
            vals.pop("decided_by_id", None)
            vals.pop("decision_date", None)
        changes = super().create(vals_list)
        for change in changes:
            change.request_id.message_post(
                body=self.env._(
                    "Change requested: %(change)s", change=change.description
                ),
                partner_ids=change.request_id._ctcl_role_users(
                    "group_ctcl_iso_leader", "ctcl_iso_leader_id"
                ).partner_id.ids,
            )
        return changes

    @api.constrains("change_type", "new_date_deadline")
    def _check_new_deadline(self):
        for change in self:
            if change.change_type == "deadline" and not change.new_date_deadline:
                raise ValidationError(self.env._("Give the new completion date."))
            if (
                change.new_date_deadline
                and change.new_date_deadline < change.request_id.request_date
            ):
                raise ValidationError(
                    self.env._(
                        "The new completion date cannot be before the request date."
                    )
                )

    def write(self, vals):
        if not self.env.su and (
            set(vals) - {"description", "new_date_deadline", "change_type"}
            or any(
                c.state != "requested" or c.requested_by_id != self.env.user
                for c in self
            )
        ):
            raise UserError(
                self.env._(
                    "Only its author can edit a change request, "
                    "and only before it is decided."
                )
            )
        return super().write(vals)

    def _ctcl_decide(self, state):
        for change in self:
            if change.state != "requested":
                raise UserError(self.env._("This change has already been decided."))
            change.request_id._ctcl_step("implementation", "_check_can_approve")
        self.sudo().write(
            {
                "state": state,
                "decided_by_id": self.env.uid,
                "decision_date": self._ctcl_agency_today(),
            }
        )

    def action_approve(self):
        self._ctcl_decide("approved")
        for change in self:
            request = change.request_id
            if change.new_date_deadline:
                request._ctcl_transition_write(
                    {"date_deadline": change.new_date_deadline}
                )
                request.activity_update()
            request.message_post(
                body=self.env._(
                    "Change approved: %(change)s", change=change.description
                ),
                partner_ids=change.requested_by_id.partner_id.ids,
            )
        return True

    def action_refuse(self):
        self._ctcl_decide("refused")
        for change in self:
            change.request_id.message_post(
                body=self.env._(
                    "Change refused: %(change)s", change=change.description
                ),
                partner_ids=change.requested_by_id.partner_id.ids,
            )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        for change in self:
            if change.state != "requested" or change.requested_by_id != self.env.user:
                raise UserError(
                    self.env._(
                        "A decided change is part of the request's record: "
                        "it cannot be deleted."
                    )
                )
