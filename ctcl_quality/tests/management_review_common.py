from datetime import date, datetime

from odoo import fields

from .common import CtclCase


class ManagementReviewCase(CtclCase):
    """Factories for management reviews (QT.CTCL 5.8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"ctcl_review_due_day": 15, "ctcl_review_due_month": 12})
        cls.Review = cls.env["ctcl.management.review"]
        cls.Audit = cls.env["ctcl.management.review.audit"]

    def new_audit(self, user=None, **vals):
        values = {
            "name": "Đánh giá nội bộ đợt 1 năm 2025",
            "date": date(2025, 11, 20),
            "scope": "Văn phòng Sở, Bộ phận Một cửa",
            "report_reference": "15/BC-ĐGNB",
            "finding_count": 7,
        }
        values.update(vals)
        return self.Audit.with_user(user or self.secretary).create(values)

    @staticmethod
    def discussed_topics(codes="123456"):
        """The seven standard topics of BM.CTCL.02, those of ``codes`` filled."""
        return [
            fields.Command.create(
                {
                    "code": code,
                    "sequence": int(code),
                    "content": f"Báo cáo, thảo luận nội dung {code}"
                    if code in codes
                    else False,
                }
            )
            for code in "1234567"
        ]

    def new_review(self, form="meeting", discussed="123456", **vals):
        """A draft review; it follows a new internal audit round of its period
        unless ``audit_ids`` says otherwise, and its topics of ``discussed`` are
        filled (BM.CTCL.02), with a general conclusion for a meeting."""
        values = {
            "review_form": form,
            "title": "Xem xét của lãnh đạo năm 2025",
            "date_from": date(2025, 1, 1),
            "date_to": date(2025, 12, 31),
            "topic_ids": self.discussed_topics(discussed),
        }
        if form == "meeting":
            values.update(
                {
                    "conclusion": discussed and "HTQLCL được duy trì phù hợp.",
                    "meeting_start": datetime(2025, 12, 10, 1, 0),
                    "meeting_end": datetime(2025, 12, 10, 4, 30),
                    "place": "Hội trường Sở",
                    "chair_id": self.leader.id,
                    "secretary_id": self.secretary.id,
                    "attendee_ids": [
                        (0, 0, {"name": "Trần Minh Quang", "job_title": "Giám đốc Sở"}),
                        (0, 0, {"name": "Lê Thị Thu Hà", "job_title": "Phó Giám đốc"}),
                    ],
                    "presentation_ids": [
                        (
                            0,
                            0,
                            {
                                "reporter_id": self.secretary.id,
                                "summary": "Báo cáo kết quả vận hành HTQLCL năm 2025",
                            },
                        )
                    ],
                }
            )
        values.update(vals)
        if "audit_ids" not in values:
            end = fields.Date.to_date(values["date_to"])
            held = fields.Date.to_date(
                values.get("meeting_start") or values.get("report_date")
            ) or fields.Date.context_today(self.Review)
            audit = self.new_audit(
                name=f"Đánh giá nội bộ năm {end.year}", date=min(end, held)
            )
            values["audit_ids"] = [(6, 0, audit.ids)]
        return self.Review.with_user(self.secretary).create(values)

    def add_decisions(self, review, user=None):
        review.with_user(user or self.secretary).write(
            {
                "conclusion": "HTQLCL được duy trì phù hợp.",
                "decision_ids": [
                    (
                        0,
                        0,
                        {
                            "kind": "improvement",
                            "description": "Số hóa sổ theo dõi hồ sơ TTHC",
                            "department_id": self.dept_a.id,
                            "date_deadline": date(2026, 3, 31),
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "kind": "resource",
                            "description": "Bổ sung 01 máy scan cho Bộ phận Một cửa",
                            "department_id": self.dept_b.id,
                            "date_deadline": date(2026, 6, 30),
                        },
                    ),
                ],
            }
        )

    def approved_meeting(self, **vals):
        review = self.new_review(**vals)
        review.with_user(self.secretary).action_compile_inputs()
        self.add_decisions(review)
        review.with_user(self.secretary).action_record_minutes()
        review.with_user(self.leader).action_approve_minutes()
        return review
