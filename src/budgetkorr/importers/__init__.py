"""Reading committee appendices (text, PDF, Word) into correction records: a reader of another format, beside load.

`read` turns a file into numbered lines (the only module here that opens files), `document` splits the lines into
forms and reads each form's box, `prose` cleans the two text sections, `financing` proposes `finansiering` from the
forms' usual phrases, and `words` reads the Danish numbers, dates and yes/no of the form. The result is a value:
correction data in the file format's keys, with every doubt (a warning) and problem (an error) a `Diagnostic` at a
line of the input.

The document readers (`read`, `document`, `prose`, `financing`, `words`) are readers: they may import `yamlread`,
`core` and `models`. `plan` and `batch` are operations (they check a plan against the loaded data folder and
write files): they may import `load` and the readers too.
"""

from budgetkorr.importers.document import ImportedForm, ParsedDocument, parse_document

__all__ = ["ImportedForm", "ParsedDocument", "parse_document"]
