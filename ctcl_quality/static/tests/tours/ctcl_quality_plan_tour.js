import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openTab } from "@ctcl_quality/../tests/tours/ctcl_tour_steps";

// A unit's quality objectives plan from **New** to its approval, then a
// measurement from **New** (tests/test_tours_quality_plan.py).

function edit(field, text, tag = "input") {
    return {
        content: `Fill ${field}`,
        trigger: `.modal .o_field_widget[name=${field}] ${tag}`,
        run: `edit ${text}`,
    };
}

function landsOn(state, button) {
    return [
        {
            content: `The plan is now “${state}”`,
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

registry.category("web_tour.tours").add("ctcl_quality_plan_new", {
    steps: () => [
        {
            content: "Draft the unit's plan",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The unit",
            trigger: ".o_field_widget[name=department_id] input",
            run: "edit Unit A",
        },
        {
            content: "Pick Unit A",
            trigger: ".o_field_widget[name=department_id] .o-autocomplete--dropdown-item:first-child:contains(Unit A)",
            run: "click",
        },
        {
            // After 29/01 a new plan is the coming year's: this one is late.
            content: "This year's plan",
            trigger: ".o_field_widget[name=year] input",
            run: `edit ${new Date().getFullYear()}`,
        },
        {
            content: "Add an objective",
            trigger: ".o_field_widget[name=objective_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        edit("name", "Giải quyết hồ sơ đúng hạn thử nghiệm", "textarea"),
        edit("measurement_method", "Tỷ lệ hồ sơ đúng hạn", "textarea"),
        edit("target_value", "98"),
        edit("target_uom", "%"),
        edit("measures", "Theo dõi thời hạn hằng tuần", "textarea"),
        edit("policy_commitment_id", "đúng pháp luật"),
        {
            content: "Pick the policy commitment the objective serves",
            trigger: ".modal .o_field_widget[name=policy_commitment_id] .o-autocomplete--dropdown-item:first-child:contains(đúng pháp luật)",
            run: "click",
        },
        {
            content: "Save the objective",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The objective is in the plan",
            trigger: ".o_field_widget[name=objective_ids] .o_data_row:contains(Giải quyết hồ sơ đúng hạn thử nghiệm)",
        },
        ...stepUtils.saveForm(),
        {
            content: "Submit for approval",
            trigger: ".o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        ...landsOn("submitted", "action_submit"),
        {
            content: "Approve",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        ...landsOn("approved", "action_approve"),
    ],
});

registry.category("web_tour.tours").add("ctcl_quality_measurement_new", {
    steps: () => [
        {
            content: "Record a measurement",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The form opens without an error",
            trigger: ".o_form_view .o_field_widget[name=objective_id] input",
            run: "edit hồ sơ đúng hạn thử nghiệm",
        },
        {
            content: "Pick the objective",
            trigger: ".o_field_widget[name=objective_id] .o-autocomplete--dropdown-item:contains(hồ sơ đúng hạn thử nghiệm)",
            run: "click",
        },
        {
            content: "The measured value",
            trigger: ".o_field_widget[name=value] input",
            run: "edit 99",
        },
        ...stepUtils.saveForm(),
        {
            content: "The status is computed",
            trigger: ".o_field_widget[name=status]:not(:empty)",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

// Year end: the achievement report of the plan, then next year's plan from it.
registry.category("web_tour.tours").add("ctcl_quality_report_year_end", {
    steps: () => [
        {
            content: "Open the achievement report",
            trigger: ".o_form_statusbar button[name=action_create_report]",
            run: "click",
        },
        {
            content: "The objective is evaluated from its measurements",
            trigger: ".o_field_widget[name=line_ids] .o_data_row",
        },
        {
            content: "Submit the report",
            trigger: ".o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        ...landsOn("submitted", "action_submit"),
        {
            content: "Approve it",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        ...landsOn("approved", "action_approve"),
        {
            content: "Draft next year's plan",
            trigger: ".o_form_statusbar button[name=action_create_next_plan]",
            run: "click",
        },
        {
            content: "Next year's plan opens in draft",
            trigger: ".o_form_view .o_field_widget[name=objective_ids] .o_data_row",
        },
        {
            content: "It is a draft",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=draft]",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

// A revision during the year: the head reopens the approved plan with a
// reason, raises a target, and the revision goes through the same approval.
registry.category("web_tour.tours").add("ctcl_quality_plan_revise", {
    steps: () => [
        {
            content: "Revise the approved plan",
            trigger: ".o_form_statusbar button[name=action_open_reopen_wizard]",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Nâng chỉ tiêu theo chỉ đạo của tỉnh",
        },
        {
            content: "Reopen for revision",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The plan is a draft again, as revision 1",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=draft]",
        },
        {
            content: "The revision number shows",
            trigger: ".o_field_widget[name=revision]:contains(1)",
        },
        {
            content: "Open the objective",
            trigger: ".o_field_widget[name=objective_ids] .o_data_row td.o_data_cell[name=name]",
            run: "click",
        },
        edit("target_value", "99"),
        {
            content: "Save the objective",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The objective is saved",
            trigger: "body:not(:has(.modal))",
        },
        ...stepUtils.saveForm(),
        {
            content: "Submit the revision",
            trigger: ".o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        ...landsOn("submitted", "action_submit"),
        {
            content: "Approve the revision",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        ...landsOn("approved", "action_approve"),
        openTab("revisions", "Open the history"),
        {
            content: "Both approved revisions are kept",
            trigger: ".o_field_widget[name=revision_ids] .o_data_row:nth-child(2)",
        },
    ],
});

// On a phone, plans, objectives, measurements and reports open on cards, and a
// card opens its record (tests/test_tours_quality_plan.py).
registry.category("web_tour.tours").add("ctcl_quality_phone_cards", {
    steps: () => [
        {
            content: "The records show as cards, not a squeezed table",
            trigger: ".o_kanban_view:not(:has(.o_list_renderer))",
        },
        {
            content: "Open the card of Unit A",
            trigger: ".o_kanban_record:not(.o_kanban_ghost):contains(Unit A)",
            run: "click",
        },
        {
            content: "The record opens",
            trigger: ".o_form_view .o_form_sheet",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
