import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A nonconformity from its record to its confirmation, on a phone (390×844):
// each step's button must be in the header, not in the ⚙ menu (see
// tests/test_tours_nonconformity.py).

// On a phone a many2one opens a search dialog instead of a dropdown.
function pick(field, text) {
    return [
        {
            content: `Open the choices of ${field}`,
            trigger: `.o_field_widget[name=${field}] input`,
            run: "click",
        },
        {
            content: `Pick ${text}`,
            trigger: `.modal .o_kanban_record:contains(${text}), .modal .o_data_row:contains(${text})`,
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
        content: `Click ${button}, in the header of the phone screen`,
        trigger: `.o_form_statusbar .o_ctcl_phone_step_buttons button[name=${button}]`,
        run: "click",
    };
}

function landsOn(state, button) {
    return [
        {
            content: `The record is now “${state}”`,
            trigger: `.o_statusbar_status [data-value=${state}].o_arrow_button_current:not(:visible), .o_statusbar_status [data-value=${state}].o_arrow_button_current`,
        },
        {
            content: `${button} is gone`,
            trigger: `.o_form_statusbar:not(:has(button[name=${button}]))`,
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ];
}

function phoneTour(name, steps) {
    registry.category("web_tour.tours").add(name, { steps: () => steps() });
}

phoneTour("ctcl_nonconformity_phone_record", () => [
    {
        content: "The phone layout is on: Odoo moved the header buttons to the ⚙ menu",
        trigger: ".o_form_statusbar:not(:has(.o_statusbar_buttons))",
    },
    write("requirement", "Thời hạn giải quyết hồ sơ theo quy định"),
    write("description", "Hồ sơ cấp giấy chứng nhận trả trễ 3 ngày"),
    ...stepUtils.saveForm(),
    clickStep("action_report"),
    ...landsOn("reported", "action_report"),
]);

phoneTour("ctcl_nonconformity_phone_decide", () => [
    ...pick("category_id", "Test: returned late"),
    {
        content: "Rework",
        trigger: ".o_field_widget[name=disposition] input[data-value=rework]",
        run: "click",
    },
    ...pick("assignee_id", "staff_a"),
    clickStep("action_decide"),
    ...landsOn("handling", "action_decide"),
]);

phoneTour("ctcl_nonconformity_phone_result", () => [
    write("result_note", "Đã trả kết quả, xin lỗi người dân"),
    clickStep("action_report_result"),
    ...landsOn("checking", "action_report_result"),
]);

phoneTour("ctcl_nonconformity_phone_confirm", () => [
    clickStep("action_confirm"),
    {
        content: "Confirm",
        trigger: ".modal-footer button.btn-primary",
        run: "click",
    },
    ...landsOn("done", "action_confirm"),
]);

// A recurring nonconformity: the head of the unit opens the action request
// from it (QT.CTCL 5.2.2).
registry.category("web_tour.tours").add("ctcl_nonconformity_recurrence_request", {
    steps: () => [
        {
            content: "The record is flagged as recurring",
            trigger: ".o_field_widget[name=is_recurring]",
        },
        {
            content: "Open the action request",
            trigger: ".o_form_statusbar button.btn-primary[name=action_create_request]",
            run: "click",
        },
        {
            content: "The request opens with box 1 filled from the record",
            trigger: ".o_form_view .o_field_widget[name=nonconformity_ids] .o_tag",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
