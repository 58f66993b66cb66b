import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A unit's risk analysis table from **New** to its approval, each step as its
// owner, and its isolation from another unit (tests/test_tours_risk_register.py).

// The tests open the tables' action by its URL (the Quality app lands on
// another list first: waiting for "a list" after the menu clicks would race).
function openRegisters() {
    return [
        {
            content: "The tables are listed",
            trigger: ".o_kanban_view, .o_list_view",
        },
    ];
}

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
            content: `The table is now “${state}”`,
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

// The line as the table shows it: level 20 (4 × 5), critical band.
const riskRow =
    ".o_field_widget[name=risk_ids] .o_data_row:contains(Hồ sơ TTHC trễ hạn thử nghiệm)";
const riskShown = [
    {
        content: "The level is computed",
        trigger: `${riskRow} td[name=level]:contains(20)`,
    },
    {
        content: "The band is shown",
        // The label is in the user's language: the value is checked in Python.
        trigger: `${riskRow} td[name=band] .badge`,
    },
];

registry.category("web_tour.tours").add("ctcl_risk_register_draft", {
    steps: () => [
        ...openRegisters(),
        {
            content: "Draft the unit's table",
            trigger: ".o-kanban-button-new, .o_list_button_add",
            run: "click",
        },
        {
            content: "The unit is the drafter's",
            trigger: ".o_field_widget[name=department_id] input:value(Unit A)",
        },
        {
            content: "The drafter can draft",
            trigger: ".o_form_statusbar button[name=action_submit]",
        },
        {
            content: "Staff draft in their own name only",
            trigger: ".o_field_widget[name=drafter_id].o_readonly_modifier",
        },
        {
            content: "Add a risk",
            trigger: ".o_field_widget[name=risk_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        edit("name", "Hồ sơ TTHC trễ hạn thử nghiệm"),
        edit("process", "Giao đất, cho thuê đất"),
        edit("cause", "Thiếu theo dõi thời hạn", "textarea"),
        edit("likelihood", "4"),
        edit("impact", "5"),
        {
            content: "Treatment",
            trigger: ".modal .o_field_widget[name=treatment] select",
            // Options carry JSON values.
            run: 'select "mitigate"',
        },
        {
            content: "The level is computed in the line",
            trigger: ".modal .o_field_widget[name=level]:contains(20)",
        },
        {
            content: "The band follows the level",
            trigger: ".modal .o_field_widget[name=band]:not(:empty)",
        },
        {
            content: "Add a measure",
            trigger:
                ".modal .o_field_widget[name=measure_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The measure",
            trigger:
                ".modal .o_field_widget[name=measure_ids] .o_data_row [name=name] textarea",
            run: "edit Lập sổ theo dõi hạn giải quyết",
        },
        {
            content: "Its due date",
            trigger:
                ".modal .o_field_widget[name=measure_ids] .o_data_row [name=date_deadline] input",
            run: "edit 06/30/2030",
        },
        {
            content: "Save the risk",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        ...riskShown,
        ...stepUtils.saveForm(),
        {
            content: "Submit for approval",
            trigger: ".o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        ...landsOn("submitted", "action_submit"),
        ...riskShown,
        {
            content: "The drafter cannot approve",
            trigger: ".o_form_statusbar:not(:has(button[name=action_approve]))",
        },
    ],
});

registry.category("web_tour.tours").add("ctcl_risk_register_approve", {
    steps: () => [
        ...openRegisters(),
        {
            content: "Open the unit's table",
            trigger: ".o_kanban_record:contains(Unit A)",
            run: "click",
        },
        {
            content: "It waits for approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
        ...riskShown,
        {
            content: "Approve",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        ...landsOn("approved", "action_approve"),
        ...riskShown,
        {
            content: "The table is in force",
            trigger: ".o_form_view .ribbon:not(.d-none)",
        },
    ],
});

registry.category("web_tour.tours").add("ctcl_risk_register_other_unit", {
    steps: () => [
        ...openRegisters(),
        {
            content: "Show the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The own unit's table is listed",
            trigger: ".o_list_view .o_data_row td[name=scope_name]:contains(Unit B)",
        },
        {
            content: "The other unit's table is not",
            trigger: ".o_list_view:not(:has(td[name=scope_name]:contains(Unit A)))",
        },
    ],
});

// The agency's own table: the ISO secretary drafts it (no unit), the top
// leader approves it.
const agencyRow =
    ".o_field_widget[name=risk_ids] .o_data_row:contains(Cháy rừng không phát hiện kịp thời)";

registry.category("web_tour.tours").add("ctcl_risk_register_agency_draft", {
    steps: () => [
        ...openRegisters(),
        {
            content: "Draft a table",
            trigger: ".o-kanban-button-new, .o_list_button_add",
            run: "click",
        },
        {
            content: "Clear the unit: the table of the agency as a whole",
            trigger: ".o_field_widget[name=department_id] input",
            run: "clear",
        },
        {
            content: "Add a risk",
            trigger: ".o_field_widget[name=risk_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        edit("name", "Cháy rừng không phát hiện kịp thời"),
        edit("process", "Quản lý bảo vệ rừng"),
        edit("likelihood", "3"),
        edit("impact", "5"),
        {
            content: "Treatment",
            trigger: ".modal .o_field_widget[name=treatment] select",
            run: 'select "mitigate"',
        },
        {
            content: "The level is computed in the line",
            trigger: ".modal .o_field_widget[name=level]:contains(15)",
        },
        {
            // Test users read English: 15 is high, not critical (unsaved table).
            content: "Banded with the company's thresholds before the table is saved",
            trigger: ".modal .o_field_widget[name=band]:contains(High)",
        },
        {
            content: "Save the risk",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The line is in the table",
            trigger: `${agencyRow} td[name=level]:contains(15)`,
        },
        ...stepUtils.saveForm(),
        {
            content: "The table is the agency's",
            trigger: ".o_field_widget[name=name]:contains(Test agency)",
        },
        {
            content: "Submit for approval",
            trigger: ".o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        ...landsOn("submitted", "action_submit"),
        {
            content: "The ISO secretary cannot approve",
            trigger: ".o_form_statusbar:not(:has(button[name=action_approve]))",
        },
    ],
});

registry.category("web_tour.tours").add("ctcl_risk_register_agency_approve", {
    steps: () => [
        ...openRegisters(),
        {
            content: "Open the agency's table",
            trigger: ".o_kanban_record:contains(Test agency)",
            run: "click",
        },
        {
            content: "It waits for approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
        {
            content: "Approve",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        ...landsOn("approved", "action_approve"),
        {
            content: "The table is in force",
            trigger: ".o_form_view .ribbon:not(.d-none)",
        },
    ],
});
