import logging

_logger = logging.getLogger(__name__)

FORMS_LANG = "vi_VN"


def pre_init_hook(env):
    """Activate Vietnamese, the language of the printed forms (Nghị định
    30/2020/NĐ-CP), on a database installed without it.

    Activated before the module's data, the language gets this module's terms
    from the module loader (and of the modules installed after it), and the
    demo users are Vietnamese. The terms of the modules already installed are
    loaded here, as Odoo does when a language is added, so that a user who
    chooses Vietnamese gets a Vietnamese interface: about 3 s, while the forms
    only need this module's terms (0.4 s; the date and number formats come with
    the language record). Existing translations are kept.
    """
    Lang = env["res.lang"]
    if Lang._get_code(FORMS_LANG):
        return
    Lang._activate_lang(FORMS_LANG)
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations(
        FORMS_LANG
    )
    _logger.info("ctcl_quality: activated %s for the printed forms", FORMS_LANG)
