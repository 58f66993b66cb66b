import { registry } from "@web/core/registry";

// The Quality app opens on "My work", with what waits for the user
// (tests/test_tours_work_item.py): a card opens its document.
registry.category("web_tour.tours").add("ctcl_work_item_home", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Quality app",
            trigger: ".o_app[data-menu-xmlid='ctcl_quality.ctcl_menu_root']",
            run: "click",
        },
        {
            content: "It lands on My work, grouped by section",
            trigger: ".o_action_manager .o_kanban_view .o_kanban_group .o_kanban_record",
        },
        {
            content: "My work is the app's own page",
            trigger: ".o_main_navbar .o_menu_sections [data-menu-xmlid='ctcl_quality.ctcl_work_item_menu']",
            run: () => {
                if (!window.location.pathname.endsWith("/ctcl-my-work")) {
                    throw new Error(`Landed on ${window.location.pathname}`);
                }
            },
        },
        {
            content: "A card opens the document it is about",
            trigger: ".o_kanban_view .o_kanban_record",
            run: "click",
        },
        {
            content: "The document's form",
            trigger: ".o_form_view .o_form_sheet",
        },
    ],
});
