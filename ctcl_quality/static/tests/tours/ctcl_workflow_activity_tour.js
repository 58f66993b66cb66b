import { registry } from "@web/core/registry";

// "Mark Done" on the activity of a pending step: refused with a message, the
// activity and the step stay (tests/test_tours_workflow_activity.py).
registry.category("web_tour.tours").add("ctcl_workflow_activity_mark_done", {
    steps: () => [
        {
            content: "Mark the need-assessment activity done",
            trigger: ".o-mail-Activity .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Write a feedback",
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit Đã xem",
        },
        {
            content: "Done",
            trigger: ".o-mail-ActivityMarkAsDone button.btn-primary.mx-2",
            run: "click",
        },
        {
            content: "The refusal points at the step's button",
            trigger: ".modal .o_error_dialog",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The activity is still there",
            trigger: "body:not(:has(.modal)) .o-mail-Activity .o-mail-Activity-markDone",
        },
        {
            content: "The step is still to do",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=assessment]",
        },
        {
            content: "Its button is still offered",
            trigger: ".o_form_statusbar button[name=action_forward]",
        },
    ],
});
