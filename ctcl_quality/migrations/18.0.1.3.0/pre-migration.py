# The request's activity types are named after their document, as the other
# documents' are: rename their XML ids before the data is loaded, so that the
# records (and the activities of that type) stay the same.
RENAMED = (
    "analysis",
    "approval",
    "assessment",
    "closing",
    "direction",
    "implementation",
    "iso_review",
    "overdue",
    "progress",
    "verification",
)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_model_data
           SET name = 'mail_act_ctcl_request_' || substr(name, 15)
         WHERE module = 'ctcl_quality'
           AND model = 'mail.activity.type'
           AND name IN %s
        """,
        [tuple(f"mail_act_ctcl_{name}" for name in RENAMED)],
    )
