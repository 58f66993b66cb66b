from odoo import SUPERUSER_ID, api

# The roles that see every QT.CTCL record; one hidden group now stands for them.
SEE_ALL_ROLES = (
    "group_ctcl_auditor",
    "group_ctcl_iso_secretary",
    "group_ctcl_iso_member",
    "group_ctcl_leadership",
    "group_ctcl_manager",
)


def migrate(cr, version):
    """The “…: all” record rules are noupdate: an upgrade would keep them on the
    five roles. They name the one “sees all QT.CTCL records” group instead."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    see_all = env.ref("ctcl_quality.group_ctcl_see_all")
    roles = {env.ref(f"ctcl_quality.{xmlid}") for xmlid in SEE_ALL_ROLES}
    rule_ids = (
        env["ir.model.data"]
        .search([("module", "=", "ctcl_quality"), ("model", "=", "ir.rule")])
        .mapped("res_id")
    )
    for rule in env["ir.rule"].browse(rule_ids).exists():
        if set(rule.groups) == roles:
            rule.groups = [(6, 0, see_all.ids)]
