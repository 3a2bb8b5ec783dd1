"""The quantity-lines tables: a typed quantity is read by each table's rule, a refused one said."""

from pos.ui.label_lines_model import LabelLinesModel
from pos.ui.quantity_lines import COL_QTY, QuantityLinesModel
from pos.ui.stock_receive import ReceiveLinesModel


def refusals(model: QuantityLinesModel) -> list[str]:  # type: ignore[type-arg]
    said: list[str] = []
    model.edit_refused.connect(said.append)
    return said


def test_labels_keep_their_copies_when_a_bad_count_is_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = LabelLinesModel()
    model.add("KK-NAS-500", "Nastar", 3)
    said = refusals(model)
    assert not model.setData(model.index(0, COL_QTY), "-2")
    assert said == [
        "Nastar: Jumlah label harus bilangan bulat, paling sedikit 1. Jumlah label tetap 3."
    ]
    assert model.setData(model.index(0, COL_QTY), "4") and model.lines[0].copies == 4
    assert model.index(0, COL_QTY).data() == "4" and model.total == 4


def test_received_lines_keep_their_quantity_when_a_bad_one_is_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = ReceiveLinesModel()
    model.add(7, "MK-TMP-01", "Tempe", 2)
    model.add(7, "MK-TMP-01", "Tempe", 3)
    said = refusals(model)
    assert not model.setData(model.index(0, COL_QTY), "banyak")
    assert len(said) == 1 and said[0].startswith("Tempe: ")
    assert said[0].endswith("Jumlahnya tetap 5.")
    assert model.setData(model.index(0, COL_QTY), "40") and model.lines[0].qty == 40
