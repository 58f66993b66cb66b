from . import (
    ctcl_workflow_mixin,
    res_company,
    res_config_settings,
    res_users,
    hr_department,
    hr_employee,
    ctcl_source,
    ctcl_need_criterion,
    ctcl_action_request,
    ctcl_action_progress,
    ctcl_action_change,
    ctcl_follow_up,
)
