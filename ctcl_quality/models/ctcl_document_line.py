from odoo import api, models
from odoo.exceptions import UserError

from .ctcl_workflow_mixin import _TRANSITION_TOKEN, ctcl_refuse_computed


class CtclDocumentLine(models.AbstractModel):
    """A line of a QT.CTCL document: the objectives of a plan, the lines of a
    year-end report or of a management review, the risks of a risk table and
    their measures.

    A line is created, changed or deleted only when the document's field
    rules (state and role) let the document's list of lines change, whether
    it comes through the document's form or straight over RPC; the fields the
    server sets on a line are the workflow's, as on the document.
    """

    _name = "ctcl.document.line"
    _inherit = ["ctcl.server.fields"]
    _description = "Line of a QT.CTCL document"

    # The Many2one to what holds the line (a document, or a line of one), and
    # the document's field whose rules govern its lines.
    _ctcl_parent_field = None
    _ctcl_lines_field = None
    # Fields of a line that their own models guard (an objective's measurements).
    _ctcl_line_own_fields = frozenset()

    def _ctcl_in_transition(self):
        return self.env.su or self.env.context.get("ctcl_token") is _TRANSITION_TOKEN

    def _ctcl_with_token(self):
        return self.with_context(ctcl_token=_TRANSITION_TOKEN)

    def _ctcl_documents_of(self, parents):
        """The documents of ``parents`` (documents, or lines of documents)."""
        if isinstance(parents, self.pool["ctcl.workflow.mixin"]):
            return parents
        return parents._ctcl_documents_of(parents[parents._ctcl_parent_field])

    def _ctcl_documents(self, vals_list=None):
        """The documents of these lines, or of the lines ``vals_list`` make."""
        fname = self._ctcl_parent_field
        parents = self[fname]
        if vals_list is not None:
            parents = parents.browse(
                {vals.get(fname) for vals in vals_list} - {None, False}
            )
        return self._ctcl_documents_of(parents)

    def _ctcl_check_document_edit(self, documents, fnames=()):
        if self._ctcl_in_transition():
            return
        ctcl_refuse_computed(self, fnames)
        locked = set(fnames) & self._ctcl_server_set_fields()
        if locked:
            raise UserError(
                self.env._(
                    "%(fields)s can only be set by the workflow buttons.",
                    fields=", ".join(
                        sorted(
                            f"“{self._fields[f].get_description(self.env)['string']}”"
                            for f in locked
                        )
                    ),
                )
            )
        documents._ctcl_check_field_edit({self._ctcl_lines_field})

    @api.model_create_multi
    def create(self, vals_list):
        self._ctcl_check_document_edit(
            self._ctcl_documents(vals_list), set().union(*vals_list)
        )
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) <= self._ctcl_line_own_fields:
            return super().write(vals)
        documents = self._ctcl_documents()
        if vals.get(self._ctcl_parent_field):
            documents |= self._ctcl_documents([vals])
        self._ctcl_check_document_edit(documents, set(vals))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_document_locked(self):
        self._ctcl_check_document_edit(self._ctcl_documents())
