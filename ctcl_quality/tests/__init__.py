from . import (
    test_action_request_workflow,
    test_action_request_access,
    test_action_request_followup,
    test_action_request_retention,
    test_action_request_report,
    test_action_request_queries,
    test_action_request_tour,
)
