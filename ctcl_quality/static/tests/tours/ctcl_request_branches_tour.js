import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { openTab } from "@ctcl_quality/../tests/tours/ctcl_tour_steps";

// The side roads of a BM.CTCL.01 request: send back, progress report, change
// request, failed verification (tests/test_tours_action_request.py).

const { DateTime } = luxon;

function clickStep(button) {
    return {
        content: `Click ${button}`,
        trigger: `.o_form_statusbar button[name=${button}]`,
        run: "click",
    };
}

function landsOn(state) {
    return [
        {
            content: `The request is now “${state}”`,
            trigger: `.o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
        },
        {
            content: "No dialog left open, no error",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

function dialogText(field, text) {
    return {
        content: `Write ${field}`,
        trigger: `.modal .o_field_widget[name=${field}] textarea`,
        run: `edit ${text}`,
    };
}

const saveDialog = {
    content: "Save",
    trigger: ".modal .modal-footer .btn-primary",
    run: "click",
};

registry.category("web_tour.tours").add("ctcl_request_send_back", {
    steps: () => [
        clickStep("action_open_send_back_wizard"),
        dialogText("reason", "Chưa phân tích nguyên nhân gốc"),
        saveDialog,
        ...landsOn("analysis"),
    ],
});

registry.category("web_tour.tours").add("ctcl_request_progress_and_change", {
    steps: () => [
        clickStep("action_open_progress_form"),
        dialogText("content", "Đã lập sổ, đang theo dõi tháng đầu"),
        saveDialog,
        ...landsOn("implementation"),
        openTab("progress", "Open the progress reports"),
        {
            content: "The report is listed",
            trigger: ".o_field_widget[name=progress_ids] .o_data_row:contains(Đã lập sổ)",
        },
        clickStep("action_open_change_form"),
        {
            content: "A new completion date",
            trigger: ".modal .o_field_widget[name=change_type] input[data-value=deadline]",
            run: "click",
        },
        {
            content: "The date",
            trigger: ".modal .o_field_widget[name=new_date_deadline] input",
            run: `edit ${formatDate(DateTime.now().plus({ days: 90 }))} && press Enter`,
        },
        dialogText("description", "Chờ phần mềm theo dõi hồ sơ"),
        saveDialog,
        ...landsOn("implementation"),
        openTab("changes", "Open the changes"),
        {
            content: "The change waits for the ISO board leader",
            trigger: ".o_field_widget[name=change_ids] .o_data_row:contains(Chờ phần mềm)",
        },
    ],
});

registry.category("web_tour.tours").add("ctcl_request_approve_change", {
    steps: () => [
        openTab("changes", "Open the changes"),
        {
            content: "Approve the change",
            trigger: ".o_field_widget[name=change_ids] .o_data_row button[name=action_approve]",
            run: "click",
        },
        {
            content: "The change is decided",
            trigger: ".o_field_widget[name=change_ids] .o_data_row:not(:has(button[name=action_approve]))",
        },
    ],
});

registry.category("web_tour.tours").add("ctcl_request_not_achieved", {
    steps: () => [
        clickStep("action_open_verify_wizard"),
        {
            content: "Not achieved",
            trigger: ".modal .o_field_widget[name=verification_result] input[data-value=not_achieved]",
            run: "click",
        },
        dialogText("verification_remarks", "Vẫn còn 2 hồ sơ trễ hạn trong tháng 11"),
        {
            content: "Confirm the verification",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        ...landsOn("to_close"),
        {
            content: "The follow-up request is linked",
            trigger: ".o-form-buttonbox .oe_stat_button",
        },
    ],
});

// QT.CTCL 5.6: at the completion date, without a report of completion, the
// agency leadership finds the request under "To verify" and verifies it.
registry.category("web_tour.tours").add("ctcl_request_verify_at_deadline", {
    steps: () => [
        {
            content: "The request waits under “To verify”, still in implementation",
            trigger: ".o_list_renderer .o_data_row td[name=state]:contains(Implementation)",
            run: "click",
        },
        clickStep("action_open_verify_wizard"),
        {
            content: "The dialog says it was not reported done",
            trigger: ".modal .alert-info:contains(not reported the action done)",
        },
        {
            content: "Not done",
            trigger: ".modal .o_field_widget[name=verification_result] input[data-value=not_done]",
            run: "click",
        },
        dialogText("verification_remarks", "Chưa lập sổ theo dõi thời hạn"),
        {
            content: "Confirm the verification",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        ...landsOn("to_close"),
        {
            content: "The follow-up request is linked",
            trigger: ".o-form-buttonbox .oe_stat_button",
        },
    ],
});
