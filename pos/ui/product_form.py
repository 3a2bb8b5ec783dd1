"""The supervisor's product form: every field, barcode check and generation, bundle contents."""

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.core.barcodes import MAX_CODE_LENGTH, CodeKind, parse_scan
from pos.core.errors import InvalidAmount, InvalidBarcode, PosError, UnknownProduct
from pos.core.product import (
    MAX_LOW_STOCK,
    MAX_NAME,
    MAX_SHELF_LIFE_DAYS,
    MAX_SKU,
    UNITS,
    FieldError,
    InvalidProduct,
    ProductFields,
)
from pos.db.session import Database
from pos.i18n import _
from pos.services import catalog, products
from pos.services.auth import Actor
from pos.services.products import NamedItem, ProductDetail
from pos.ui.actions import shows_refusal
from pos.ui.actor_dialog import ActorDialog
from pos.ui.bundle_editor import BundleEditor
from pos.ui.errors import show_error
from pos.ui.form_fields import (
    KEEP_SPACE,
    field_label,
    form_button,
    is_enter,
    line_edit,
    message_label,
    say_under,
)
from pos.ui.money_field import MoneyField
from pos.ui.widgets import ok_cancel_buttons

KIND_NAMES = {CodeKind.EAN13: "EAN-13", CodeKind.EAN8: "EAN-8", CodeKind.UPCA: "UPC-A"}


def _money(placeholder: str) -> MoneyField:
    field = MoneyField()
    field.setPlaceholderText(placeholder)
    return field


class ProductFormDialog(ActorDialog):
    """Add (product_id None) or edit one product; `saved_id` is set once it is saved."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        product_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("New product") if product_id is None else _("Edit product")
        super().__init__(db, actor, title, parent)
        self.product_id = product_id
        self.saved_id: int | None = None
        self.setMinimumWidth(900)
        self.errors: dict[str, QLabel] = {}

        self.sku_field = line_edit(MAX_SKU)
        self.barcode_field = line_edit(MAX_CODE_LENGTH, _("Scan or type, then Enter"))
        self.barcode_field.installEventFilter(self)
        self.generate_button = form_button(_("Generate"), self.on_generate)
        self.generate_button.setToolTip(_("Make a new in-store EAN-13 code"))
        self.name_field = line_edit(MAX_NAME)
        self.category_combo = self._names_combo(products.categories(db))
        self.workshop_combo = self._names_combo(products.workshops(db))
        self.unit_combo = QComboBox()
        self.unit_combo.setEditable(True)
        self.unit_combo.addItems(UNITS)
        self.unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # A scan into a price is refused too: a supervisor scanning the product's code with the
        # wrong field focused would otherwise price it at Rp8.997.700.001.012.
        self.price_field = _money(_("e.g. 65.000"))
        self.cost_field = _money(_("e.g. 38.000"))
        self.track_stock_check = QCheckBox(field_label("track_stock"))
        self.track_stock_check.setChecked(True)
        self.low_stock_spin = QSpinBox()
        self.low_stock_spin.setRange(0, MAX_LOW_STOCK)
        self.pirt_field = line_edit(32)
        self.shelf_life_spin = QSpinBox()
        self.shelf_life_spin.setRange(0, MAX_SHELF_LIFE_DAYS)
        self.shelf_life_spin.setSpecialValueText(_("not set"))
        self.active_check = QCheckBox(field_label("active"))
        self.active_check.setChecked(True)
        self.stock_label = QLabel()
        self.stock_label.setObjectName("stockLabel")
        self.bundle = BundleEditor(db)
        self.errors["components"] = self.bundle.error
        self.general_error = message_label()

        barcode_row = QHBoxLayout()
        barcode_row.addWidget(self.barcode_field, 1)
        barcode_row.addWidget(self.generate_button)
        main = self._group(
            _("Product"),
            [
                ("sku", self.sku_field),
                ("barcode", barcode_row),
                ("name", self.name_field),
                ("category", self.category_combo),
                ("workshop", self.workshop_combo),
                ("unit", self.unit_combo),
                ("active", self.active_check),
            ],
        )
        money = self._group(
            _("Price and stock"),
            [
                ("price", self.price_field),
                ("cost", self.cost_field),
                ("track_stock", self.track_stock_check),
                ("low_stock", self.low_stock_spin),
            ],
        )
        food = self._group(
            _("Food"), [("pirt", self.pirt_field), ("shelf_life_days", self.shelf_life_spin)]
        )
        right = QVBoxLayout()
        right.addWidget(money)
        right.addWidget(food)
        right.addWidget(self.stock_label)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(main, 3)
        top.addLayout(right, 2)
        buttons = ok_cancel_buttons(self, _("Save"), self.on_save, save=True)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bundle, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        if product_id is not None:
            self._load(products.get_product(db, product_id))
        else:
            # A new bundle: its stock is its contents' (not its own), its cost theirs, until
            # the supervisor sets either by hand.
            self._track_set = self._cost_set = False
            self.track_stock_check.clicked.connect(self.on_track_stock_set)
            self.cost_field.textEdited.connect(self.on_cost_set)
            for signal in (
                self.bundle.model.rowsInserted,
                self.bundle.model.rowsRemoved,
                self.bundle.model.dataChanged,
            ):
                signal.connect(self.on_components_changed)
        self.sku_field.setFocus()

    @Slot()
    def on_track_stock_set(self) -> None:
        self._track_set = True

    @Slot()
    def on_cost_set(self) -> None:
        self._cost_set = True

    @Slot()
    def on_components_changed(self) -> None:
        bundle = self.bundle.model.rowCount() > 0
        if not self._track_set:
            self.track_stock_check.setChecked(not bundle)
        if not self._cost_set and bundle:
            self.cost_field.set_amount(self.bundle.components_cost())

    def _names_combo(self, items: list[NamedItem]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(["", *(item.name for item in items)])
        # A popup, not inline completion: a new name that starts like an old one stays as typed.
        combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        return combo

    def _group(self, title: str, rows: list[tuple[str, object]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in rows:
            label = "" if isinstance(widget, QCheckBox) else field_label(key)
            form.addRow(label, widget)  # type: ignore[call-overload]
            self.errors[key] = error = message_label()
            form.addRow("", error)
            if key == "barcode":
                # Checked and generated codes are always answered here: the line is kept even
                # when empty, so "Generate" never pushes the form down under the mouse.
                error.setProperty(KEEP_SPACE, True)
                error.setMinimumHeight(error.fontMetrics().lineSpacing())
                error.show()
            else:
                form.setRowVisible(error, False)
            if isinstance(widget, MoneyField):
                widget.refused.connect(lambda message, label=error: say_under(label, message))
        return box

    def _load(self, detail: ProductDetail) -> None:
        f = detail.fields
        self.sku_field.setText(f.sku)
        self.barcode_field.setText(f.barcode or "")
        self.name_field.setText(f.name)
        self.category_combo.setCurrentText(f.category or "")
        self.workshop_combo.setCurrentText(f.workshop or "")
        self.unit_combo.setCurrentText(f.unit)
        self.price_field.set_amount(f.price)
        self.cost_field.set_amount(f.cost)
        self.track_stock_check.setChecked(f.track_stock)
        self.low_stock_spin.setValue(f.low_stock)
        self.pirt_field.setText(f.pirt or "")
        self.shelf_life_spin.setValue(f.shelf_life_days or 0)
        self.active_check.setChecked(f.active)
        self.stock_label.setText(
            _("In stock: {stock} {unit}").format(stock=detail.stock, unit=f.unit)
            if f.track_stock
            else _("Stock is not tracked.")
        )
        self.bundle.set_components(f.components)

    # --- saving -------------------------------------------------------------------------------

    def read_fields(self) -> tuple[ProductFields, list[FieldError]]:
        """The form as ProductFields, and the problems found before asking the service."""
        problems: list[FieldError] = []

        def money(key: str, field: MoneyField, empty: int | None) -> int:
            if not field.text().strip() and empty is not None:
                return empty
            try:
                return field.amount()
            except InvalidAmount as e:
                problems.append(FieldError(key, e.message))
                return 0

        fields = ProductFields(
            sku=self.sku_field.text(),
            name=self.name_field.text(),
            price=money("price", self.price_field, None),
            barcode=self.barcode_field.text(),
            category=self.category_combo.currentText(),
            workshop=self.workshop_combo.currentText(),
            unit=self.unit_combo.currentText(),
            cost=money("cost", self.cost_field, 0),
            track_stock=self.track_stock_check.isChecked(),
            low_stock=self.low_stock_spin.value(),
            pirt=self.pirt_field.text(),
            shelf_life_days=self.shelf_life_spin.value() or None,
            active=self.active_check.isChecked(),
            components=self.bundle.components(),
        )
        return fields.normalized(), problems

    @Slot()
    def on_save(self) -> None:
        self.show_errors([])
        fields, problems = self.read_fields()
        if problems:
            self.show_errors(problems)
            return
        save = products.save_product
        try:
            try:
                self.saved_id = save(self._db, self._actor, fields, self.product_id)
            except InvalidProduct as e:
                if not self._may_create_names(e.errors, fields):
                    raise
                self.saved_id = save(self._db, self._actor, fields, self.product_id, True)
        except InvalidProduct as e:
            self.show_errors(e.errors)
            return
        except PosError as e:
            show_error(self, e)
            return
        self.accept()

    def _may_create_names(self, errors: list[FieldError], fields: ProductFields) -> bool:
        """When the only problem is a new category or workshop name, offer to create it."""
        if any(e.field not in ("category", "workshop") for e in errors):
            return False
        questions = []
        if any(e.field == "category" for e in errors):
            questions.append(_("Create category {name}?").format(name=fields.category))
        if any(e.field == "workshop" for e in errors):
            questions.append(_("Create workshop {name}?").format(name=fields.workshop))
        answer = QMessageBox.question(
            self,
            _("New name"),
            "\n".join(questions),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message under its field; anything without a field of its own at the bottom."""
        by_field: dict[str, list[str]] = {}
        for e in errors:
            by_field.setdefault(e.field if e.field in self.errors else "", []).append(e.message)
        for key, label in self.errors.items():
            say_under(label, "\n".join(by_field.get(key, [])))
        say_under(self.general_error, "\n".join(by_field.get("", [])))

    # --- barcode ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_enter(watched, self.barcode_field, event):
            self.on_barcode_entered()  # a scanner ends with Enter: check it, keep the form open
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def on_barcode_entered(self) -> None:
        label = self.errors["barcode"]
        text = self.barcode_field.text().strip()
        if not text:
            say_under(label, "")
            return
        try:
            code = parse_scan(text)
        except InvalidBarcode as e:
            say_under(label, e.message)
            return
        self.barcode_field.setText(code.value)
        try:
            holder = catalog.find_by_code(self._db, code.value)
        except UnknownProduct:
            holder = None  # unused, or used by an inactive product: saving tells which
        if (
            holder is not None
            and holder.id != self.product_id
            and holder.barcode in code.lookup_keys()
        ):
            message = _("The code {code} is already used by {name}.")
            say_under(label, message.format(code=code.value, name=holder.name))
            return
        kind = KIND_NAMES.get(code.kind, "Code 128")
        say_under(label, _("Valid {kind} code.").format(kind=kind), ok=True)

    @Slot()
    @shows_refusal
    def on_generate(self) -> None:
        self.barcode_field.setText(products.generate_barcode(self._db))
        self.on_barcode_entered()
