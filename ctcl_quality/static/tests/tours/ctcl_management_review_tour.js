import { formatDate, formatDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openTab } from "@ctcl_quality/../tests/tours/ctcl_tour_steps";

// A management review (meeting form, BM.CTCL.02) from **New** to the dispatch
// of its outputs, each step as its owner (tests/test_tours_management_review.py).

const { DateTime } = luxon;

function clickStep(button) {
    return {
        content: `Click ${button}`,
        trigger: `.o_form_statusbar button[name=${button}]`,
        run: "click",
    };
}

function landsOn(state, button) {
    return [
        {
            content: `The review is now “${state}”`,
            trigger: `.o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
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

// Every input topic of BM.CTCL.02 is reported on (1–6); the minutes of a
// meeting also conclude (QT.CTCL 5.8.1.2, 5.8.2.1).
function fillContents(meeting) {
    const topics = ".o_field_widget[name=topic_ids]";
    const steps = [
        openTab("topics", "Open the discussion"),
    ];
    for (let row = 1; row <= 6; row++) {
        steps.push(
            {
                content: `Topic ${row}`,
                trigger: `${topics} .o_data_row:nth-child(${row}) td[name=content]`,
                run: "click",
            },
            {
                content: `Report on topic ${row}`,
                trigger: `${topics} .o_data_row:nth-child(${row}).o_selected_row .o_field_widget[name=content] textarea`,
                run: `edit Nội dung báo cáo, thảo luận ${row}`,
            }
        );
    }
    if (meeting) {
        steps.push(
            openTab("decisions", "Open the conclusions"),
            {
                content: "General conclusion",
                trigger: ".o_field_widget[name=conclusion] textarea",
                run: "edit HTQLCL được duy trì phù hợp.",
            }
        );
    }
    return [...steps, ...stepUtils.saveForm()];
}

function at(hour) {
    return formatDateTime(
        DateTime.now().minus({ days: 1 }).set({ hour, minute: 0, second: 0 })
    );
}

registry.category("web_tour.tours").add("ctcl_management_review_new", {
    steps: () => [
        {
            content: "Prepare a review",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            content: "Title",
            trigger: ".o_field_widget[name=title] input",
            run: "edit Xem xét của lãnh đạo thử nghiệm",
        },
        {
            content: "Opening time",
            trigger: ".o_field_widget[name=meeting_start] input",
            run: `edit ${at(8)} && press Enter`,
        },
        {
            content: "Closing time",
            trigger: ".o_field_widget[name=meeting_end] input",
            run: `edit ${at(11)} && press Enter`,
        },
        {
            content: "Add an attendee",
            trigger: ".o_field_widget[name=attendee_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Attendee's name",
            trigger: ".o_field_widget[name=attendee_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Trần Minh Quang",
        },
        {
            content: "The internal audit round of the period is proposed",
            trigger: ".o_field_widget[name=audit_ids] .o_tag:contains(Đánh giá nội bộ năm)",
        },
        ...stepUtils.saveForm(),
        openTab("topics", "Open the discussion"),
        {
            content: "The seven standard topics were saved",
            trigger: ".o_field_widget[name=topic_ids] .o_data_row:nth-child(7)",
        },
        clickStep("action_compile_inputs"),
        openTab("inputs", "Open the inputs"),
        {
            content: "The inputs are compiled",
            trigger: ".o_field_widget[name=inputs_compiled_date]",
        },
        ...fillContents(true),
        clickStep("action_record_minutes"),
        ...landsOn("recorded", "action_record_minutes"),
    ],
});

registry.category("web_tour.tours").add("ctcl_management_review_approve", {
    steps: () => [
        clickStep("action_approve_minutes"),
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        ...landsOn("approved", "action_approve_minutes"),
    ],
});

registry.category("web_tour.tours").add("ctcl_management_review_dispatch", {
    steps: () => [
        clickStep("action_dispatch"),
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        ...landsOn("dispatched", "action_dispatch"),
    ],
});

// The report form (operating report → comments → notice of results), each
// step as its owner.
registry.category("web_tour.tours").add("ctcl_management_review_report_new", {
    steps: () => [
        {
            content: "Prepare a review",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            content: "Report form",
            trigger: ".o_field_widget[name=review_form] input[data-value=report]",
            run: "click",
        },
        {
            content: "Title",
            trigger: ".o_field_widget[name=title] input",
            run: "edit Báo cáo vận hành thử nghiệm",
        },
        ...stepUtils.saveForm(),
        clickStep("action_compile_inputs"),
        openTab("inputs", "Open the inputs"),
        {
            content: "The inputs are compiled",
            trigger: ".o_field_widget[name=inputs_compiled_date]",
        },
        ...fillContents(false),
        clickStep("action_submit_report"),
        ...landsOn("report_review", "action_submit_report"),
    ],
});

function confirmStep(button, state) {
    return [
        clickStep(button),
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        ...landsOn(state, button),
    ];
}

registry.category("web_tour.tours").add("ctcl_management_review_report_approve", {
    steps: () => confirmStep("action_approve_report", "comments"),
});

registry.category("web_tour.tours").add("ctcl_management_review_report_comment", {
    steps: () => [
        openTab("comments", "Read the comments given so far"),
        {
            content: "None yet",
            trigger: ".o_field_widget[name=comment_ids]:not(:has(.o_data_row))",
        },
        {
            // The commenter's step is in the header, not inside a tab.
            content: "Add a comment",
            trigger: ".o_form_statusbar button[type=action]:contains(Add a comment)",
            run: "click",
        },
        {
            content: "The comment",
            trigger: ".modal .o_field_widget[name=body] textarea",
            run: "edit Cần bổ sung nguồn lực cho bộ phận một cửa",
        },
        {
            content: "Save it",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The comment is listed with the report",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=comment_ids] .o_data_row",
        },
    ],
});

registry.category("web_tour.tours").add("ctcl_management_review_report_notice", {
    steps: () => [
        openTab("decisions", "Open the decisions"),
        {
            content: "Add a decision",
            trigger: ".o_field_widget[name=decision_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "What is decided",
            trigger: ".o_field_widget[name=decision_ids] .o_data_row [name=description] textarea",
            run: "edit Bổ sung một công chức cho bộ phận một cửa",
        },
        {
            content: "The unit",
            trigger: ".o_field_widget[name=decision_ids] .o_data_row [name=department_id] input",
            run: "edit Unit A",
        },
        {
            content: "Pick Unit A",
            trigger: ".o_field_widget[name=decision_ids] .o-autocomplete--dropdown-item:first-child:contains(Unit A)",
            run: "click",
        },
        {
            content: "The deadline",
            trigger: ".o_field_widget[name=decision_ids] .o_data_row [name=date_deadline] input",
            run: `edit ${formatDate(DateTime.now().plus({ days: 90 }))} && press Enter`,
        },
        ...stepUtils.saveForm(),
        clickStep("action_compile_notice"),
        ...landsOn("notice", "action_compile_notice"),
    ],
});

registry.category("web_tour.tours").add("ctcl_management_review_report_submit_notice", {
    steps: () => [clickStep("action_submit_notice"), ...landsOn("notice_submitted", "action_submit_notice")],
});

registry.category("web_tour.tours").add("ctcl_management_review_report_approve_notice", {
    steps: () => [clickStep("action_approve_notice"), ...landsOn("approved", "action_approve_notice")],
});
