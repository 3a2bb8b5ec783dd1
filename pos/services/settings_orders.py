"""The settings of orders and their kuitansi, declared once; listed in settings.ALL_SETTINGS."""

from pos.core.errors import PosError
from pos.i18n import N_, _
from pos.services.setting_var import SettingVar, text_setting

PAPERS = ("A5", "A4")


def _check_paper(paper: str) -> None:
    if paper not in PAPERS:
        raise PosError(_("The kuitansi paper is A5 or A4."))


KUITANSI_PAPER = SettingVar(
    "kuitansi.paper", "A5", N_("Kuitansi paper (A5 or A4)"), str.upper, _check_paper
)
# "Jember, 27 November 2026" above the signatures; empty: the stand's name.
KUITANSI_PLACE = text_setting("kuitansi.place", "", N_("Place on the kuitansi"), 40)
