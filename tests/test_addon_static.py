"""Static checks of the ctcl_quality addon that need no Odoo.

The addon folder is the repository's ``ctcl_quality/``; set the environment
variable ``CTCL_ADDON_DIR`` to check another folder (scripts/test.sh checks
``ctcl_quality_dashboard/`` that way too).
"""

import ast
import csv
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from lxml import etree
from manifestoo_core.core_addons import is_core_ce_addon
from manifestoo_core.odoo_series import OdooSeries

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDON_DIR = Path(os.environ.get("CTCL_ADDON_DIR") or REPO_ROOT / "ctcl_quality")
if not ADDON_DIR.is_absolute():
    ADDON_DIR = REPO_ROOT / ADDON_DIR
ADDON_NAME = ADDON_DIR.name
MANIFEST_PATH = ADDON_DIR / "__manifest__.py"
PO_PATH = ADDON_DIR / "i18n" / "vi.po"
POT_PATH = ADDON_DIR / "i18n" / f"{ADDON_NAME}.pot"

ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
# Folders whose files are not loaded through the manifest's data/demo lists.
NOT_DATA_DIRS = {"static", "i18n", "i18n_extra", "tests", "migrations", "upgrades"}


def _rel(path):
    return path.relative_to(ADDON_DIR).as_posix()


def _addon_files(suffix):
    if not ADDON_DIR.is_dir():
        return []
    return sorted(
        _rel(p)
        for p in ADDON_DIR.rglob(f"*{suffix}")
        if p.is_file() and "__pycache__" not in p.parts
    )


def _load_manifest():
    assert MANIFEST_PATH.is_file(), f"{MANIFEST_PATH} not found"
    try:
        manifest = ast.literal_eval(MANIFEST_PATH.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError) as exc:
        pytest.fail(f"{MANIFEST_PATH} is not a Python literal: {exc}")
    assert isinstance(manifest, dict), f"{MANIFEST_PATH} is not a dict"
    return manifest


def _manifest_or_empty():
    try:
        return ast.literal_eval(MANIFEST_PATH.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return {}


def _manifest_files():
    manifest = _manifest_or_empty()
    if not isinstance(manifest, dict):
        return []
    return [
        (key, name)
        for key in ("data", "demo")
        for name in manifest.get(key) or []
        if isinstance(name, str)
    ]


# --------------------------------------------------------------- manifest


def test_manifest():
    manifest = _load_manifest()
    for key in ("name", "version", "license", "depends", "data", "author"):
        assert key in manifest, f"manifest has no {key!r}"
    assert isinstance(manifest["name"], str) and manifest["name"].strip()
    assert VERSION_RE.match(str(manifest["version"])), (
        f"version {manifest['version']!r} does not match 18.0.x.y.z"
    )
    assert isinstance(manifest["license"], str) and manifest["license"]
    assert isinstance(manifest["author"], str) and manifest["author"]
    assert isinstance(manifest["depends"], list) and manifest["depends"]
    assert isinstance(manifest["data"], list)
    assert manifest.get("installable") is True, "manifest needs installable: True"
    assert "description" not in manifest, (
        "no 'description' key: describe the module in README.rst"
    )


@pytest.mark.parametrize(("key", "name"), _manifest_files())
def test_manifest_file_exists(key, name):
    assert (ADDON_DIR / name).is_file(), f"manifest {key} file {name} not found"


def test_manifest_no_duplicate_files():
    names = [name for _key, name in _manifest_files()]
    duplicates = sorted(n for n, c in Counter(names).items() if c > 1)
    assert not duplicates, f"listed more than once in the manifest: {duplicates}"


@pytest.mark.parametrize(
    "name",
    [
        name
        for name in _addon_files(".xml") + _addon_files(".csv")
        if Path(name).parts[0] not in NOT_DATA_DIRS
    ],
)
def test_data_file_is_in_manifest(name):
    listed = {n for _key, n in _manifest_files()}
    assert name in listed, f"{name} is not listed in the manifest's data or demo"


# --------------------------------------------------------------- dependencies

ODOO_SERIES = "18.0"


def _manifestoo(addons_path, *command):
    """Run manifestoo on the addon alone, with ``addons_path`` as the only place
    to look for its dependencies (no ``import odoo``, no Odoo config file)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_RC", "ODOO_VERSION")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "manifestoo",
            "--addons-path",
            ",".join(str(p) for p in addons_path),
            "--select-include",
            ADDON_DIR.name,
            "--no-addons-path-from-import-odoo",
            "--odoo-series",
            ODOO_SERIES,
            *command,
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def _odoo_addons_dirs():
    """The addons folders of the Odoo on sys.path (found, not imported), or []."""
    spec = importlib.util.find_spec("odoo")
    if spec is None or not spec.submodule_search_locations:
        return []
    dirs = []
    for package_dir in map(Path, spec.submodule_search_locations):
        dirs += [package_dir / "addons", package_dir.parent / "addons"]
    return [d for d in dirs if d.is_dir()]


def test_depends_are_known_without_odoo():
    """Without Odoo, every dependency manifestoo cannot find must be a Community
    core addon of 18.0: no Enterprise addon, no typo, no third-party addon."""
    result = _manifestoo([ADDON_DIR.parent], "list-missing")
    assert result.returncode == 0, f"manifestoo list-missing:\n{result.stderr}"
    missing = result.stdout.split()
    not_here = {
        name
        for name in _load_manifest()["depends"]
        if not (ADDON_DIR.parent / name / "__manifest__.py").is_file()
    }
    assert not_here <= set(missing), f"manifestoo list-missing: {result.stdout}"
    series = OdooSeries(ODOO_SERIES)
    unknown = sorted(name for name in missing if not is_core_ce_addon(name, series))
    assert not unknown, (
        f"not Odoo {ODOO_SERIES} Community core addons: {unknown} "
        "(an Enterprise addon, a typo, or an addon the repository should ship)"
    )


@pytest.mark.parametrize(
    "command",
    [("check-licenses", "--transitive"), ("check-dev-status", "--transitive")],
)
def test_depends_licenses_and_dev_status(command):
    """Licences and development status against the whole dependency tree: this
    needs the dependencies' manifests, so Odoo's addons folders."""
    odoo_dirs = _odoo_addons_dirs()
    if not odoo_dirs:
        pytest.skip("needs an importable Odoo for the dependencies' manifests")
    result = _manifestoo([ADDON_DIR.parent, *odoo_dirs], *command)
    assert result.returncode == 0, (
        f"manifestoo {' '.join(command)}:\n{result.stdout}{result.stderr}"
    )


# --------------------------------------------------------------- XML / CSV


@pytest.mark.parametrize("name", _addon_files(".xml"))
def test_xml_parses(name):
    try:
        etree.parse(str(ADDON_DIR / name))
    except etree.XMLSyntaxError as exc:
        pytest.fail(f"{name}: {exc}")


def test_xml_record_ids_unique():
    seen = {}
    duplicates = []
    for key, name in _manifest_files():
        path = ADDON_DIR / name
        if path.suffix != ".xml" or not path.is_file():
            continue
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError:
            continue  # reported by test_xml_parses
        for node in root.iter("record", "template", "menuitem"):
            xmlid = node.get("id")
            if not xmlid:
                continue
            xmlid = xmlid if "." in xmlid else f"{ADDON_NAME}.{xmlid}"
            where = f"{name}:{node.sourceline}"
            if (key, xmlid) in seen:
                duplicates.append(f"{xmlid} ({seen[key, xmlid]} and {where})")
            else:
                seen[key, xmlid] = where
    assert not duplicates, "XML ids defined twice: " + ", ".join(duplicates)


def test_csv():
    # One test over the addon's CSV files (a bridge addon may have none).
    for name in _addon_files(".csv"):
        _check_csv(name)


def _check_csv(name):
    path = ADDON_DIR / name
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, strict=True))
    assert rows, f"{name} is empty"
    header, body = rows[0], rows[1:]
    if path.name == "ir.model.access.csv":
        assert header == ACCESS_HEADER, f"{name}: header {header} != {ACCESS_HEADER}"
        for lineno, row in enumerate(body, start=2):
            assert len(row) == len(ACCESS_HEADER), f"{name}:{lineno}: {row}"
            assert all(row[i] for i in (0, 1, 2)), (
                f"{name}:{lineno}: empty id/name/model"
            )
            assert all(v in ("0", "1") for v in row[4:]), f"{name}:{lineno}: {row}"
    for lineno, row in enumerate(body, start=2):
        assert len(row) == len(header), f"{name}:{lineno}: {len(row)} columns"
    if "id" in header:
        col = header.index("id")
        ids = Counter(row[col] for row in body if len(row) > col)
        duplicates = sorted(i for i, c in ids.items() if c > 1)
        assert not duplicates, f"{name}: duplicate ids {duplicates}"


# --------------------------------------------------------------- i18n

PLACEHOLDER_RE = re.compile(
    r"%%"  # escaped percent, ignored
    r"|%\((?P<named>\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"
    r"|%[-#0 +]*\d*(?:\.\d+)?(?P<pos>[sdifrxXeEgGc])"
    r"|\{\{|\}\}"  # escaped braces, ignored
    r"|\{(?P<brace>\w*)(?:[!:][^{}]*)?\}"
)


def placeholders(text):
    """Return the placeholders of ``text``: named ones sorted, positional in order."""
    named, positional = [], []
    for match in PLACEHOLDER_RE.finditer(text):
        if match.group("named"):
            named.append(f"%({match.group('named')})s")
        elif match.group("pos"):
            positional.append("%" + match.group("pos"))
        elif match.group("brace") is not None and match.group(0).startswith("{"):
            brace = match.group("brace")
            (named if brace and not brace.isdigit() else positional).append(
                "{" + brace + "}"
            )
    return sorted(named), positional


def _po():
    assert PO_PATH.is_file(), f"{PO_PATH} not found"
    try:
        return polib.pofile(str(PO_PATH))
    except (OSError, ValueError) as exc:
        pytest.fail(f"{PO_PATH} does not parse: {exc}")


def _pot():
    assert POT_PATH.is_file(), f"{POT_PATH} not found"
    try:
        return polib.pofile(str(POT_PATH))
    except (OSError, ValueError) as exc:
        pytest.fail(f"{POT_PATH} does not parse: {exc}")


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _short(entry):
    return entry.msgid if len(entry.msgid) < 60 else entry.msgid[:57] + "..."


def test_vi_po_complete():
    po = _po()
    fuzzy = [_short(e) for e in po.fuzzy_entries()]
    assert not fuzzy, f"fuzzy entries in vi.po: {fuzzy}"
    untranslated = [_short(e) for e in po.untranslated_entries()]
    assert not untranslated, f"untranslated entries in vi.po: {untranslated}"


def test_vi_po_covers_pot():
    po, pot = _po(), _pot()
    translations = {_key(e): e for e in po if not e.obsolete}
    missing, empty = [], []
    for entry in pot:
        if entry.obsolete or not entry.msgid:
            continue
        found = translations.get(_key(entry))
        if found is None:
            missing.append(_short(entry))
        elif not found.translated():
            empty.append(_short(found))
    assert not missing, f"msgids of the .pot missing from vi.po: {missing}"
    assert not empty, f"msgids of the .pot with an empty vi msgstr: {empty}"


def test_vi_po_placeholders():
    errors = []
    for entry in _po():
        if entry.obsolete or not entry.msgid:
            continue
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if index == 0 else entry.msgid_plural, msgstr)
                for index, msgstr in sorted(entry.msgstr_plural.items())
            ]
        for msgid, msgstr in pairs:
            if msgstr and placeholders(msgid) != placeholders(msgstr):
                errors.append(
                    f"line {entry.linenum}: {placeholders(msgid)} in msgid, "
                    f"{placeholders(msgstr)} in msgstr"
                )
    assert not errors, "placeholders differ in vi.po: " + "; ".join(errors)


def test_vi_po_compiles(tmp_path):
    po = _po()
    po.save_as_mofile(str(tmp_path / "vi.mo"))
    assert (tmp_path / "vi.mo").stat().st_size > 0
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        result = subprocess.run(
            [msgfmt, "--check", "-o", str(tmp_path / "msgfmt.mo"), str(PO_PATH)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"msgfmt --check vi.po:\n{result.stderr}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello %(name)s, %s and %d%%", (["%(name)s"], ["%s", "%d"])),
        ("{b} then {a} {{literal}}", (["{a}", "{b}"], [])),
        ("{} {0:>3}", ([], ["{}", "{0}"])),
        ("no placeholder", ([], [])),
    ],
)
def test_placeholders_helper(text, expected):
    assert placeholders(text) == expected
