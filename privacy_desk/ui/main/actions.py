"""The main window's actions, written once: name, text, shortcuts, tip and the window's slot.

The menus, the toolbar and the Keyboard shortcuts dialog are all built from the tables here, so a
shortcut changed in `ACTIONS` is changed everywhere it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from privacy_desk.domain.vocabulary import Channel, Queue, UserRole
from privacy_desk.i18n import N_, _, label, language
from privacy_desk.ui.login import LANGUAGE_NAMES

if TYPE_CHECKING:
    from privacy_desk.ui.main.window import MainWindow


@dataclass(frozen=True)
class ActionSpec:
    """One action: `text` and `tip` are marked English (or a vocabulary member for its label)."""

    name: str
    text: str | Queue
    slot: str  # the window's method that runs it
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    argument: Any = None  # passed to the slot when not None

    def title(self) -> str:
        """The action's text in the screen language, with its & mnemonic."""
        return label(self.text) if isinstance(self.text, Queue) else _(self.text)

    def key_sequences(self) -> list[QKeySequence]:
        return [QKeySequence(keys) for keys in self.shortcuts]


_INTAKE_TIP = N_("Log a new contact as a case")
INTAKE_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "intake_phone",
        N_("New &phone intake…"),
        "open_intake",
        ("Ctrl+Shift+P",),
        _INTAKE_TIP,
        Channel.PHONE,
    ),
    ActionSpec(
        "intake_email",
        N_("New &email intake…"),
        "open_intake",
        ("Ctrl+Shift+E",),
        _INTAKE_TIP,
        Channel.EMAIL,
    ),
    ActionSpec(
        "intake_fax",
        N_("New &fax intake…"),
        "open_intake",
        ("Ctrl+Shift+F",),
        _INTAKE_TIP,
        Channel.FAX,
    ),
    ActionSpec(
        "intake_post", N_("New p&ost intake…"), "open_intake", (), _INTAKE_TIP, Channel.POST
    ),
    ActionSpec(
        "intake_in_person",
        N_("New &in-person intake…"),
        "open_intake",
        (),
        _INTAKE_TIP,
        Channel.IN_PERSON,
    ),
)

ACTIONS: tuple[ActionSpec, ...] = (
    *INTAKE_ACTIONS,
    ActionSpec(
        "import_email",
        N_("I&mport email…"),
        "import_email",
        ("Ctrl+Shift+I",),
        N_("Open saved emails (.eml) as new intakes, filled in from each message"),
    ),
    ActionSpec(
        "fax_inbox",
        N_("Fax i&nbox…"),
        "open_fax_inbox",
        ("Ctrl+Shift+X",),
        N_("Faxes the watched folder brought in, waiting to become cases"),
    ),
    ActionSpec("quit", N_("&Quit"), "close", ("Ctrl+Q",)),
    ActionSpec(
        "save_filter",
        N_("Sa&ve filter…"),
        "open_save_filter",
        ("Ctrl+Shift+S",),
        N_("Keep the queue and filters shown now under a name in the queue list"),
    ),
    ActionSpec(
        "change_password",
        N_("Change my pass&word…"),
        "open_change_password",
        (),
        N_("Choose a new password for your own log-in"),
    ),
    ActionSpec(
        "save", N_("&Save"), "save_case", ("Ctrl+S",), N_("Save the open edit of the current case")
    ),
    ActionSpec(
        "find", N_("&Find…"), "focus_search", ("Ctrl+F",), N_("Search references, names and notes")
    ),
    ActionSpec("clear_filters", N_("&Clear filters"), "clear_filters"),
    ActionSpec(
        "take", N_("&Take case"), "take", ("Ctrl+T",), N_("Make yourself the owner of the case")
    ),
    ActionSpec(
        "assign",
        N_("&Assign to…"),
        "ask_assignee",
        ("Ctrl+Shift+A",),
        N_("Assign the selected cases to someone (supervisors)"),
    ),
    ActionSpec(
        "batch_letters",
        N_("Issue &letters for selection…"),
        "open_batch_letters",
        ("Ctrl+Shift+L",),
        N_("Issue and print one letter for each selected case"),
    ),
    ActionSpec(
        "users",
        N_("&Users…"),
        "open_users",
        (),
        N_("Add, disable, change the role of, reset or unlock users (administrators)"),
    ),
    ActionSpec(
        "office_settings",
        N_("Office &settings…"),
        "open_settings",
        (),
        N_("Organisation, letters, deadlines, desk and safekeeping settings (administrators)"),
    ),
    ActionSpec(
        "letter_templates",
        N_("Letter &templates…"),
        "open_letter_templates",
        (),
        N_("Edit the letter templates (administrators)"),
    ),
    ActionSpec(
        "safekeeping",
        N_("&Safekeeping…"),
        "open_safekeeping",
        (),
        N_("Backups: the last one, make one now, restore one (administrators)"),
    ),
    ActionSpec(
        "retention",
        N_("&Retention…"),
        "open_retention",
        (),
        N_("Purge the closed cases past their retention period (administrators)"),
    ),
    ActionSpec(
        "calendar",
        N_("&Calendar…"),
        "open_calendar",
        (),
        N_("Holidays and closure days of each office; add or remove closures (administrators)"),
    ),
    ActionSpec(
        "reports",
        N_("&Reports…"),
        "open_reports",
        ("Ctrl+Shift+R",),
        N_("Monthly and fiscal-year figures with charts, saved as CSV or PDF (supervisors)"),
    ),
    ActionSpec(
        "open_case", N_("&Open case"), "open_current_case", (), N_("Open the selected case")
    ),
    ActionSpec(
        "next_case",
        N_("&Next case"),
        "step_case",
        ("Ctrl+.", "Alt+Down"),
        N_("Open the next case of the list"),
        1,
    ),
    ActionSpec(
        "previous_case",
        N_("&Previous case"),
        "step_case",
        ("Ctrl+,", "Alt+Up"),
        N_("Open the previous case of the list"),
        -1,
    ),
    ActionSpec(
        "reveal_name",
        N_("&Reveal name"),
        "reveal_name",
        (),
        N_("Show the full requester name (the reveal is logged)"),
    ),
    ActionSpec(
        "refresh", N_("&Refresh"), "refresh", ("F5",), N_("Load the queue and counts again")
    ),
    ActionSpec("close_case", N_("C&lose case tab"), "close_current_case", ("Ctrl+W",)),
    ActionSpec(
        "show_list",
        N_("Case &list"),
        "show_queue_page",
        ("Ctrl+0",),
        N_("Bring the list of cases to the front"),
    ),
    ActionSpec(
        "dashboard",
        N_("&Dashboard"),
        "show_dashboard",
        ("Ctrl+9",),
        N_("The office's figures: what is late, what waits, who is loaded (supervisors)"),
    ),
    ActionSpec("about", N_("&About Privacy Desk"), "show_about"),
    ActionSpec("shortcuts", N_("&Keyboard shortcuts"), "show_shortcuts", ("F1",)),
    *(
        ActionSpec(f"queue_{queue.value}", queue, "show_queue", (f"Ctrl+{number}",), "", queue)
        for number, queue in enumerate(Queue, start=1)
    ),
)

# Menu title -> the action names in it; "-" is a separator, "queues" and "language" submenus.
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        N_("&File"),
        (
            *(spec.name for spec in INTAKE_ACTIONS),
            "import_email",
            "fax_inbox",
            "-",
            "close_case",
            "-",
            "change_password",
            "quit",
        ),
    ),
    (N_("&Edit"), ("save", "-", "find", "clear_filters", "save_filter")),
    (
        N_("&Case"),
        (
            "open_case",
            "take",
            "assign",
            "next_case",
            "previous_case",
            "-",
            "batch_letters",
            "reveal_name",
            "refresh",
        ),
    ),
    (N_("&View"), ("show_list", "dashboard", "queues", "-", "reports", "-", "language")),
    (
        N_("&Administration"),
        ("users", "office_settings", "calendar", "letter_templates", "safekeeping", "retention"),
    ),  # administrators only
    (N_("&Help"), ("shortcuts", "about")),
)
ADMIN_MENU = "&Administration"

# Action name -> the short text on the toolbar; a separator follows the names in TOOLBAR_BREAKS.
TOOLBAR: tuple[tuple[str, str], ...] = (
    ("intake_phone", N_("Phone intake")),
    ("intake_email", N_("Email intake")),
    ("intake_fax", N_("Fax intake")),
    ("take", N_("Take")),
    ("assign", N_("Assign…")),
    ("save", N_("Save")),
    ("previous_case", N_("Previous")),
    ("next_case", N_("Next")),
    ("refresh", N_("Refresh")),
)
TOOLBAR_BREAKS = frozenset({"intake_fax", "save", "next_case"})


def make_actions(window: MainWindow) -> dict[str, QAction]:
    """Every action of the table as a QAction of the window, connected to its slot."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.title(), window)
        action.setObjectName(spec.name)
        if spec.shortcuts:
            action.setShortcuts(spec.key_sequences())
        if spec.tip:
            action.setStatusTip(_(spec.tip))
            action.setToolTip(_(spec.tip))
        slot = getattr(window, spec.slot)
        if spec.argument is None:
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
        else:
            action.triggered.connect(lambda _checked=False, slot=slot, arg=spec.argument: slot(arg))
        window.addAction(action)  # shortcuts work even when the menu bar is hidden
        actions[spec.name] = action
    languages = QActionGroup(window)
    for code, name in LANGUAGE_NAMES:
        action = QAction(name, window)
        action.setObjectName(f"language_{code}")
        action.setCheckable(True)
        action.setChecked(code == language())
        action.setActionGroup(languages)
        choose = window.choose_language
        action.triggered.connect(lambda _checked=False, c=code, choose=choose: choose(c))
        actions[f"language_{code}"] = action
    return actions


def make_menus(window: QMainWindow, actions: dict[str, QAction], role: UserRole) -> None:
    bar = window.menuBar()
    for title, names in MENUS:
        if title == ADMIN_MENU and role is not UserRole.ADMIN:
            continue
        menu = bar.addMenu(_(title))
        for name in names:
            if name == "-":
                menu.addSeparator()
            elif name == "queues":
                queues = menu.addMenu(_("&Queues"))
                for queue in Queue:
                    queues.addAction(actions[f"queue_{queue.value}"])
            elif name == "language":
                languages = menu.addMenu(_("&Language"))
                for code, _name in LANGUAGE_NAMES:
                    languages.addAction(actions[f"language_{code}"])
            else:
                menu.addAction(actions[name])


def make_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    toolbar = QToolBar(_("Main toolbar"))
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for name, text in TOOLBAR:
        action = actions[name]
        toolbar.addAction(action)
        # The toolbar shows the short icon text; the tooltip names the keys.
        action.setIconText(_(text))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            action.setToolTip(f"{action.toolTip()} ({keys})")
        if name in TOOLBAR_BREAKS:
            toolbar.addSeparator()
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar
