def migrate(cr, version):
    """Risk analysis tables keep the bands they were assessed with: tables
    from before 18.0.1.2.0 take their company's bands of now."""
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
