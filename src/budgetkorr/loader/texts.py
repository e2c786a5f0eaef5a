"""The warnings about a correction's texts: a table row with another number of cells than its table's first row,
at the row's own line in the file."""

from __future__ import annotations

from budgetkorr.core.diagnostics import Diagnostic, warning
from budgetkorr.core.textblocks import Ragged, Table, blocks
from budgetkorr.i18n import _, ngettext
from budgetkorr.models import Correction
from budgetkorr.models.correction import fields_of
from budgetkorr.yamlread import YamlFile


def text_warnings(correction: Correction, source: YamlFile) -> list[Diagnostic]:
    """A warning at each ragged table row of baggrund and økonomiske konsekvenser. The node tree is composed only
    for a file that has one: its lines are needed only then."""
    found: list[tuple[str, Ragged]] = []
    for field in fields_of(Correction):
        if field.kind == "section":
            text = field.of(correction)
            if "|" in text:  # no table without a bar: most texts are read no further
                found += [(field.key, row) for b in blocks(text) if isinstance(b, Table) for row in b.ragged]
    if not found:
        return []
    source = source.with_tree()
    return [warning(source.path, _line(source, key, row.line), key, _message(row)) for key, row in found]


def _message(row: Ragged) -> str:
    cells = ngettext("{n} celle", "{n} celler", row.cells).format(n=row.cells)
    if row.cells < row.expected:
        return _("tabelrækken har {cells}, men tabellens første række har {expected}; de manglende vises tomme").format(
            cells=cells, expected=row.expected
        )
    return _(
        "tabelrækken har {cells}, men tabellens første række har {expected}; de andre rækker får tomme celler"
    ).format(cells=cells, expected=row.expected)


def _line(source: YamlFile, key: str, index: int) -> int:
    """The file's line of a text's line: exact in a literal block (`key: |`, as budgetkorr writes texts), where
    each line of the text is a line of the file; else the key's line."""
    import yaml  # only for a file with a ragged row: a plain folder is read without PyYAML

    root = source.root
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                if isinstance(value_node, yaml.ScalarNode) and value_node.style == "|":
                    return value_node.start_mark.line + 2 + index
                return key_node.start_mark.line + 1
    return source.line_of((key,))
