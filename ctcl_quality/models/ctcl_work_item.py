from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from .ctcl_kpi_request import ctcl_selection_of

SECTIONS = [
    ("activity", "My activities"),
    ("my_overdue", "My overdue items"),
    ("unit_overdue", "My units' overdue items"),
    ("board_queue", "ISO board queue"),
]
# Requests waiting on the ISO secretary or the ISO board (QT.CTCL 5.3, 5.4, 5.7).
BOARD_QUEUE_STATES = ("iso_review", "board_review", "approval", "to_close")
BOARD_GROUPS = (
    "ctcl_quality.group_ctcl_iso_secretary",
    "ctcl_quality.group_ctcl_iso_member",
)
# Row ids: the id of the record times 8, plus the kind of row.
KINDS = {
    "activity": 0,
    "request_mine": 1,
    "request_unit": 2,
    "request_queue": 3,
    "nc_mine": 4,
    "nc_unit": 5,
    "change_queue": 6,
}


class CtclWorkItem(models.Model):
    """“My work”: what waits for the user in QT.CTCL, the landing page of the
    Quality app.

    - my activities, by step (the workflow hands each step over as an
      activity of its owner);
    - my overdue items: requests I implement and nonconformities I handle,
      past their date;
    - for unit heads, the overdue items of the units they head;
    - for the ISO secretary and the ISO board, the board's queue: requests to
      consolidate, direct, approve and close, and changes to decide.

    ``for_me`` picks what concerns the current user; the rows themselves are
    seen as the records they are about (their record rules), an activity on
    another QT.CTCL document by its owner only.
    """

    _name = "ctcl.work.item"
    _inherit = ["ctcl.kpi.mixin"]
    _auto = False
    _description = "My work"
    _order = "section, date_deadline, id"
    _depends = {
        "mail.activity": [
            "res_model",
            "res_id",
            "res_name",
            "user_id",
            "activity_type_id",
            "summary",
            "date_deadline",
            "active",
        ],
        "ctcl.action.request": [
            "name",
            "active",
            "company_id",
            "state",
            "requesting_department_id",
            "implementing_department_id",
            "date_deadline",
        ],
        "ctcl.action.change": [
            "request_id",
            "state",
            "description",
            "new_date_deadline",
        ],
        "ctcl.nonconformity": [
            "name",
            "active",
            "company_id",
            "state",
            "department_id",
            "handling_deadline",
        ],
        "res.users": ["company_id"],
        "res.company": ["ctcl_tz"],
    }

    section = fields.Selection(
        SECTIONS, readonly=True, group_expand="_ctcl_expand_sections"
    )
    kind = fields.Selection(
        [
            ("activity", "Activity"),
            ("request", "Action request"),
            ("nonconformity", "Nonconformity"),
            ("change", "Change to decide"),
        ],
        readonly=True,
    )
    name = fields.Char(string="Document", readonly=True)
    res_model = fields.Char(string="Document model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type", string="Step", readonly=True
    )
    summary = fields.Char(readonly=True)
    request_id = fields.Many2one(
        "ctcl.action.request", string="Action request", readonly=True
    )
    request_state = fields.Selection(
        selection=ctcl_selection_of("ctcl.action.request", "state"),
        string="Request status",
        readonly=True,
    )
    nonconformity_id = fields.Many2one("ctcl.nonconformity", readonly=True)
    nonconformity_state = fields.Selection(
        selection=ctcl_selection_of("ctcl.nonconformity", "state"),
        string="Nonconformity status",
        readonly=True,
    )
    unit_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_deadline = fields.Date(string="Due date", readonly=True)
    days_late = fields.Integer(string="Days late", readonly=True, aggregator="max")
    for_me = fields.Boolean(
        string="For me", compute="_compute_for_me", search="_search_for_me"
    )

    # ------------------------------------------------------------------
    # The view
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_kpi_query(self):
        def late(deadline):
            return SQL("GREATEST(%s - %s, 0)", self._ctcl_today("c"), deadline)

        request_overdue = SQL(
            "r.active AND r.state = 'implementation' AND r.date_deadline < %s",
            self._ctcl_today("c"),
        )
        nc_overdue = SQL(
            "n.active AND n.state = 'handling' AND n.handling_deadline < %s",
            self._ctcl_today("c"),
        )
        request_row = SQL(
            """'request', r.name, 'ctcl.action.request', r.id, NULL::integer,
               NULL::integer, NULL::varchar, r.id, r.state, NULL::integer,
               NULL::varchar, COALESCE(r.implementing_department_id,
               r.requesting_department_id), r.company_id, r.date_deadline"""
        )
        nc_row = SQL(
            """'nonconformity', n.name, 'ctcl.nonconformity', n.id, NULL::integer,
               NULL::integer, NULL::varchar, NULL::integer, NULL::varchar, n.id,
               n.state, n.department_id, n.company_id, n.handling_deadline"""
        )
        return SQL(
            """
            SELECT a.id * 8 + %(k_activity)s AS id, 'activity' AS section,
                   'activity' AS kind, a.res_name AS name, a.res_model, a.res_id,
                   a.user_id, a.activity_type_id, a.summary,
                   CASE WHEN a.res_model = 'ctcl.action.request' THEN a.res_id END
                       AS request_id,
                   r.state AS request_state,
                   CASE WHEN a.res_model = 'ctcl.nonconformity' THEN a.res_id END
                       AS nonconformity_id,
                   n.state AS nonconformity_state,
                   COALESCE(r.implementing_department_id, r.requesting_department_id,
                            n.department_id) AS unit_id,
                   COALESCE(r.company_id, n.company_id, u.company_id) AS company_id,
                   a.date_deadline, %(activity_late)s AS days_late
              FROM mail_activity a
              JOIN res_users u ON u.id = a.user_id
              LEFT JOIN ctcl_action_request r
                     ON a.res_model = 'ctcl.action.request' AND r.id = a.res_id
              LEFT JOIN ctcl_nonconformity n
                     ON a.res_model = 'ctcl.nonconformity' AND n.id = a.res_id
              JOIN res_company c ON c.id = COALESCE(r.company_id, n.company_id,
                                                    u.company_id)
             WHERE a.res_model LIKE %(ctcl_models)s AND a.active
            UNION ALL
            SELECT r.id * 8 + %(k_request_mine)s, 'my_overdue', %(request_row)s,
                   %(request_late)s
              FROM ctcl_action_request r JOIN res_company c ON c.id = r.company_id
             WHERE %(request_overdue)s
            UNION ALL
            SELECT r.id * 8 + %(k_request_unit)s, 'unit_overdue', %(request_row)s,
                   %(request_late)s
              FROM ctcl_action_request r JOIN res_company c ON c.id = r.company_id
             WHERE %(request_overdue)s
            UNION ALL
            SELECT r.id * 8 + %(k_request_queue)s, 'board_queue', %(request_row)s,
                   0
              FROM ctcl_action_request r
             WHERE r.active AND r.state IN %(queue_states)s
            UNION ALL
            SELECT ch.id * 8 + %(k_change_queue)s, 'board_queue', 'change', r.name,
                   'ctcl.action.request', r.id, NULL::integer, NULL::integer,
                   ch.description, r.id, r.state, NULL::integer, NULL::varchar,
                   COALESCE(r.implementing_department_id, r.requesting_department_id),
                   r.company_id, ch.new_date_deadline, 0
              FROM ctcl_action_change ch
              JOIN ctcl_action_request r ON r.id = ch.request_id
             WHERE r.active AND r.state = 'implementation' AND ch.state = 'requested'
            UNION ALL
            SELECT n.id * 8 + %(k_nc_mine)s, 'my_overdue', %(nc_row)s, %(nc_late)s
              FROM ctcl_nonconformity n JOIN res_company c ON c.id = n.company_id
             WHERE %(nc_overdue)s
            UNION ALL
            SELECT n.id * 8 + %(k_nc_unit)s, 'unit_overdue', %(nc_row)s, %(nc_late)s
              FROM ctcl_nonconformity n JOIN res_company c ON c.id = n.company_id
             WHERE %(nc_overdue)s
            """,
            activity_late=late(SQL("a.date_deadline")),
            request_late=late(SQL("r.date_deadline")),
            nc_late=late(SQL("n.handling_deadline")),
            request_row=request_row,
            nc_row=nc_row,
            request_overdue=request_overdue,
            nc_overdue=nc_overdue,
            queue_states=BOARD_QUEUE_STATES,
            ctcl_models="ctcl.%",
            **{f"k_{kind}": number for kind, number in KINDS.items()},
        )

    def _ctcl_expand_sections(self, sections, domain):
        """The sections that hold items, in their order (not alphabetical)."""
        return [section for section, _label in SECTIONS if section in sections]

    # ------------------------------------------------------------------
    # Who sees what
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_kpi_access_domain(self, mode):
        """A row about a request or a nonconformity is seen as that record is;
        an activity on another QT.CTCL document, by its owner only."""
        Rule = self.env["ir.rule"]
        branches = [
            [("request_id", "=", False), ("nonconformity_id", "=", False)]
            + [("user_id", "=", self.env.uid)]
        ]
        for fname, model in (
            ("request_id", "ctcl.action.request"),
            ("nonconformity_id", "ctcl.nonconformity"),
        ):
            domain = Rule._compute_domain(model, mode)
            branches.append(
                [(fname, "any", domain)] if domain else [(fname, "!=", False)]
            )
        return expression.OR(branches)

    @api.depends_context("uid")
    def _compute_for_me(self):
        mine = self.search([("id", "in", self.ids), ("for_me", "=", True)])
        for item in self:
            item.for_me = item in mine

    def _search_for_me(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “For me”."))
        user = self.env.user
        # Which records are the user's: the rows' own record rules already
        # say which the user may read, so these subqueries need not repeat them.
        requests = (
            self.env["ctcl.action.request"]
            .sudo()
            ._search(
                ["|", ("assignee_id", "=", user.id), ("implementer_ids", "in", user.id)]
            )
        )
        nonconformities = (
            self.env["ctcl.nonconformity"]
            .sudo()
            ._search([("assignee_id", "=", user.id)])
        )
        branches = [
            [("section", "=", "activity"), ("user_id", "=", user.id)],
            [
                ("section", "=", "my_overdue"),
                "|",
                ("request_id", "in", requests),
                ("nonconformity_id", "in", nonconformities),
            ],
        ]
        managed = user.ctcl_managed_department_ids
        if managed and user.has_group("ctcl_quality.group_ctcl_unit_head"):
            branches.append(
                [("section", "=", "unit_overdue"), ("unit_id", "child_of", managed.ids)]
            )
        if any(user.has_group(group) for group in BOARD_GROUPS):
            branches.append([("section", "=", "board_queue")])
        domain = expression.OR(branches)
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------
    def action_open_record(self):
        """Open the document the item is about."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [(False, "form")],
            "target": "current",
        }
