import datetime
import math
from contextlib import contextmanager

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.models import MAGIC_COLUMNS, BaseModel, MetaModel, NewId

from .ctcl_record_evidence import ctcl_note_server_work
from .ctcl_server_fields import AUDIT_OFF_KEYS
from .ctcl_workflow_mixin import _TRANSITION_TOKEN

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
# A Char holds a name or a reference: this keeps it well inside a btree index
# entry (2,704 bytes), translations and 3-byte Vietnamese letters included.
CHAR_MAX = 500
DATE_MIN, DATE_MAX = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)
X2MANY_COMMANDS = frozenset(range(7))
# The chatter of a record: changed through the chatter (post, follow,
# schedule), never by commands in the record's own values.
CHATTER_FIELDS = frozenset(
    {"message_ids", "message_follower_ids", "activity_ids", "website_message_ids"}
)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_id(value):
    return (
        isinstance(value, NewId)
        or (isinstance(value, int) and not isinstance(value, bool))
        and 0 < value <= INT4_MAX
    )


def _is_empty(field, value):
    """Odoo's empty values; 0 is one but for a text (where Odoo stores "0")."""
    if value is None or value is False:
        return True
    return field.type not in ("char", "text", "html") and value == 0


def _parse_number(text):
    """A number typed as people write it (“91,5” is 91.5), else ``text``."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return text


class CtclInputGuard(models.AbstractModel):
    """Values of the wrong type or out of range never reach the database.

    Every ``ctcl.*`` model inherits this guard in front of its own ``create``
    and ``write`` (see :func:`guard_module_models`): whatever the path (form,
    RPC, import, copy), a value PostgreSQL would refuse, or store as nonsense
    (NaN, infinity, year 1, an id out of range, a 100,000-character name), is
    refused first with a translated error, and nothing is saved.
    """

    _name = "ctcl.input.guard"
    _description = "QT.CTCL input guard"

    def browse(self, ids=None):
        # RPC calls a method on the records it browses from the client's ids:
        # ``True`` or a text would reach SQL and fail there with a traceback.
        # (Odoo itself browses the empty values of its cache, None: let through.)
        records = super().browse(ids)
        if not all(i is None or _is_id(i) for i in records._ids):
            raise UserError(
                self.env._(
                    "%(value)r does not name records of %(model)s.",
                    value=ids,
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )
        return records

    @api.model_create_multi
    def create(self, vals_list):
        if not self._ctcl_keeps_audit_trail():
            return self._ctcl_with_audit_trail().create(vals_list)
        ctcl_note_server_work(self.env)
        for vals in vals_list:
            self._ctcl_context_defaults_as_values(vals)
            self._ctcl_guard_vals(vals)
        if not hasattr(self, "_ctcl_unique_index_messages"):
            return super().create(vals_list)
        with self._ctcl_unique_index_errors():
            return super().create(vals_list)

    @api.model
    def name_create(self, name):
        # A quick create from a name alone (a many2one's dropdown): say what
        # else the record needs, rather than the database's missing value.
        required = {
            fname
            for fname, field in self._fields.items()
            if field.required
            and field.store
            and not (field.compute or field.related)
            and fname != self._rec_name
            and fname not in MAGIC_COLUMNS
        }
        missing = (
            required - set(self.default_get(sorted(required))) if required else set()
        )
        if missing:
            raise UserError(
                self.env._(
                    "%(model)s cannot be created from a name alone: fill in "
                    "%(fields)s in its form.",
                    model=self.env["ir.model"]._get(self._name).name,
                    fields=", ".join(
                        sorted(
                            f"“{self._fields[f].get_description(self.env)['string']}”"
                            for f in missing
                        )
                    ),
                )
            )
        return super().name_create(name)

    @api.model
    def _ctcl_context_defaults_as_values(self, vals):
        """A ``default_*`` context key is client input: it becomes a value
        here, before any check, so that every check of a create sees it (who
        files the record, the document a line or a measurement joins). Odoo
        would have stored the same default; fields only the server sets, and
        those a document's create refuses, are dropped further on instead."""
        context = self.env.context
        keys = [
            k for k in context if k.startswith("default_") and k[8:] in self._fields
        ]
        if not keys:
            return
        dropped = set()
        if hasattr(self, "_ctcl_server_set_fields"):
            dropped |= self._ctcl_server_set_fields()
        if hasattr(self, "_ctcl_create_refused_defaults"):
            dropped |= self._ctcl_create_refused_defaults()
        for key in keys:
            fname = key[8:]
            field = self._fields[fname]
            if fname not in vals and fname not in dropped and field.store:
                vals[fname] = context[key]

    def write(self, vals):
        if not self._ctcl_keeps_audit_trail():
            return self._ctcl_with_audit_trail().write(vals)
        ctcl_note_server_work(self.env)
        self._ctcl_guard_vals(vals)
        if not hasattr(self, "_ctcl_unique_index_messages"):
            return super().write(vals)
        with self._ctcl_unique_index_errors():
            result = super().write(vals)
            # The UPDATE runs here, where its violation is caught.
            self.flush_recordset([f for f in vals if f in self._fields])
        return result

    def _ctcl_keeps_audit_trail(self):
        # A client's keys that switch off tracking and the "created" log are
        # ignored on every QT.CTCL model: only server code (as superuser)
        # writes without its trail.
        return self.env.su or not any(map(self.env.context.get, AUDIT_OFF_KEYS))

    def _ctcl_with_audit_trail(self):
        return self.with_context(**dict.fromkeys(AUDIT_OFF_KEYS, False))

    @contextmanager
    def _ctcl_unique_index_errors(self):
        """Turn the violation of a unique index the model makes in its
        ``init()`` into the clear error its ``_ctcl_unique_index_messages()``
        gives (``{index name: message}``): the model checks before the insert,
        but that check cannot see a concurrent transaction saving the same
        values. (The guard stands in front of the model: it asks for the
        method rather than defining it.)"""
        try:
            with self.env.cr.savepoint():
                yield
        except errors.UniqueViolation as error:
            message = self._ctcl_unique_index_messages().get(error.diag.constraint_name)
            if not message:
                raise
            raise ValidationError(message) from None

    @api.model
    def _ctcl_guard_vals(self, vals):
        if not self.env.su:
            self._ctcl_guard_chatter(vals)
        for fname, value in vals.items():
            field = self._fields.get(fname)
            check = field and getattr(self, f"_ctcl_guard_{field.type}", None)
            if field and field.type in ("float", "monetary") and isinstance(value, str):
                vals[fname] = value = _parse_number(value)
            if check and not _is_empty(field, value):
                problem = check(field, value)
                if problem:
                    raise ValidationError(
                        self.env._(
                            "%(model)s, “%(field)s”: %(problem)s",
                            model=self.env["ir.model"]._get(self._name).name,
                            field=field.get_description(self.env)["string"],
                            problem=problem,
                        )
                    )
        if not (self.env.su or self.env.context.get("ctcl_token") is _TRANSITION_TOKEN):
            self._ctcl_guard_existing(vals)

    def _ctcl_guard_chatter(self, vals):
        chatter = CHATTER_FIELDS & set(vals) & set(self._fields)
        if chatter:
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s are changed through the chatter "
                    "(messages, followers, activities), not with the record.",
                    fields=", ".join(
                        sorted(
                            f"“{self._fields[f].get_description(self.env)['string']}”"
                            for f in chatter
                        )
                    ),
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    def _ctcl_guard_existing(self, vals):
        """The records a client's values point to exist: otherwise the
        database refuses the value with a message about a deletion. (Steps of
        the workflow and superuser code set records they just read.)"""
        wanted = {}
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if not field or field.type not in ("many2one", "many2many"):
                continue
            if field.type == "many2one":
                ids = [value] if _is_id(value) else []
            elif isinstance(value, (list, tuple)):
                ids = []
                for command in value:
                    if _is_id(command):
                        ids.append(command)
                    elif command[0] == 4:
                        ids.append(command[1])
                    elif command[0] == 6:
                        ids.extend(command[2])
            else:
                continue
            ids = [i for i in ids if not isinstance(i, NewId)]
            if ids:
                wanted[field] = ids
        by_comodel = {}
        for field, ids in wanted.items():
            by_comodel.setdefault(field.comodel_name, set()).update(ids)
        existing = {
            comodel: set(self.env[comodel].sudo().browse(ids).exists().ids)
            for comodel, ids in by_comodel.items()
        }
        for field, ids in wanted.items():
            missing = set(ids) - existing[field.comodel_name]
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(model)s, “%(field)s”: there is no %(comodel)s with the "
                        "id %(value)s (it does not exist or was deleted).",
                        model=self.env["ir.model"]._get(self._name).name,
                        field=field.get_description(self.env)["string"],
                        comodel=self.env["ir.model"]._get(field.comodel_name).name,
                        value=min(missing),
                    )
                )

    def _ctcl_guard_shown(self, value):
        shown = str(value)
        return f"“{shown}”" if len(shown) <= 40 else f"“{shown[:40]}…”"

    def _ctcl_guard_float(self, field, value):
        try:
            finite = _is_number(value) and math.isfinite(value)
        except OverflowError:  # an integer beyond any float
            finite = False
        if not finite:
            return self.env._(
                "must be a number, not %(value)s.", value=self._ctcl_guard_shown(value)
            )
        digits = field.get_digits(self.env) if field.type == "float" else None
        if digits and digits[0] and abs(value) >= 10 ** (digits[0] - digits[1]):
            return self.env._(
                "must be a number below %(max)s, not %(value)s.",
                max=10 ** (digits[0] - digits[1]),
                value=value,
            )
        return None

    _ctcl_guard_monetary = _ctcl_guard_float

    def _ctcl_guard_integer(self, field, value):
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if not _is_number(value) or isinstance(value, float):
            return self.env._(
                "must be a whole number, not %(value)s.",
                value=self._ctcl_guard_shown(value),
            )
        if not INT4_MIN <= value <= INT4_MAX:
            return self.env._(
                "must be between %(min)s and %(max)s, not %(value)s.",
                value=value,
                min=INT4_MIN,
                max=INT4_MAX,
            )
        return None

    def _ctcl_guard_many2one(self, field, value):
        if isinstance(value, BaseModel):
            if value._name == field.comodel_name and len(value) <= 1:
                return None
        elif _is_id(value):
            return None
        return self.env._(
            "must be the id of a record, not %(value)s.",
            value=self._ctcl_guard_shown(value),
        )

    def _ctcl_guard_many2many(self, field, value):
        if isinstance(value, BaseModel):
            return self._ctcl_guard_many2one(field, value[:1])
        if not isinstance(value, (list, tuple)):
            return self.env._(
                "must be a list of records, not %(value)s.",
                value=self._ctcl_guard_shown(value),
            )
        for command in value:
            if _is_id(command):
                continue
            if not isinstance(command, (list, tuple)) or not command:
                return self._ctcl_guard_bad_command(command)
            code, *args = command
            ids = []
            if code in (1, 2, 3, 4):
                ids = args[:1]
            elif code == 6:
                ids = args[1] if len(args) > 1 else None
            if code not in X2MANY_COMMANDS or not isinstance(ids, (list, tuple)):
                return self._ctcl_guard_bad_command(command)
            if not all(map(_is_id, ids)):
                return self._ctcl_guard_bad_command(command)
        return None

    _ctcl_guard_one2many = _ctcl_guard_many2many

    def _ctcl_guard_bad_command(self, command):
        return self.env._(
            "must be a list of records; %(value)s is not a valid change of it.",
            value=self._ctcl_guard_shown(command),
        )

    def _ctcl_guard_date(self, field, value):
        try:
            day = field.to_date(value) if field.type == "date" else None
            day = day or fields.Datetime.to_datetime(value).date()
        except (TypeError, ValueError, OverflowError):
            day = None
        if not day or not DATE_MIN <= day <= DATE_MAX:
            return self.env._(
                "must be a date between %(min)s and %(max)s, not %(value)s.",
                value=self._ctcl_guard_shown(value),
                min=DATE_MIN.strftime("%d/%m/%Y"),
                max=DATE_MAX.strftime("%d/%m/%Y"),
            )
        return None

    _ctcl_guard_datetime = _ctcl_guard_date

    def _ctcl_guard_char(self, field, value):
        if not isinstance(value, str):
            return self._ctcl_guard_text(field, value)
        limit = field.size or CHAR_MAX
        if len(value) > limit:
            return self.env._(
                "must be at most %(limit)s characters long, not %(length)s.",
                limit=limit,
                length=len(value),
            )
        return None

    def _ctcl_guard_text(self, field, value):
        # Odoo stores whatever it gets as its text ("{'a': 1}"): refused.
        if not isinstance(value, str):
            return self.env._(
                "must be a text, not %(value)s.", value=self._ctcl_guard_shown(value)
            )
        return None

    _ctcl_guard_html = _ctcl_guard_text

    def _ctcl_guard_selection(self, field, value):
        if value not in field.get_values(self.env):
            return self.env._(
                "must be one of the choices, not %(value)s.",
                value=self._ctcl_guard_shown(value),
            )
        return None

    # ------------------------------------------------------------------
    # Business rules common to every model
    # ------------------------------------------------------------------
    def _validate_fields(self, field_names, excluded_names=()):
        field_names, excluded_names = set(field_names), set(excluded_names)
        result = super()._validate_fields(field_names, excluded_names)
        self._ctcl_check_internal_users(field_names - excluded_names)
        return result

    def _ctcl_check_internal_users(self, fnames):
        """Only internal users act in the procedure, never portal users."""
        for fname in fnames:
            field = self._fields.get(fname)
            if not (
                field
                and field.type in ("many2one", "many2many")
                and field.comodel_name == "res.users"
                and field.store
            ):
                continue
            for rec in self.sudo():
                external = rec[fname].filtered("share")
                if external:
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not an internal user and cannot be "
                            "“%(field)s” on %(record)s.",
                            user=external[0].name,
                            field=field.get_description(self.env)["string"],
                            record=rec.display_name
                            or self.env["ir.model"]._get(self._name).name,
                        )
                    )


def guard_module_models(module="ctcl_quality"):
    """Put ``ctcl.input.guard`` in front of every QT.CTCL model of ``module``.

    Called once every model class of the module is defined, so that a model
    added later gets the guard without being listed anywhere: each model is
    extended with ``_inherit = ["ctcl.input.guard", <model>]``, which places
    the guard's ``create``/``write`` before the model's own.
    """
    names = {}
    for cls in list(MetaModel.module_to_models[module]):
        if cls._name.startswith("ctcl.") and not cls._abstract:
            names.setdefault(cls._name, cls._transient)
    for name, transient in sorted(names.items()):
        base = models.TransientModel if transient else models.Model
        type(
            "CtclInputGuarded",
            (base,),
            {
                "__module__": __name__,
                "_name": name,
                "_inherit": ["ctcl.input.guard", name],
            },
        )
