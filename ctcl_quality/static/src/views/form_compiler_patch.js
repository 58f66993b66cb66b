import { append, createElement, getTag } from "@web/core/utils/xml";
import { FormCompiler } from "@web/views/form/form_compiler";
import { patch } from "@web/core/utils/patch";

// On a phone Odoo puts every header button of a form in the ⚙ menu, beside
// Archive and Delete. The QT.CTCL documents keep their step's primary buttons
// in the header there, so the person whose turn it is sees what to do.
patch(FormCompiler.prototype, {
    compileHeader(el, params) {
        // Compiling a button consumes its attributes: copy the primaries first.
        const primaries = [...el.children]
            .filter(
                (child) =>
                    getTag(child, true) === "button" && child.classList.contains("btn-primary")
            )
            .map((button) => button.cloneNode(true));
        const statusBar = super.compileHeader(el, params);
        if (params.asDropdownItems) {
            return statusBar;
        }
        if (!primaries.length) {
            return statusBar;
        }
        const onPhone =
            "__comp__.env.isSmall and !__comp__.env.inDialog and " +
            "__comp__.props.record.resModel.startsWith('ctcl.')";
        // The buttons take a row of their own above the status bar.
        statusBar.setAttribute("t-att-class", `{ 'flex-wrap': ${onPhone} }`);
        const phoneButtons = createElement("div", {
            class: "o_ctcl_phone_step_buttons d-flex flex-wrap gap-1 w-100 mb-2",
            "t-if": onPhone,
        });
        for (const button of primaries) {
            const compiled = this.compileNode(button, params);
            if (compiled) {
                append(phoneButtons, compiled);
            }
        }
        statusBar.prepend(phoneButtons);
        return statusBar;
    },
});
