"""The workspace file, ``koers.yaml``: a whole workspace as YAML, so that KPIs live in version control.

Reading is exact and strict. Numbers with a decimal point become :class:`~decimal.Decimal` from
the text as written (``0.1`` is ``Decimal("0.1")``, never a float), whole numbers stay ``int``,
and only ``true``/``false`` are booleans: YAML 1.1 would read ``no``, ``on`` or the country code
``NO`` as booleans, which a marketer never means. A duplicated key is an error rather than a
silent overwrite. Every problem is reported at once, each with its line and its place in the
document (``koers.yaml:12: goals[1].kpis[0].period.end: before start``), as a
:class:`~koers.errors.WorkspaceFileError`.

Writing leaves out every field that still has its default, keeps the model's field order (``id``
and ``name`` first), writes numbers as plain numbers and rates as ``39%`` or ``1/3``, and is
lossless: ``loads_workspace(dump_workspace(ws)) == ws``.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import secrets
import stat
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from koers.domain.kpi import ID_PATTERN
from koers.domain.metric import KEY_PATTERN
from koers.domain.workspace import Severity, Workspace, validate_workspace
from koers.errors import FileProblem, WorkspaceFileError
from koers.i18n import Msg, msg

WORKSPACE_FILE = "koers.yaml"
"""The workspace file's usual name."""


@dataclass(frozen=True, slots=True)
class LoadedWorkspace:
    """A workspace read from a file, with the warnings that did not stop it from loading."""

    workspace: Workspace
    warnings: tuple[FileProblem, ...] = ()


# --- the YAML dialect ---------------------------------------------------------------------

_BOOL_TAG = "tag:yaml.org,2002:bool"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_VALUE_TAG = "tag:yaml.org,2002:value"
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _narrowed_resolvers(
    resolvers: dict[Any, Any], drop: frozenset[str]
) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    # A copy: PyYAML keeps resolvers in a class attribute shared with every other loader.
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag not in drop]
        for first, entries in resolvers.items()
    }


class _Loader(yaml.SafeLoader):
    """SafeLoader with exact decimals, YAML 1.2 booleans and no duplicate keys."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        _refuse_duplicate_keys(node)
        return super().construct_mapping(node, deep=deep)


# ``=`` (YAML 1.1's "value" tag) has no constructor in SafeLoader: a plain ``=`` would crash.
_Loader.yaml_implicit_resolvers = _narrowed_resolvers(
    yaml.SafeLoader.yaml_implicit_resolvers, frozenset({_BOOL_TAG, _VALUE_TAG})
)
_Loader.add_implicit_resolver(_BOOL_TAG, _BOOL_RE, list("tTfF"))


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    def __init__(self, key: str, first_line: int, mark: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key {key!r}", mark)
        self.key = key
        self.first_line = first_line


def _refuse_duplicate_keys(node: MappingNode) -> None:
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        # ``<<`` merges may legitimately repeat; keys that are not plain text cannot be compared.
        if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            continue
        line = key_node.start_mark.line + 1
        if key_node.value in seen:
            raise _DuplicateKeyError(key_node.value, seen[key_node.value], key_node.start_mark)
        seen[key_node.value] = line


def _construct_decimal(loader: yaml.SafeLoader, node: ScalarNode) -> Decimal:
    # From the scalar's text, never through float: money and targets must stay exact.
    text = loader.construct_scalar(node).replace("_", "").lower()
    sign, digits = ("-" if text.startswith("-") else ""), text.lstrip("+-")
    if digits == ".inf":
        return Decimal(f"{sign}Infinity")
    if digits == ".nan":
        return Decimal("NaN")
    if ":" in digits:  # YAML 1.1 base 60: 1:30.5 is 90.5
        value = Decimal(0)
        for part in digits.split(":"):
            value = value * 60 + Decimal(part)
        return -value if sign else value
    return Decimal(sign + digits)


def _construct_date(loader: yaml.SafeLoader, node: ScalarNode) -> Any:
    # 2023-02-30 looks like a date to YAML but is none; hand the text on so that the model
    # reports it at its field ("must be a date") instead of the parser failing on its own.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor(_FLOAT_TAG, _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents lists under their key and reads the same booleans as the loader."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: object) -> bool:
        # two KPIs sharing one period object must not come out as &id001 / *id001
        return True


# Same booleans as the loader, so that what is written plain reads back as text ("on", "no").
_Dumper.yaml_implicit_resolvers = _narrowed_resolvers(
    yaml.SafeDumper.yaml_implicit_resolvers, frozenset({_BOOL_TAG})
)
_Dumper.add_implicit_resolver(_BOOL_TAG, _BOOL_RE, list("tTfF"))


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> ScalarNode:
    # Plain notation (1500, not 1.5E+3): it reads as a number to a person and to YAML alike.
    text = format(value, "f")
    return dumper.represent_scalar(_FLOAT_TAG if "." in text else _INT_TAG, text)


_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_text(dumper: yaml.SafeDumper, value: str) -> ScalarNode:
    # Descriptions with line breaks read best as a block; the emitter falls back to quotes
    # where a block cannot hold the text exactly. PyYAML writes the unicode line breaks (NEL,
    # U+2028, U+2029) unescaped in single-quoted and block scalars, where reading folds or
    # normalizes them: only double quotes, which escape them, keep such text exact.
    if not _UNICODE_BREAKS.isdisjoint(value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_text)

_NO_WRAP = 1 << 30  # long lines stay one line: a wrapped description is hard to diff


def load_yaml(text: str) -> Any:
    """YAML text as Python data, in the workspace file's dialect (exact decimals, strict keys).

    Raises ``yaml.YAMLError`` for text that is not valid YAML.
    """
    return _parse(text)[1]


def _parse(text: str) -> tuple[Node | None, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return node, data
    finally:
        loader.dispose()


# --- reading --------------------------------------------------------------------------------


def loads_workspace(text: str | bytes, source: str = WORKSPACE_FILE) -> Workspace:
    """The workspace in ``text``; raises :class:`WorkspaceFileError` listing every problem.

    Warnings (such as an unknown segment dimension) do not stop loading; use
    :func:`loads_workspace_with_warnings` to see them.
    """
    return loads_workspace_with_warnings(text, source).workspace


def load_workspace(path: str | os.PathLike[str]) -> Workspace:
    """The workspace in the file at ``path``; raises :class:`WorkspaceFileError`."""
    return load_workspace_with_warnings(path).workspace


def load_workspace_with_warnings(path: str | os.PathLike[str]) -> LoadedWorkspace:
    """The workspace in the file at ``path`` and its warnings; raises :class:`WorkspaceFileError`."""
    source = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise WorkspaceFileError(
            source, [FileProblem("", None, msg("file.unreadable", source=source, reason=reason))]
        ) from None
    return loads_workspace_with_warnings(data, source)


def loads_workspace_with_warnings(text: str | bytes, source: str = WORKSPACE_FILE) -> LoadedWorkspace:
    """The workspace in ``text`` (UTF-8 if bytes) and its warnings.

    Raises :class:`WorkspaceFileError` with every problem that stops loading: bytes that are
    not UTF-8, YAML syntax, a top level that is not a mapping, fields the model refuses, and
    the cross-field errors of :func:`koers.domain.workspace.validate_workspace`.
    """
    if isinstance(text, bytes):
        text = _decode(text, source)
    try:
        root, data = _parse(text)
    except yaml.YAMLError as error:
        raise WorkspaceFileError(source, [_yaml_problem(error, text)]) from None
    if data is None:
        raise WorkspaceFileError(source, [FileProblem("", 1, msg("file.empty"))])
    if not isinstance(data, Mapping):
        problem = FileProblem("", _line_at(root, ()), msg("file.not_mapping", found=_kind_of(data)))
        raise WorkspaceFileError(source, [problem])
    try:
        workspace = Workspace.model_validate(data)
    except ValidationError as error:
        problems = [_pydantic_problem(detail, root) for detail in error.errors()]
        raise WorkspaceFileError(source, _by_line(problems)) from None
    errors: list[FileProblem] = []
    warnings: list[FileProblem] = []
    for issue in validate_workspace(workspace):
        problem = FileProblem(issue.path, _line_at(root, _parse_path(issue.path)), issue.message)
        (errors if issue.severity is Severity.ERROR else warnings).append(problem)
    if errors:
        raise WorkspaceFileError(source, _by_line(errors))
    return LoadedWorkspace(workspace, tuple(_by_line(warnings)))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")  # a BOM, as Windows editors write it, is fine
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        problem = FileProblem(
            "",
            data.count(b"\n", 0, error.start) + 1,
            msg(
                "file.not_utf8",
                byte=f"0x{data[error.start]:02x}",
                column=str(error.start - line_start + 1),
            ),
        )
        raise WorkspaceFileError(source, [problem]) from None


def _yaml_problem(error: yaml.YAMLError, text: str) -> FileProblem:
    if isinstance(error, _DuplicateKeyError):
        line = error.problem_mark.line + 1 if error.problem_mark else None
        return FileProblem(
            "", line, msg("file.yaml_duplicate_key", name=repr(error.key), first=str(error.first_line))
        )
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or str(error)
        if error.context and problem.startswith("but "):  # "expected a single document..., but found..."
            problem = f"{error.context}, {problem}"
        if "'\\t'" in problem:
            return FileProblem("", line, msg("file.yaml_tab"))
        return FileProblem("", line, msg("file.yaml_syntax", problem=problem))
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        character = error.character if isinstance(error.character, str) else chr(error.character)
        return FileProblem("", line, msg("file.bad_character", character=f"U+{ord(character):04X}"))
    return FileProblem("", None, msg("file.yaml_syntax", problem=str(error)))


def _kind_of(data: Any) -> Msg:
    if isinstance(data, list):
        return msg("file.found.list")
    if isinstance(data, str):
        return msg("file.found.text")
    if isinstance(data, int | Decimal) and not isinstance(data, bool):
        return msg("file.found.number")
    return msg("file.found.other")


def _by_line(problems: Iterable[FileProblem]) -> list[FileProblem]:
    # File order reads like a compiler's output; the sort is stable for problems on one line.
    return sorted(problems, key=lambda problem: (problem.line is None, problem.line or 0))


# --- places: a pydantic location, its path text and its line -------------------------------

Loc = Sequence[int | str]


def _format_path(loc: Loc) -> str:
    text = ""
    for step in loc:
        if step == "[key]":  # pydantic's marker for "the key itself", already named by the path
            continue
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


_PATH_STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _parse_path(path: str) -> tuple[int | str, ...]:
    return tuple(int(index) if index else name for index, name in _PATH_STEP.findall(path))


def _line_at(root: Node | None, loc: Loc) -> int | None:
    """The 1-based line of the deepest node on ``loc`` that the file has.

    A key's own line is used rather than its value's, since a block value starts a line later;
    where the file stops (a missing field), the line of the mapping that should hold it.
    """
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for step in loc:
        if isinstance(node, MappingNode) and isinstance(step, str):
            found = next(
                (pair for pair in node.value if isinstance(pair[0], ScalarNode) and pair[0].value == step),
                None,
            )
            if found is None:
                break
            key, node = found
            line = key.start_mark.line + 1
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class a location points into, for naming the fields it accepts."""
    model: type[BaseModel] | None = Workspace
    for step in loc:
        if isinstance(step, int):
            continue  # an item of a tuple: the model stays the item's
        if model is None:
            return None
        field = next(
            (f for name, f in model.model_fields.items() if step in (name, f.alias)),
            None,
        )
        model = _model_in(field.annotation) if field is not None else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


# --- pydantic errors in the reader's words ---------------------------------------------------

_SIMPLE: dict[str, str] = {
    "missing": "file.missing",
    "int_parsing": "file.not_int",
    "int_type": "file.not_int",
    "int_from_float": "file.not_int",
    "int_parsing_size": "file.not_int",
    "decimal_parsing": "file.not_number",
    "decimal_type": "file.not_number",
    "float_parsing": "file.not_number",
    "float_type": "file.not_number",
    "finite_number": "file.not_finite",
    "date_parsing": "file.not_date",
    "date_type": "file.not_date",
    "date_from_datetime_parsing": "file.not_date",
    "date_from_datetime_inexact": "file.date_with_time",
    "bool_parsing": "file.not_bool",
    "bool_type": "file.not_bool",
    "string_type": "file.not_text",
    "string_sub_type": "file.not_text",
    "tuple_type": "file.not_list",
    "list_type": "file.not_list",
    "iterable_type": "file.not_list",
    "model_type": "file.not_mapping_field",
    "model_attributes_type": "file.not_mapping_field",
    "dict_type": "file.not_mapping_field",
    "string_too_short": "file.empty_text",
    "invalid_key": "file.key_not_text",
    # The domain's own error types (PydanticCustomError); their parameters carry over as is.
    "period_end_before_start": "file.period_end_before_start",
    "period_empty": "file.period_empty",
    "target_upper_not_above": "file.target_upper_not_above",
    "between_needs_upper": "file.between_needs_upper",
    "upper_without_between": "file.upper_without_between",
    "subperiod_missing": "file.subperiod_missing",
    "timezone": "file.timezone",
    "target_both": "file.target_both",
    "target_missing": "file.target_missing",
    "stages_repeat": "file.stages_repeat",
    "rates_mismatch": "file.rates_mismatch",
    "scenario_step": "file.scenario_step",
    "weights": "file.weights",
}

_PATTERNS: dict[str, str] = {
    ID_PATTERN: "file.pattern_id",
    KEY_PATTERN: "file.pattern_key",
    r"^[A-Z]{3}$": "file.pattern_currency",
}


def _pydantic_problem(detail: ErrorDetails, root: Node | None) -> FileProblem:
    loc = detail["loc"]
    return FileProblem(_format_path(loc), _line_at(root, loc), _pydantic_message(detail))


def _pydantic_message(detail: ErrorDetails) -> Msg:
    kind = detail["type"]
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    if kind in _SIMPLE:
        # Text parameters stay text: a Dutch reader must see the zone or step as written.
        return replace(msg(_SIMPLE[kind]), params={name: str(value) for name, value in ctx.items()})
    match kind:
        case "extra_forbidden":
            return _unknown_field(detail["loc"])
        case "enum":
            allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            return msg("file.enum", value=repr(_as_text(detail["input"])), allowed=allowed)
        case "string_pattern_mismatch":
            pattern = str(ctx.get("pattern", ""))
            key = _PATTERNS.get(pattern)
            return msg(key) if key else msg("file.pattern", pattern=pattern)
        case "too_short":
            return msg("file.too_short", min=ctx.get("min_length", 1))
        case "greater_than":
            return msg("file.greater_than", limit=ctx.get("gt"))
        case "greater_than_equal":
            return msg("file.greater_equal", limit=ctx.get("ge"))
        case "rate":
            return _rate_message(detail)
    text = detail["msg"].removeprefix("Value error, ")
    return msg("file.other", text=text)


def _unknown_field(loc: Loc) -> Msg:
    model = _model_at(loc[:-1])
    if model is None:
        return msg("file.unknown_field_plain")
    known = [field.alias or name for name, field in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    if close:
        return msg("file.unknown_field_hint", suggestion=close[0])
    return msg("file.unknown_field", known=known)


def _rate_message(detail: ErrorDetails) -> Msg:
    # The domain's RateError says in English whether the rate was unreadable or out of range;
    # its wording is matched here (a test pins both cases) to give the reader's language.
    reason = str(dict(detail.get("ctx") or {}).get("reason", detail["msg"]))
    value = repr(_as_text(detail["input"]))
    if "not above 0%" in reason:
        return msg("file.rate_range", value=value)
    if "not a rate" in reason or "division by zero" in reason:
        return msg("file.rate_unreadable", value=value)
    return msg("file.other", text=reason)


def _as_text(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


# --- writing --------------------------------------------------------------------------------


def dump_workspace(workspace: Workspace) -> str:
    """The workspace as YAML text: defaults left out, model field order, exact numbers."""
    data = workspace.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    return yaml.dump(
        _plain(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_NO_WRAP,
    )


def _plain(value: Any) -> Any:
    # mode="python" keeps Decimal and date (mode="json" would quote numbers as strings), but
    # also tuples and enums, which YAML's safe dumper does not know.
    if isinstance(value, Mapping):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def save_workspace(workspace: Workspace, path: str | os.PathLike[str]) -> None:
    """Write ``workspace`` to ``path`` atomically: a reader sees the old file or the new one.

    The text goes to a temporary file in the same folder (``os.replace`` is only atomic within
    one file system), is flushed to disk, then replaces the file, keeping its permissions.
    """
    target = Path(path)
    text = dump_workspace(workspace)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # 0o666 minus the umask, like any new file; mkstemp would make it private (0o600).
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise


__all__ = [
    "WORKSPACE_FILE",
    "LoadedWorkspace",
    "dump_workspace",
    "load_workspace",
    "load_workspace_with_warnings",
    "load_yaml",
    "loads_workspace",
    "loads_workspace_with_warnings",
    "save_workspace",
]
