from odoo import fields, models


class CtclQualityCommitment(models.Model):
    """A commitment of the agency's quality policy (CSCL).

    Records, not a fixed selection: each agency writes its policy in its own
    words (ISO 9001 5.2.1 only asks that it include the commitments to meet the
    applicable requirements and to improve the QMS continually), and an
    auditor traces each objective to a commitment of *that* text (ISO 9001
    6.2.1 a: objectives consistent with the policy). When the policy is
    reissued, the commitments it drops are archived: objectives approved
    against them keep their link.
    """

    _name = "ctcl.quality.commitment"
    _inherit = ["ctcl.reference.guard"]
    _description = "Quality policy commitment (CSCL)"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Commitment", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True,
        help="The wording of the quality policy this commitment comes from.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        index=True,
        ondelete="restrict",
        help="Leave empty for a commitment shared by every agency of the database.",
    )
