// Steps the QT.CTCL tours share.

const TAB_TIMEOUT = 10000;

function tabShown(name) {
    const link = document.querySelector(`.o_notebook_headers a[name=${name}].active`);
    const pane = link?.closest(".o_notebook")?.querySelector(".o_notebook_content > .tab-pane");
    return pane?.classList.contains("show") && getComputedStyle(pane).opacity === "1";
}

/**
 * Open a tab of the form and wait until its page has faded in.
 *
 * The page fades in (Bootstrap's `.fade`) and a fade changes nothing in the
 * DOM, while the tour looks again for the next step's element only when the
 * DOM changes: on a busy machine it could look while the page was still
 * transparent, then never again. So this step waits for the page itself.
 */
export function openTab(name, content) {
    return {
        content,
        trigger: `.o_notebook_headers a[name=${name}]`,
        async run(helpers) {
            await helpers.click();
            const start = Date.now();
            while (!tabShown(name)) {
                if (Date.now() - start > TAB_TIMEOUT) {
                    throw new Error(`The tab “${name}” did not open.`);
                }
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
        },
    };
}
