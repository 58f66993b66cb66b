from odoo import models


class CtclDraftedDocument(models.AbstractModel):
    """A document of a unit or of the agency, drafted by a named drafter and
    approved by the unit head or, for the agency's, the top leader: the
    quality objectives plan (5.9) and the risk analysis table.

    Listed before ``ctcl.workflow.mixin`` (whose role helpers it calls) in
    the documents' ``_inherit``, so that its roles override the defaults.
    """

    _name = "ctcl.drafted.document"
    _description = "QT.CTCL document drafted and approved by roles"

    def _ctcl_is_iso_board(self):
        return self._ctcl_has_role("group_ctcl_iso_secretary", "group_ctcl_iso_member")

    def _ctcl_drafters(self):
        self.ensure_one()
        if self.drafter_id:
            return self.drafter_id
        if self.department_id:
            return self.department_id._ctcl_head_user()
        return self._ctcl_role_users(
            "group_ctcl_iso_secretary", "ctcl_iso_secretary_id"
        )

    def _ctcl_approvers(self):
        self.ensure_one()
        if self.department_id:
            return self.department_id._ctcl_head_user()
        return self._ctcl_role_users("group_ctcl_leadership", "ctcl_top_leader_id")

    def _check_can_approve(self):
        """Unit document: the unit head; agency document: the top leader."""
        if self.department_id:
            if self.env.user._ctcl_heads(self.department_id):
                return
            self._ctcl_deny(
                self.env._(
                    "Only the head of %(unit)s can approve %(record)s.",
                    unit=self.department_id.display_name,
                    record=self.display_name,
                )
            )
        top = self.company_id.ctcl_top_leader_id
        if (top and self.env.user == top) or (
            not top and self._ctcl_has_role("group_ctcl_leadership")
        ):
            return
        self._ctcl_deny(
            self.env._(
                "Only the top leader of the agency can approve %(record)s.",
                record=self.display_name,
            )
        )
