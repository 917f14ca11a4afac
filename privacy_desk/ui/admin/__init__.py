"""Administration screens: Safekeeping (backups) and Retention."""

from privacy_desk.ui.admin.safekeeping import (
    SafekeepingDialog,
    start_daily_backup,
    start_identity_scan_purge,
)

__all__ = ["SafekeepingDialog", "start_daily_backup", "start_identity_scan_purge"]
