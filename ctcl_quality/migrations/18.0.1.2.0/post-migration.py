from odoo import SUPERUSER_ID, api

OLD_RECURRENCE_NAME = "Recorded again and again at the same unit (recurrence rule)"


def migrate(cr, version):
    """Data of 18.0.1.2.0 that an upgrade would not bring by itself."""
    # Risk analysis tables keep the bands they were assessed with: tables from
    # before take their company's bands of now.
    cr.execute(
        """
        UPDATE ctcl_risk_register r
           SET medium_from = c.ctcl_risk_medium_from,
               high_from = c.ctcl_risk_high_from,
               critical_from = c.ctcl_risk_critical_from
          FROM res_company c
         WHERE c.id = r.company_id AND r.medium_from IS NULL
        """
    )
    # QT.CTCL 5.2.2 counts consecutive records with no time window: the old
    # default window (12 months) goes; a window chosen otherwise stays.
    cr.execute(
        "UPDATE res_company SET ctcl_nc_recurrence_months = 0 "
        "WHERE ctcl_nc_recurrence_months = 12"
    )
    # QT.CTCL 5.9 “trước ngày 30/01”, “trước 31/12”: the last days allowed are
    # 29/01 and 30/12 (they were 30/01 and 31/12).
    cr.execute(
        """
        UPDATE ctcl_quality_plan p
           SET date_deadline = make_date(p.year, 1, 29),
               reminder_date = make_date(p.year, 1, 29)
                   - coalesce(c.ctcl_objective_reminder_days, 0),
               report_deadline = make_date(p.year, 12, 30),
               report_reminder_date = make_date(p.year, 12, 30)
                   - coalesce(c.ctcl_objective_reminder_days, 0)
          FROM res_company c
         WHERE c.id = p.company_id AND p.date_deadline = make_date(p.year, 1, 30)
        """
    )
    # Criterion 4 quotes the procedure (noupdate data): renamed unless the
    # agency renamed it.
    env = api.Environment(cr, SUPERUSER_ID, {})
    criterion = env.ref(
        "ctcl_quality.ctcl_need_criterion_recurrence_rule", raise_if_not_found=False
    )
    if criterion and criterion.with_context(lang="en_US").name == OLD_RECURRENCE_NAME:
        criterion.with_context(lang="en_US").name = (
            "Records made more than 03 times in a row for the same content at "
            "the same unit"
        )
    _commitments_from_text(env)


def _commitments_from_text(env):
    """Objectives named their policy commitment in free text before: each
    distinct text of an agency becomes one of its commitment records."""
    cr = env.cr
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = "
        "'ctcl_quality_objective' AND column_name = 'policy_commitment'"
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        SELECT DISTINCT p.company_id, btrim(o.policy_commitment)
          FROM ctcl_quality_objective o
          JOIN ctcl_quality_plan p ON p.id = o.plan_id
         WHERE o.policy_commitment_id IS NULL
           AND coalesce(btrim(o.policy_commitment), '') != ''
        """
    )
    Commitment = env["ctcl.quality.commitment"].with_context(lang="en_US")
    for company_id, text in cr.fetchall():
        commitment = Commitment.create({"name": text, "company_id": company_id})
        cr.execute(
            """
            UPDATE ctcl_quality_objective o
               SET policy_commitment_id = %s
              FROM ctcl_quality_plan p
             WHERE p.id = o.plan_id AND p.company_id = %s
               AND btrim(o.policy_commitment) = %s
               AND o.policy_commitment_id IS NULL
            """,
            [commitment.id, company_id, text],
        )
