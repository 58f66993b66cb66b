import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A staff member opens a BM.CTCL.01 request and submits it to the unit head.
registry.category("web_tour.tours").add("ctcl_action_request_submit_tour", {
    url: "/odoo/action-ctcl_quality.ctcl_action_request_action",
    steps: () => [
        {
            content: "Create a request",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            content: "Describe the nonconformity",
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit Hồ sơ trả kết quả trễ hạn, kiểm thử giao diện",
        },
        {
            content: "Choose the source",
            trigger: ".o_field_widget[name=source_id] input",
            run: "edit Tour source",
        },
        {
            content: "Pick it",
            trigger: ".o_field_widget[name=source_id] .o-autocomplete--dropdown-item:contains(Tour source)",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Submit to the head of the unit",
            trigger: ".o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        {
            content: "The request waits for the need assessment",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=assessment]",
        },
        {
            content: "The submit button is gone",
            trigger: ".o_form_statusbar:not(:has(button[name=action_submit]))",
        },
    ],
});
