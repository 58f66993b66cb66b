from . import (
    ctcl_action_reason_wizard,
    ctcl_action_verify_wizard,
    ctcl_action_close_wizard,
    ctcl_signoff_check,
    ctcl_quality_plan_reopen_wizard,
    base_partner_merge_automatic_wizard,
)
