import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

// BM.CTCL.01 in the browser for each role, desktop and phone (see
// tests/test_tours_request_browser.py).

const noError = {
    content: "No error dialog",
    trigger: "body:not(:has(.o_error_dialog))",
};

function tour(name, steps) {
    registry.category("web_tour.tours").add(name, { steps: () => steps() });
}

// QT.CTCL 5.2.2: the head of a unit opens a request and assesses it at once;
// the form never offers to submit it to himself.
tour("ctcl_request_head_assesses", () => [
    {
        content: "Create a request",
        trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
        run: "click",
    },
    {
        content: "Describe the nonconformity",
        trigger: ".o_field_widget[name=description] textarea",
        run: "edit Sổ theo dõi hồ sơ chưa cập nhật thời hạn",
    },
    {
        content: "Choose the source",
        trigger: ".o_field_widget[name=source_id] input",
        run: "edit Tour source",
    },
    {
        content: "Pick it",
        trigger:
            ".o_field_widget[name=source_id] .o-autocomplete--dropdown-item:contains(Tour source)",
        run: "click",
    },
    {
        content: "No “Submit to unit head”: he is the unit head",
        trigger: ".o_form_statusbar:not(:has(button[name=action_submit]))",
    },
    {
        content: "The need assessment is in the draft: tick a criterion",
        trigger: ".o_field_widget[name=need_criterion_ids] input[type=checkbox]:first",
        run: "click",
    },
    {
        content: "Action needed",
        trigger: ".o_form_statusbar button[name=action_forward]",
        run: "click",
    },
    {
        content: "Straight to the ISO secretary",
        trigger:
            ".o_statusbar_status button.o_arrow_button_current[data-value=iso_review]",
    },
    {
        content: "Nothing left for him to do",
        trigger:
            ".o_form_statusbar:not(:has(button[name=action_forward])):not(:has(button[name=action_submit]))",
    },
    noError,
]);

// QT.CTCL 5.3 "tổng hợp và trình": the ISO secretary selects the requests to
// consolidate in the list and submits them to the ISO board at once.
tour("ctcl_request_consolidate_list", () => [
    {
        content: "The list of requests",
        trigger: ".o_list_view .o_data_row",
    },
    ...["Tour gộp 1", "Tour gộp 2"].map((source) => ({
        content: `Select the request from ${source}`,
        trigger: `.o_data_row:contains(${source}) .o_list_record_selector input[type=checkbox]`,
        run: "click",
    })),
    {
        content: "Open the actions of the selection",
        trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
        run: "click",
    },
    {
        content: "Submit to ISO board",
        trigger: ".o-dropdown--menu .o_menu_item:contains(Submit to ISO board)",
        run: "click",
    },
    {
        content: "Done: both are with the ISO board, the other one is not",
        trigger:
            ".o_list_view:not(:has(.o_data_row:contains(Tour gộp):contains(ISO secretary review))) .o_data_row:contains(Tour khác):contains(Need assessment)",
    },
    noError,
]);

// Printing BM.CTCL.01 from the form's ⚙ menu, as the user. The PDF itself is
// made by wkhtmltopdf, which asks the test server for the report's styles
// while the download request holds the test cursor: the tour keeps the
// download the web client asks for, and fetches the same report as HTML.
tour("ctcl_request_print", () => [
    {
        content: "Keep the download the web client asks for",
        trigger: ".o_form_view .o_statusbar_status",
        run() {
            download._download = async (options) => {
                const [url, type] = JSON.parse(options.data.data);
                const html = url.replace("/report/pdf/", "/report/html/");
                const response = await fetch(html);
                const text = await response.text();
                document.body.dataset.ctclPrint = [
                    options.url,
                    type,
                    url.startsWith("/report/pdf/ctcl_quality.report_ctcl_action_request/"),
                    response.status,
                    text.includes("PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC/CẢI TIẾN"),
                ].join(" ");
            };
        },
    },
    {
        content: "Open the ⚙ menu",
        trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
        run: "click",
    },
    {
        content: "Print BM.CTCL.01",
        trigger: ".o-dropdown--menu .o_menu_item:contains(BM.CTCL.01)",
        run: "click",
    },
    {
        content: "The PDF was asked for, and the report renders for this user",
        trigger: "body[data-ctcl-print='/report/download qweb-pdf true 200 true']",
    },
    noError,
]);

// On a phone (390×844) the staff's lists open as cards with the key fields:
// the number (ending in `suffix`), the status, the unit and the deadline.
function phoneCards(suffix, unit) {
    return [
        {
            content: "Cards, not a squeezed table",
            trigger: ".o_action_manager:not(:has(.o_list_renderer)) .o_kanban_view",
        },
        {
            content: "A card with the number, status, unit and deadline",
            trigger: `.o_kanban_record:not(.o_kanban_ghost):contains(${suffix}):contains(${unit}):has([name=state] .badge):has(.fa-clock-o)`,
        },
        noError,
    ];
}

tour("ctcl_request_phone_cards", () => phoneCards("/PYC", "Unit A"));

tour("ctcl_nonconformity_phone_cards", () => phoneCards("/KPH", "Unit A"));

tour("ctcl_request_phone_open_card", () => [
    {
        content: "Open a request from its card",
        trigger: ".o_kanban_record:not(.o_kanban_ghost):contains(/PYC)",
        run: "click",
    },
    {
        content: "Its form opens",
        trigger: ".o_form_view .o_field_widget[name=name]",
    },
    noError,
]);
