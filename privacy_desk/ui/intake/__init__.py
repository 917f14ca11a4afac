"""The intake screens: a contact becomes a case.

- `dialog`: `IntakeDialog`, the window, saving, cancelling and the draft kept meanwhile;
- `form`: `IntakeFields`, the fields of the contact, the people and the request;
- `measures`: the kinds of request and their details (`KIND_ORDER`, `MeasureFields`);
- `matches`: `EarlierCasesPanel`, likely earlier cases of the same person;
- `drafts`: `DraftStore`, drafts of forms being typed, in the user's data folder.
"""

from privacy_desk.ui.intake.dialog import IntakeDialog
from privacy_desk.ui.intake.drafts import Draft, DraftStore
from privacy_desk.ui.intake.measures import KIND_ORDER

__all__ = ["KIND_ORDER", "Draft", "DraftStore", "IntakeDialog"]
