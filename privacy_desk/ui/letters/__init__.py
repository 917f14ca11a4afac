"""The letters screens: a case's Letters tab, batches, dispatch, the template editor, PDF views.

- `panel`: `LettersPanel`, the Letters tab of one case (register, new letter, preview);
- `new_letter`: the new-letter form of that tab (kind, language, options);
- `dispatch`: `DispatchDialog`, how and when an issued letter left;
- `batch`: `BatchLettersDialog`, one letter per selected case, in the background;
- `templates_editor`: `TemplatesEditor`, the administrators' letter templates, with its parts
  `template_text` (the text box), `template_fields` (the fields a template may use) and
  `template_preview` (the case chooser and the preview window);
- `pdf_view`: `PdfPreview`, printing and saving PDF bytes;
- `common`: the labels of letter kinds and languages (`kind_label`), `confirm`.

The names other screens use are importable from the package itself.
"""

from privacy_desk.ui.letters.batch import BatchLettersDialog
from privacy_desk.ui.letters.common import (
    KIND_LABELS,
    LANGUAGES,
    MUTED_STYLE,
    kind_label,
    language_label,
    letter_file_name,
)
from privacy_desk.ui.letters.dispatch import DispatchDialog
from privacy_desk.ui.letters.panel import LettersPanel
from privacy_desk.ui.letters.pdf_view import PdfPreview, print_pdf, save_pdf
from privacy_desk.ui.letters.templates_editor import TemplatesEditor

__all__ = [
    "KIND_LABELS",
    "LANGUAGES",
    "MUTED_STYLE",
    "BatchLettersDialog",
    "DispatchDialog",
    "LettersPanel",
    "PdfPreview",
    "TemplatesEditor",
    "kind_label",
    "language_label",
    "letter_file_name",
    "print_pdf",
    "save_pdf",
]
