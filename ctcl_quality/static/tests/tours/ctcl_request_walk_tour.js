import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The whole BM.CTCL.01 walk, one tour per step, each run by the owner of the
// step (see tests/test_tours_action_request.py). Each ends on what the user
// sees: the new state in the status bar and the step's button gone.

const { DateTime } = luxon;

function pick(field, text) {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `Pick ${text}`,
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item:contains(${text})`,
            run: "click",
        },
    ];
}

function write(field, text) {
    return {
        content: `Write ${field}`,
        trigger: `.o_field_widget[name=${field}] textarea`,
        run: `edit ${text}`,
    };
}

function clickStep(button) {
    return {
        content: `Click ${button}`,
        trigger: `.o_form_statusbar button[name=${button}]`,
        run: "click",
    };
}

function confirmDialog() {
    return {
        content: "Confirm",
        trigger: ".modal-footer button.btn-primary",
        run: "click",
    };
}

function landsOn(state, button) {
    return [
        {
            content: `The request is now “${state}”`,
            trigger: `.o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
        },
        {
            content: `${button} is gone`,
            trigger: `.o_form_statusbar:not(:has(button[name=${button}]))`,
        },
        {
            content: "Saved, no error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ];
}

function stepTour(name, steps) {
    registry.category("web_tour.tours").add(name, { steps: () => steps() });
}

stepTour("ctcl_request_walk_new", () => [
    {
        content: "Create a request",
        trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
        run: "click",
    },
    write("description", "Hồ sơ đất đai trả kết quả trễ hạn"),
    ...pick("source_id", "Tour source"),
    ...stepUtils.saveForm(),
    clickStep("action_submit"),
    ...landsOn("assessment", "action_submit"),
]);

stepTour("ctcl_request_walk_assess", () => [
    {
        content: "Tick a need criterion",
        trigger: ".o_field_widget[name=need_criterion_ids] input[type=checkbox]:first",
        run: "click",
    },
    clickStep("action_forward"),
    ...landsOn("iso_review", "action_forward"),
]);

stepTour("ctcl_request_walk_consolidate", () => [
    clickStep("action_submit_to_board"),
    ...landsOn("board_review", "action_submit_to_board"),
]);

stepTour("ctcl_request_walk_assign", () => [
    ...pick("implementing_department_id", "Unit B"),
    ...pick("assignee_id", "staff_b"),
    clickStep("action_assign"),
    ...landsOn("analysis", "action_assign"),
]);

stepTour("ctcl_request_walk_propose", () => [
    write("cause", "Không có sổ theo dõi thời hạn"),
    write("measures", "Lập sổ theo dõi thời hạn hằng tuần"),
    clickStep("action_propose"),
    ...landsOn("approval", "action_propose"),
]);

stepTour("ctcl_request_walk_approve", () => [
    ...pick("implementer_ids", "staff_b"),
    {
        content: "Set the completion date",
        trigger: ".o_field_widget[name=date_deadline] input",
        run: `edit ${formatDate(DateTime.now().plus({ days: 60 }))} && press Enter`,
    },
    clickStep("action_approve"),
    ...landsOn("implementation", "action_approve"),
]);

stepTour("ctcl_request_walk_report_done", () => [
    write("result_summary", "Đã lập sổ theo dõi, không còn hồ sơ trễ hạn"),
    clickStep("action_report_done"),
    ...landsOn("verification", "action_report_done"),
]);

stepTour("ctcl_request_walk_verify", () => [
    clickStep("action_open_verify_wizard"),
    {
        content: "Achieved",
        trigger: ".modal .o_field_widget[name=verification_result] input[data-value=achieved]",
        run: "click",
    },
    {
        content: "The remarks",
        trigger: ".modal .o_field_widget[name=verification_remarks] textarea",
        run: "edit Sổ theo dõi tháng 11",
    },
    {
        content: "Confirm the verification",
        trigger: ".modal button[name=action_confirm]",
        run: "click",
    },
    ...landsOn("to_close", "action_open_verify_wizard"),
]);

stepTour("ctcl_request_walk_close", () => [
    clickStep("action_open_close_wizard"),
    {
        content: "The verifier's remarks are shown",
        trigger: ".modal .o_field_widget[name=verification_remarks]:contains(Sổ theo dõi tháng 11)",
    },
    {
        content: "Box 3: the evidence of the result",
        trigger: ".modal .o_field_widget[name=verification_evidence] textarea",
        run: "edit Biên bản kiểm tra hồ sơ tháng 12",
    },
    confirmDialog(),
    ...landsOn("done", "action_open_close_wizard"),
    {
        content: "Box 3 shows the evidence",
        trigger: ".o_field_widget[name=verification_evidence]:contains(Biên bản kiểm tra hồ sơ tháng 12)",
    },
]);
