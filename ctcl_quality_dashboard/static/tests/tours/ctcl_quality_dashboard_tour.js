import {registry} from "@web/core/registry";

/**
 * The spreadsheet model of the dashboard on screen: the dashboard action
 * component holds it (found from the web client's root component).
 */
function dashboardModel() {
    const search = (node, depth) => {
        if (!node || depth > 80) {
            return null;
        }
        const state = node.component && node.component.state;
        if (state && state.activeDashboard && state.activeDashboard.model) {
            return state.activeDashboard.model;
        }
        for (const child of Object.values(node.children || {})) {
            const found = search(child, depth + 1);
            if (found) {
                return found;
            }
        }
        return null;
    };
    return search(odoo.__WOWL_DEBUG__.root.__owl__, 0);
}

/**
 * The cells of every sheet still loading, and those in error.
 */
function cellsStatus(model) {
    const loading = [];
    const errors = [];
    for (const sheetId of model.getters.getSheetIds()) {
        const {numberOfRows, numberOfCols} = model.getters.getSheetSize(sheetId);
        for (let row = 0; row < numberOfRows; row++) {
            for (let col = 0; col < numberOfCols; col++) {
                const cell = model.getters.getEvaluatedCell({sheetId, col, row});
                if (cell.value === "Loading...") {
                    loading.push([sheetId, col, row]);
                } else if (cell.type === "error") {
                    errors.push(`${sheetId} ${col},${row}: ${cell.value} ${cell.message}`);
                }
            }
        }
    }
    return {loading, errors};
}

registry.category("web_tour.tours").add("ctcl_quality_dashboard_tour", {
    steps: () => [
        {
            content: "The QT.CTCL dashboard is open, in Vietnamese",
            trigger:
                ".o_spreadsheet_dashboard_action .o_search_panel_category_value.active .o_dashboard_name:contains('Cải tiến HTQLCL')",
        },
        {
            content: "Its filters: period, unit (tree) and type",
            trigger: ".o_spreadsheet_dashboard_action .o-filter-value input[placeholder*='Đơn vị']",
        },
        {
            content: "Every figure loads, none in error",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer",
            run: async () => {
                const model = dashboardModel();
                if (!model) {
                    throw new Error("No dashboard model on screen");
                }
                let status = cellsStatus(model);
                for (let i = 0; i < 100 && status.loading.length; i++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                    status = cellsStatus(model);
                }
                if (status.loading.length) {
                    throw new Error(`Figures still loading: ${status.loading.length}`);
                }
                if (status.errors.length) {
                    throw new Error(`Figures in error: ${status.errors.join("; ")}`);
                }
                // The figure shown is the server's for this user, record
                // rules applied (tested on their own in Python).
                const sheet = model.getters
                    .getSheetIds()
                    .find((id) => model.getters.getSheetName(id) === "Data");
                const shown = model.getters.getEvaluatedCell({sheetId: sheet, col: 1, row: 1});
                const orm = odoo.__WOWL_DEBUG__.root.env.services.orm;
                const [{open_count}] = await orm.readGroup(
                    "ctcl.kpi.request",
                    [],
                    ["open_count:sum"],
                    [],
                    {lazy: false}
                );
                if ((shown.value || 0) !== (open_count || 0)) {
                    throw new Error(`Open requests: ${shown.value} shown, ${open_count} read`);
                }
            },
        },
    ],
});
