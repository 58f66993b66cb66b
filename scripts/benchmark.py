"""Measure ctcl_quality at scale. Run by scripts/benchmark.sh in ``odoo shell``.

Data: UNITS departments (a parent per 4 units), one head and STAFF_PER_UNIT
staff per unit, and REQUESTS action requests spread over the units and states,
of which a fifth are running past their completion date.
"""

import os
import time
from datetime import timedelta

from odoo import fields

UNITS = int(os.environ.get("CTCL_BENCH_UNITS", "40"))
STAFF_PER_UNIT = int(os.environ.get("CTCL_BENCH_STAFF", "5"))
REQUESTS = int(os.environ.get("CTCL_BENCH_REQUESTS", "20000"))
RUNS = 5

env = globals()["env"]  # provided by odoo shell
results = []


def measure(label, func, runs=RUNS):
    timings = []
    for _i in range(runs):
        env.invalidate_all()
        start = time.perf_counter()
        value = func()
        timings.append(time.perf_counter() - start)
    timings.sort()
    results.append((label, timings[len(timings) // 2] * 1000, value))


def group(xmlid):
    return env.ref(f"ctcl_quality.{xmlid}")


Department = env["hr.department"]
parents = Department.create([{"name": f"Khối {i}"} for i in range(UNITS // 4 or 1)])
units = Department.create(
    [
        {"name": f"Đơn vị {i}", "parent_id": parents[i % len(parents)].id}
        for i in range(UNITS)
    ]
)
users = env["res.users"].with_context(no_reset_password=True)
heads, staff = [], []
for index, unit in enumerate(units):
    head = users.create(
        {
            "name": f"Trưởng {index}",
            "login": f"head{index}",
            "groups_id": [(6, 0, group("group_ctcl_unit_head").ids)],
        }
    )
    unit.manager_id = env["hr.employee"].create(
        {"name": head.name, "user_id": head.id, "department_id": unit.id}
    )
    heads.append(head)
    for member in range(STAFF_PER_UNIT):
        user = users.create(
            {
                "name": f"CB {index}.{member}",
                "login": f"staff{index}_{member}",
                "groups_id": [(6, 0, group("group_ctcl_staff").ids)],
            }
        )
        env["hr.employee"].create(
            {"name": user.name, "user_id": user.id, "department_id": unit.id}
        )
        staff.append(user)
secretary = users.create(
    {
        "name": "Thư ký",
        "login": "secretary",
        "groups_id": [(6, 0, group("group_ctcl_iso_secretary").ids)],
    }
)

today = fields.Date.context_today(env["ctcl.action.request"])
source = env.ref("ctcl_quality.ctcl_source_internal_audit")
states = ["draft", "assessment", "iso_review", "analysis", "implementation", "done"]
Request = (
    env["ctcl.action.request"]
    .sudo()
    .with_context(tracking_disable=True, mail_create_nolog=True)
)
start = time.perf_counter()
batch = []
for i in range(REQUESTS):
    unit = units[i % UNITS]
    state = states[i % len(states)]
    vals = {
        "requesting_department_id": unit.id,
        "implementing_department_id": units[(i + 7) % UNITS].id,
        "requester_id": staff[i % len(staff)].id,
        "description": f"Hồ sơ KPH số {i}",
        "source_id": source.id,
        "state": state,
        "request_date": today - timedelta(days=i % 300),
    }
    if state == "implementation":
        vals.update(
            date_deadline=today - timedelta(days=5)
            if i % 5 == 0
            else today + timedelta(days=40),
            approved_date=today - timedelta(days=45),
            implementer_ids=[(6, 0, [staff[(i + 1) % len(staff)].id])],
            assignee_id=staff[(i + 1) % len(staff)].id,
        )
    batch.append(vals)
    if len(batch) == 1000:
        Request.create(batch)
        batch = []
if batch:
    Request.create(batch)
env.flush_all()
creation = time.perf_counter() - start
results.append(
    (f"create {REQUESTS} requests (sudo, no tracking)", creation * 1000, REQUESTS)
)

list_fields = [
    "name",
    "request_date",
    "requesting_department_id",
    "request_type",
    "source_id",
    "implementing_department_id",
    "assignee_id",
    "date_deadline",
    "state",
]


def list_page(user, domain=()):
    records = env["ctcl.action.request"].with_user(user)
    return len(records.search_read(list(domain), list_fields, limit=80))


def count(user, domain=()):
    return env["ctcl.action.request"].with_user(user).search_count(list(domain))


staff_user, head_user = staff[0], heads[0]
measure("staff: count visible requests (own unit rule)", lambda: count(staff_user))
measure("staff: first list page (80 rows)", lambda: list_page(staff_user))
measure("unit head: count visible (unit tree rule)", lambda: count(head_user))
measure("unit head: first list page", lambda: list_page(head_user))
measure("ISO secretary: count all", lambda: count(secretary))
measure("ISO secretary: first list page", lambda: list_page(secretary))
measure(
    "ISO secretary: 'Overdue' filter count",
    lambda: count(
        secretary, [("state", "=", "implementation"), ("date_deadline", "<", today)]
    ),
)
measure(
    "ISO secretary: pivot by unit and state",
    lambda: len(
        env["ctcl.action.request"]
        .with_user(secretary)
        .read_group(
            [],
            ["requesting_department_id", "state"],
            ["requesting_department_id", "state"],
            lazy=False,
        )
    ),
)

FollowUp = env["ctcl.follow.up"]


def follow_up_all():
    calls = 0
    while True:
        calls += 1
        FollowUp._cron_follow_up()
        env.flush_all()
        remaining = sum(
            env[model].search_count(domain)
            for model, domain, _m in FollowUp._ctcl_reminders()
        )
        if not remaining:
            return calls


start = time.perf_counter()
calls = follow_up_all()
results.append(
    (
        "daily follow-up, first run (all reminders due)",
        (time.perf_counter() - start) * 1000,
        calls,
    )
)
measure("daily follow-up, second run (nothing new)", follow_up_all)

print()
print(f"Data: {UNITS} units, {len(heads) + len(staff) + 1} users, {REQUESTS} requests")
print(f"{'measure':<52} {'ms (median)':>12}  result")
for label, ms, value in results:
    print(f"{label:<52} {ms:>12.1f}  {value}")
env.cr.rollback()
