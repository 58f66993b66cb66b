from datetime import timedelta

from freezegun import freeze_time

from .common import CtclCase


class CtclKpiCase(CtclCase):
    """CtclCase with requests built to the dates a key figure needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The agency's date is the test's: the views count days in the time
        # zone of the agency, the test in UTC.
        cls.company.ctcl_tz = "UTC"

    def kpi(self, request):
        """The figures row of ``request``, read fresh from the view."""
        row = self.env["ctcl.kpi.request"].search([("request_id", "=", request.id)])
        self.assertEqual(len(row), 1)
        return row

    def implementing(self, deadline, request_date=None, **vals):
        """A request in implementation with the completion date ``deadline``."""
        request = self.new_request(
            request_date=request_date or min(deadline, self.today) - timedelta(days=30),
            **vals,
        )
        self.walk_to(request, "approval")
        request.with_user(self.iso_leader).write(
            {"implementer_ids": [(6, 0, self.staff_b.ids)], "date_deadline": deadline}
        )
        request.with_user(self.iso_leader).action_approve()
        if request.state != "implementation":
            raise AssertionError(f"{request.name} is not in implementation")
        return request

    def close_on(self, request, day, result="achieved"):
        """Report, verify and close ``request`` on ``day``."""
        with freeze_time(day):
            self.walk_to(request, "verification")
            self.do_step(request, result)
            self.walk_to(request, "done")
        self.assertEqual(request.close_date, day)
        return request

    def extend(self, request, new_deadline, approve=True):
        change = (
            self.env["ctcl.action.change"]
            .with_user(self.staff_b)
            .create(
                {
                    "request_id": request.id,
                    "change_type": "deadline",
                    "description": "Gia hạn do chờ ý kiến của Sở Tài chính",
                    "new_date_deadline": new_deadline,
                }
            )
        )
        if approve:
            change.with_user(self.iso_leader).action_approve()
        else:
            change.with_user(self.iso_leader).action_refuse()
        return change
