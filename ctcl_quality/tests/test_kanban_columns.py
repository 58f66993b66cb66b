from .common import CtclCase


class TestKanbanColumns(CtclCase):
    """The kanban does not open on an empty "Draft" column (a phone shows the
    first column first)."""

    def _columns(self, model, user):
        groups = (
            self.env[model]
            .with_user(user)
            .web_read_group(
                [("company_id", "=", self.company.id)], ["state"], ["state"]
            )["groups"]
        )
        return [group["state"] for group in groups]

    def test_request_kanban_shows_drafts_only_when_there_are_any(self):
        columns = self._columns("ctcl.action.request", self.head_a)
        self.assertNotIn("draft", columns)
        self.assertEqual(columns[0], "assessment")
        self.new_request(user=self.head_a)
        self.assertEqual(self._columns("ctcl.action.request", self.head_a)[0], "draft")

    def test_nonconformity_kanban_starts_after_the_drafts(self):
        columns = self._columns("ctcl.nonconformity", self.staff_a)
        self.assertEqual(columns[0], "reported")
        self.assertIn("done", columns)
