from odoo import api, fields, models

SECTIONS = [
    ("previous", "Actions decided at earlier reviews"),
    ("request_unit", "Action requests by unit"),
    ("request_source", "Action requests by source"),
    ("request_state", "Action requests by status"),
    ("overdue", "Overdue actions"),
    ("verification", "Verification results"),
    ("nc_unit", "Nonconformities by unit"),
    ("nc_source", "Nonconformities by source"),
    ("nc_category", "Nonconformities by content category"),
    ("nc_state", "Nonconformities by status"),
    ("objective_scope", "Quality objectives by scope"),
    ("risk_measures", "Measures on risks and opportunities by unit"),
    ("risk_change", "Risks whose level changed at a revision"),
    ("risk_realised", "Nonconformities that realised a listed risk"),
    ("risk_update", "Risk table updates decided at earlier reviews"),
]


class CtclManagementReviewInput(models.Model):
    """One row of the inputs compiled for a review (QT.CTCL 5.8.1.1).

    The rows are a snapshot: written only by the review's “Compile inputs”
    button while the review is a draft, frozen once it is approved.
    """

    _name = "ctcl.management.review.input"
    _description = "Compiled input of a management review"
    _inherit = ["ctcl.management.review.line"]
    _ctcl_lines_field = "input_ids"

    section = fields.Selection(SECTIONS, required=True, index=True)
    label = fields.Char()
    detail = fields.Char()
    unit = fields.Char()
    count = fields.Integer()
    total = fields.Integer()
    date = fields.Date()
    request_id = fields.Many2one(
        "ctcl.action.request", string="Action request", ondelete="restrict"
    )
    source_id = fields.Many2one("ctcl.source", ondelete="restrict")
    request_state = fields.Selection(
        selection="_selection_request_state", string="Request status"
    )
    verification_result = fields.Selection(selection="_selection_verification_result")
    objective_source = fields.Selection(
        [
            ("report", "Approved year-end report"),
            ("measurements", "Measurements of the year (report not approved yet)"),
        ],
        string="Source of the figures",
        help="Where the achievement of the quality objectives comes from.",
    )
    display_label = fields.Char(compute="_compute_display_label")

    def _selection_request_state(self):
        field = self.env["ctcl.action.request"]._fields["state"]
        return field._description_selection(self.env)

    def _selection_verification_result(self):
        field = self.env["ctcl.action.request"]._fields["verification_result"]
        return field._description_selection(self.env)

    @api.depends_context("lang")
    @api.depends("label", "source_id", "request_state", "verification_result")
    def _compute_display_label(self):
        states = dict(self._selection_request_state())
        results = dict(self._selection_verification_result())
        for line in self:
            if line.section == "request_source" and line.source_id:
                line.display_label = line.source_id.name
            elif line.section == "request_state":
                line.display_label = states.get(line.request_state, line.label)
            elif line.section == "verification":
                line.display_label = results.get(line.verification_result, line.label)
            else:
                line.display_label = line.label

    # ------------------------------------------------------------------
    # Compilation
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_replace(self, review, lines):
        Line = self._ctcl_with_token()
        review.input_ids._ctcl_with_token().unlink()
        Line.create(
            [
                dict(vals, review_id=review.id, sequence=i)
                for i, vals in enumerate(lines)
            ]
        )

    @api.model
    def _ctcl_compile(self, review):
        """Return the input rows and the key figures of ``review``'s period."""
        lines, figures = [], {}
        self._ctcl_compile_requests(review, lines, figures)
        self._ctcl_compile_nonconformities(review, lines, figures)
        self._ctcl_compile_objectives(review, lines, figures)
        self._ctcl_compile_risks(review, lines, figures)
        return lines, {"input_figures": figures}

    def _ctcl_requests(self):
        return self.env["ctcl.action.request"].sudo()

    @api.model
    def _ctcl_compile_requests(self, review, lines, figures):
        Request = self._ctcl_requests()
        company = review.company_id
        start, end = review.date_from, review.date_to
        base = [("company_id", "=", company.id)]
        period = base + [("request_date", ">=", start), ("request_date", "<=", end)]

        # 1. Actions decided at earlier reviews, with their status today.
        for request in Request.search(
            base
            + [
                ("management_review_id", "!=", False),
                ("management_review_id", "!=", review.id),
                ("management_review_id.date_from", "<", start),
            ],
            order="request_date, id",
        ):
            lines.append(self._ctcl_request_row("previous", request))

        # Requests opened in the period by unit, source and status.
        figures["request_count"] = Request.search_count(period)
        groups = (
            ("request_unit", "requesting_department_id"),
            ("request_source", "source_id"),
            ("request_state", "state"),
        )
        for section, fname in groups:
            rows = Request._read_group(period, [fname], ["__count"])
            rows.sort(key=lambda row: -row[1])
            for value, count in rows:
                row = {"section": section, "count": count}
                if fname == "state":
                    row.update(request_state=value, label=value)
                elif fname == "source_id":
                    row.update(source_id=value.id, label=value.name)
                else:
                    row["label"] = value.name
                lines.append(row)

        # The key figures are defined once (ctcl.kpi.request): the dashboard
        # and the review never disagree.
        Kpi = self.env["ctcl.kpi.request"].sudo()
        figures.update(Kpi._ctcl_kpi_on_time(company, start, end))

        # Overdue at the end of the period (or today, if earlier).
        reference = min(end, self._ctcl_agency_today())
        overdue = Kpi._ctcl_kpi_overdue(company, reference).with_env(Request.env)
        figures["overdue_count"] = len(overdue)
        for request in overdue:
            row = self._ctcl_request_row("overdue", request)
            row["count"] = (reference - request.date_deadline).days
            lines.append(row)

        # Results of the verifications made in the period.
        for result, count in Request._read_group(
            base
            + [
                ("verification_date", ">=", start),
                ("verification_date", "<=", end),
                ("verification_result", "!=", False),
            ],
            ["verification_result"],
            ["__count"],
        ):
            lines.append(
                {
                    "section": "verification",
                    "verification_result": result,
                    "label": result,
                    "count": count,
                }
            )

        for key, xmlid in (
            ("feedback", "ctcl_quality.ctcl_source_feedback"),
            ("audit", "ctcl_quality.ctcl_source_internal_audit"),
        ):
            source = self.env.ref(xmlid)
            figures[f"{key}_request_count"] = Request.search_count(
                period + [("source_id", "=", source.id)]
            )
            figures[f"{key}_count"] = figures[f"{key}_request_count"]

    def _ctcl_request_row(self, section, request):
        return {
            "section": section,
            "request_id": request.id,
            "label": request.name,
            "detail": (request.description or "").strip()[:160],
            "unit": (
                request.implementing_department_id or request.requesting_department_id
            ).name,
            "date": request.date_deadline,
            "request_state": request.state,
        }

    @api.model
    def _ctcl_compile_nonconformities(self, review, lines, figures):
        figures["nc_available"] = "ctcl.nonconformity" in self.env
        if not figures["nc_available"]:
            return
        result = self._ctcl_nonconformity_figures(
            review.date_from, review.date_to, review.company_id
        )
        figures["nc_count"] = result.get("total", 0)
        # A run of consecutive records counts once, as on the dashboard.
        figures["nc_recurring"] = (
            self.env["ctcl.kpi.recurrence"]
            .sudo()
            ._ctcl_kpi_runs(review.company_id, review.date_from, review.date_to)
        )
        for section, key in (
            ("nc_unit", "by_unit"),
            ("nc_source", "by_source"),
            ("nc_category", "by_category"),
            ("nc_state", "by_state"),
        ):
            for label, count in result.get(key) or []:
                lines.append({"section": section, "label": label, "count": count})
        by_source = dict(result.get("by_source") or [])
        for key, xmlid in (
            ("feedback", "ctcl_quality.ctcl_source_feedback"),
            ("audit", "ctcl_quality.ctcl_source_internal_audit"),
        ):
            count = by_source.get(self.env.ref(xmlid).name, 0)
            figures[f"{key}_nc_count"] = count
            figures[f"{key}_count"] += count

    @api.model
    def _ctcl_compile_objectives(self, review, lines, figures):
        """5.8.1.1: degree to which the quality objectives are met.

        From the approved year-end report of each plan; for a plan whose report
        is not approved yet, from the measurements of the period (the latest
        of each objective), and the row says so.
        """
        figures["objective_available"] = "ctcl.quality.plan" in self.env
        if not figures["objective_available"]:
            return
        start, end = review.date_from, review.date_to
        Plan = self.env["ctcl.quality.plan"].sudo().with_context(active_test=False)
        result = self._ctcl_objective_figures(start, end, review.company_id)
        rows = [
            (label, achieved, total, "report", False)
            for label, achieved, total in result.get("by_scope") or []
        ]
        plans = Plan.search(
            [
                ("company_id", "=", review.company_id.id),
                ("state", "=", "approved"),
                ("year", ">=", start.year),
                ("year", "<=", end.year),
            ]
        )
        pending = plans.filtered(
            lambda p: "approved" not in p.report_ids.mapped("state")
        )
        for plan in pending.sorted(lambda p: (p.year, p.id)):
            if plan.objective_ids:
                rows.append(self._ctcl_measured_row(plan, start, end))
        figures["objective_plans"] = result.get("plans", 0)
        figures["objective_count"] = sum(total for _l, _a, total, _s, _d in rows)
        figures["objective_achieved"] = sum(a for _l, a, _t, _s, _d in rows)
        figures["objective_rate"] = (
            round(100.0 * figures["objective_achieved"] / figures["objective_count"], 1)
            if figures["objective_count"]
            else 0.0
        )
        sources = {source for _l, _a, _t, source, _d in rows}
        figures["objective_source"] = (
            sources.pop() if len(sources) == 1 else ("mixed" if sources else False)
        )
        for label, achieved, total, source, last in rows:
            lines.append(
                {
                    "section": "objective_scope",
                    "label": label,
                    "count": achieved,
                    "total": total,
                    "objective_source": source,
                    "date": last,
                }
            )

    @api.model
    def _ctcl_measured_row(self, plan, start, end):
        """(scope, achieved, objectives, "measurements", latest date) of ``plan``
        from the latest measurement of each objective in the period."""
        achieved, last_date = 0, False
        for objective in plan.objective_ids:
            last = objective.measurement_ids.filtered(
                lambda m: start <= m.date <= end
            ).sorted(lambda m: (m.date, m.id))[-1:]
            if not last:
                continue
            last_date = max(last_date or last.date, last.date)
            status = objective._ctcl_evaluate(last.value, last.value_bool)
            achieved += status == "on_target"
        return (
            plan.scope_name,
            achieved,
            len(plan.objective_ids),
            "measurements",
            last_date,
        )

    @api.model
    def _ctcl_compile_risks(self, review, lines, figures):
        """5.8.1.1: effectiveness of the actions on risks and opportunities."""
        result = self._ctcl_risk_figures(
            review.date_from, review.date_to, review.company_id
        )
        for key in (
            "measures_due",
            "measures_done",
            "measures_overdue",
            "level_down",
            "level_up",
            "nc_realised",
        ):
            figures[f"risk_{key}"] = result[key]
        for scope, due, done, overdue in result["by_scope"]:
            lines.append(
                {
                    "section": "risk_measures",
                    "label": scope,
                    "count": done,
                    "total": due,
                    "detail": self.env._("%(count)s overdue", count=overdue),
                }
            )
        for risk, old, new in result["changes"]:
            lines.append(
                {
                    "section": "risk_change",
                    "label": risk.name,
                    "unit": risk.register_id.scope_name,
                    "count": new,
                    "total": old,
                }
            )
        for risk, count in result["realised"]:
            lines.append(
                {
                    "section": "risk_realised",
                    "label": risk.name,
                    "unit": risk.register_id.scope_name,
                    "count": count,
                }
            )
        # Risk table updates decided at earlier reviews: done or not.
        decisions = (
            self.env["ctcl.management.review.decision"]
            .sudo()
            .search(
                [
                    ("company_id", "=", review.company_id.id),
                    ("risk_update", "=", True),
                    ("review_id", "!=", review.id),
                    ("review_id.date_from", "<", review.date_from),
                ],
                order="id",
            )
        )
        for decision in decisions:
            register = decision.risk_register_id
            lines.append(
                {
                    "section": "risk_update",
                    "label": decision.department_id.name,
                    "detail": register.name or decision.description[:160],
                    "unit": decision.department_id.name,
                    "count": int(register.state == "approved"),
                    "total": 1,
                }
            )

    # ------------------------------------------------------------------
    # The figures of each record type
    # ------------------------------------------------------------------
    @api.model
    def _ctcl_nonconformity_figures(self, date_from, date_to, company):
        """Nonconformity statistics of ``company`` dated in [date_from, date_to]."""
        Nonconformity = (
            self.env["ctcl.nonconformity"].sudo().with_context(active_test=False)
        )
        domain = [
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("active", "=", True),
        ]

        def grouped(field):
            rows = Nonconformity._read_group(domain, [field], ["__count"])
            return sorted(
                ((group.display_name or "-", count) for group, count in rows),
                key=lambda row: (-row[1], row[0]),
            )

        states = dict(Nonconformity._fields["state"]._description_selection(self.env))
        by_state = Nonconformity._read_group(domain, ["state"], ["__count"])
        return {
            "total": Nonconformity.search_count(domain),
            "by_unit": grouped("department_id"),
            "by_source": grouped("source_id"),
            "by_category": grouped("category_id"),
            "by_state": [
                (states[state], count)
                for state, count in sorted(
                    by_state, key=lambda row: list(states).index(row[0])
                )
            ],
        }

    @api.model
    def _ctcl_objective_figures(self, date_from, date_to, company):
        """Objectives met by the approved year-end reports of the period."""
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        Plan = self.env["ctcl.quality.plan"].sudo().with_context(active_test=False)
        plans = Plan.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "approved"),
                ("year", ">=", date_from.year),
                ("year", "<=", date_to.year),
            ]
        )
        reports = plans.report_ids.filtered(lambda r: r.state == "approved")
        by_scope = []
        for report in reports.sorted(lambda r: (r.plan_id.year, r.plan_id.id)):
            lines = report.line_ids
            by_scope.append(
                (
                    report.plan_id.scope_name,
                    len(lines.filtered("achieved")),
                    len(lines),
                )
            )
        total = sum(t for _n, _a, t in by_scope)
        achieved = sum(a for _n, a, _t in by_scope)
        return {
            "plans": len(plans),
            "objectives": total,
            "achieved": achieved,
            "rate": round(100.0 * achieved / total, 1) if total else 0.0,
            "by_scope": by_scope,
        }

    @api.model
    def _ctcl_risk_figures(self, date_from, date_to, company):
        """Measures due in the period (done, overdue), risks whose level moved
        between revisions approved in the period, and nonconformities of the
        period that realised a listed risk."""
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        reference = min(date_to, company._ctcl_today())
        Measure = self.env["ctcl.risk.measure"].sudo().with_context(active_test=False)
        measures = Measure.search(
            [
                ("company_id", "=", company.id),
                ("register_id.state", "=", "approved"),
                ("date_deadline", ">=", date_from),
                ("date_deadline", "<=", date_to),
            ]
        )
        by_scope = {}
        for measure in measures:
            row = by_scope.setdefault(measure.register_id.scope_name, [0, 0, 0])
            row[0] += 1
            if measure.done_date and measure.done_date <= date_to:
                row[1] += 1
            elif measure.date_deadline < reference:
                row[2] += 1
        Risk = self.env["ctcl.risk"].sudo().with_context(active_test=False)
        revised = Risk.search(
            [
                ("company_id", "=", company.id),
                ("register_id.state", "=", "approved"),
                ("register_id.approved_date", ">=", date_from),
                ("register_id.approved_date", "<=", date_to),
                ("previous_risk_id", "!=", False),
            ],
            order="register_id, sequence, id",
        )
        changes = [
            (risk, risk.previous_risk_id._ctcl_net_level(), risk._ctcl_net_level())
            for risk in revised
            if risk._ctcl_net_level() != risk.previous_risk_id._ctcl_net_level()
        ]
        rows = (
            self.env["ctcl.nonconformity"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("active", "=", True),
                    ("risk_id", "!=", False),
                ],
                ["risk_id"],
                ["__count"],
            )
        )
        realised = sorted(rows, key=lambda row: (-row[1], row[0].id))
        return {
            "measures_due": sum(r[0] for r in by_scope.values()),
            "measures_done": sum(r[1] for r in by_scope.values()),
            "measures_overdue": sum(r[2] for r in by_scope.values()),
            "by_scope": sorted((name, *row) for name, row in by_scope.items()),
            "changes": changes,
            "level_down": sum(1 for _r, old, new in changes if new < old),
            "level_up": sum(1 for _r, old, new in changes if new > old),
            "realised": realised,
            "nc_realised": sum(count for _risk, count in realised),
        }
