"""The editor of one library item: its kind's parts, campaign, tags, audience, validity and stages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.money import AmountRefused, fen_from_yuan_text
from guide_app.protocol import (
    FILE_CONTENT_KINDS,
    AssetPublic,
    AudienceKind,
    ContentKind,
    ContentPublic,
    LifecycleStage,
)
from guide_app.workspace.library import (
    ContentDraft,
    DraftField,
    DraftProblem,
    Library,
    campaigns_of,
    draft_of,
    publish_content,
    update_content,
    upload_file,
)
from guide_app.workspace.session import Workspace
from ui.dialogs.content_preview import PLACEHOLDERS, duration_words, megabytes
from ui.dialogs.customer_words import STAGE_WORDS, word
from ui.dialogs.sale_entry import amount_words, yuan_text
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe_refusal
from ui.models.content import PICTURE_KINDS, kind_words
from ui.ops import Ops, Running
from ui.thumbnails import ImageLoader, VideoProbe

CONTEXT = "ContentEditor"
PROBLEM_STYLE = "color: #b00020;"
HINT_STYLE = "color: #4b5563;"
ID_ROLE = Qt.ItemDataRole.UserRole
CAPTION_WIDTH = 100  # the left column's captions, so its separate parts line up
DATE_FORMAT = "yyyy-MM-dd HH:mm"

PROBLEM_WORDS: dict[DraftProblem, str] = {
    DraftProblem.title_missing: QT_TRANSLATE_NOOP(
        "ContentEditor", "Give the item a title guides will recognise."
    ),
    DraftProblem.title_too_long: QT_TRANSLATE_NOOP("ContentEditor", "At most 200 characters."),
    DraftProblem.one_line_only: QT_TRANSLATE_NOOP("ContentEditor", "One line only: no line breaks or tabs."),
    DraftProblem.body_missing: QT_TRANSLATE_NOOP("ContentEditor", "A script is its words: type them here."),
    DraftProblem.body_too_long: QT_TRANSLATE_NOOP("ContentEditor", "At most 20,000 characters."),
    DraftProblem.file_missing: QT_TRANSLATE_NOOP("ContentEditor", "Choose the file guides will send."),
    DraftProblem.file_uploading: QT_TRANSLATE_NOOP(
        "ContentEditor", "The file is still on its way to HQ: wait until its size shows."
    ),
    DraftProblem.link_missing: QT_TRANSLATE_NOOP("ContentEditor", "Type the web address guides will send."),
    DraftProblem.link_invalid: QT_TRANSLATE_NOOP(
        "ContentEditor", "A web address starts with http:// or https:// and has no spaces."
    ),
    DraftProblem.sku_missing: QT_TRANSLATE_NOOP("ContentEditor", "Type the product's SKU (货号)."),
    DraftProblem.sku_too_long: QT_TRANSLATE_NOOP("ContentEditor", "At most 64 characters."),
    DraftProblem.product_name_missing: QT_TRANSLATE_NOOP("ContentEditor", "Type the product's name."),
    DraftProblem.price_missing: QT_TRANSLATE_NOOP(
        "ContentEditor", "Type the price in yuan, e.g. 1299 or 1299.50."
    ),
    DraftProblem.campaign_too_long: QT_TRANSLATE_NOOP("ContentEditor", "At most 100 characters."),
    DraftProblem.audience_empty: QT_TRANSLATE_NOOP("ContentEditor", "Tick at least one region or store."),
    DraftProblem.window_reversed: QT_TRANSLATE_NOOP("ContentEditor", "“Until” must be later than “from”."),
}
AUDIENCE_WORDS: dict[AudienceKind, str] = {
    AudienceKind.everyone: QT_TRANSLATE_NOOP("ContentEditor", "Every store"),
    AudienceKind.regions: QT_TRANSLATE_NOOP("ContentEditor", "Chosen regions"),
    AudienceKind.stores: QT_TRANSLATE_NOOP("ContentEditor", "Chosen stores"),
}


def problem_words(problem: DraftProblem) -> str:
    return QCoreApplication.translate(CONTEXT, PROBLEM_WORDS[problem])


def _part() -> tuple[QWidget, QGridLayout]:
    """One of the kind's parts (file, link, product): captions in the left column's width."""
    part = QWidget()
    grid = QGridLayout(part)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setColumnStretch(1, 1)
    grid.setColumnMinimumWidth(0, CAPTION_WIDTH)
    return part, grid


def problem_label() -> QLabel:
    """A field's problem, red, under it; hidden while there is none."""
    label = QLabel()
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def hint_label(text: str) -> QLabel:
    """A sentence explaining a field, in grey."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def _checkable(list_widget: QListWidget, text: str, key: object, checked: bool) -> None:
    row = QListWidgetItem(text, list_widget)
    row.setData(ID_ROLE, key)
    row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    row.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def _checked_keys(list_widget: QListWidget) -> list[object]:
    keys = []
    for number in range(list_widget.count()):
        row = list_widget.item(number)
        if row is not None and row.checkState() is Qt.CheckState.Checked:
            keys.append(row.data(ID_ROLE))
    return keys


class ContentEditor(QDialog):
    """New (item None) or edit one item. The chosen file goes to HQ at once, read and sent on a
    worker thread; Save checks every field and says what is wrong under it before anything is
    sent, and HQ's own refusal shows under the form. Enter saves, Escape closes."""

    def __init__(
        self,
        ops: Ops,
        workspace: Workspace,
        library: Library,
        item: ContentPublic | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.workspace, self.library, self.item = ops, workspace, library, item
        self.saved: ContentPublic | None = None
        self.asset: AssetPublic | None = None
        self.file_path: str | None = None
        self._uploading: Running[AssetPublic] | None = None
        self._saving: Running[ContentPublic] | None = None
        self.loader = ImageLoader(self, QSize(240, 180))
        self.loader.thumbnail_ready.connect(self._thumbnail_ready)
        self._probe: VideoProbe | None = None
        self.problems: dict[DraftField, QLabel] = {field: problem_label() for field in DraftField}
        self.setWindowTitle(self.tr("New library item") if item is None else self.tr("Edit library item"))
        self._build()
        self._start_from(draft_of(item) if item is not None else ContentDraft(ContentKind.poster))
        self.resize(1040, 700)

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(self._build_left(), 3)
        columns.addLayout(self._build_right(), 2)
        self.form_problem = problem_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        save.setText(self.tr("&Publish") if self.item is None else self.tr("&Save"))
        save.setToolTip(self.tr("Check and send to HQ (Enter, or Ctrl+Enter in the words)"))
        save.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.form_problem)
        layout.addWidget(self.buttons)

    def _field(
        self, grid: QGridLayout, caption: str, widget: QWidget | None, where: DraftField | None
    ) -> None:
        row = grid.rowCount()
        label = QLabel(caption)
        grid.addWidget(label, row, 0)
        if widget is not None:
            label.setBuddy(widget)
            grid.addWidget(widget, row, 1)
        if where is not None:
            grid.addWidget(self.problems[where], row + 1, 1)

    def _build_left(self) -> QVBoxLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, CAPTION_WIDTH)
        self.kind = QComboBox()
        for kind in ContentKind:
            self.kind.addItem(kind_words(kind), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kind.setEnabled(self.item is None)  # HQ keeps an item's kind: publish a new one instead
        self._field(grid, self.tr("&Kind"), self.kind, None)
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self._field(grid, self.tr("&Title"), self.title, DraftField.heading)
        self.campaign = QLineEdit()
        self.campaign.setPlaceholderText(self.tr("e.g. 双十一, 春季上新"))
        self.campaign.setCompleter(QCompleter(campaigns_of(self.library.items), self.campaign))
        self._field(grid, self.tr("Ca&mpaign"), self.campaign, DraftField.campaign)
        layout = QVBoxLayout()
        layout.addLayout(grid)
        layout.addWidget(self._build_body())
        self.file_part = self._build_file()
        self.link_part = self._build_link()
        self.product_part = self._build_product()
        for part in (self.file_part, self.link_part, self.product_part):
            layout.addWidget(part)
        layout.addStretch(1)
        return layout

    def _build_body(self) -> QWidget:
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        self.body_caption = QLabel(self.tr("&Words"))
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body_caption.setBuddy(self.body)
        self.body.setMinimumHeight(110)
        buttons = QHBoxLayout()
        buttons.addWidget(self.body_caption)
        buttons.addStretch(1)
        self.placeholder_buttons: dict[str, QPushButton] = {}
        for placeholder in PLACEHOLDERS.split():
            button = QPushButton(self.tr("Insert %1").replace("%1", placeholder))
            button.setToolTip(self.tr("Put %1 where the cursor is").replace("%1", placeholder))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, text=placeholder: self._insert(text))
            buttons.addWidget(button)
            self.placeholder_buttons[placeholder] = button
        self.placeholder_hint = hint_label(
            self.tr(
                "When a guide copies the words for a customer, {称呼} becomes how to address them "
                "(王女士), {姓} their family name (王) and {姓名} their full name (王丽娟). A customer "
                "without a name is addressed as 亲."
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(self.body)
        layout.addWidget(self.problems[DraftField.body])
        layout.addWidget(self.placeholder_hint)
        return part

    def _build_file(self) -> QWidget:
        part, grid = _part()
        self.file_field = QLineEdit()
        self.file_field.setPlaceholderText(self.tr("The file's path, or Choose…"))
        self.file_field.editingFinished.connect(lambda: self.choose_file(self.file_field.text()))
        self.file_field.installEventFilter(self)  # leaving the field sends a pasted path too
        choose = QPushButton(self.tr("C&hoose…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file_field, 1)
        row.addWidget(choose)
        caption = QLabel(self.tr("&File"))
        caption.setBuddy(self.file_field)
        grid.addWidget(caption, 0, 0)
        grid.addLayout(row, 0, 1)
        self.file_state = QLabel()
        self.file_state.setWordWrap(True)
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(QSize(240, 180))
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #f3f4f6; border-radius: 4px;")
        grid.addWidget(self.problems[DraftField.file], 1, 1)
        below = QHBoxLayout()
        below.addWidget(self.thumbnail)
        below.addWidget(self.file_state, 1)
        grid.addLayout(below, 2, 1)
        return part

    def _build_link(self) -> QWidget:
        part, grid = _part()
        self.link_url = QLineEdit()
        self.link_url.setPlaceholderText("https://")
        self._field(grid, self.tr("&Address"), self.link_url, DraftField.link_url)
        return part

    def _build_product(self) -> QWidget:
        part, grid = _part()
        self.sku = QLineEdit()
        self.sku.setMaxLength(64)
        self._field(grid, self.tr("SK&U"), self.sku, DraftField.sku)
        self.product_name = QLineEdit()
        self._field(grid, self.tr("Product &name"), self.product_name, DraftField.product_name)
        self.price = QLineEdit()
        self.price.setPlaceholderText(self.tr("yuan, e.g. 1299.00"))
        self._field(grid, self.tr("Pri&ce (¥)"), self.price, DraftField.price)
        return part

    def _build_right(self) -> QVBoxLayout:
        layout = QVBoxLayout()
        tags_caption = QLabel(self.tr("T&ags (HQ's tag groups; Space ticks)"))
        self.tags = QListWidget()
        self.tags.setMinimumHeight(120)
        tags_caption.setBuddy(self.tags)
        layout.addWidget(tags_caption)
        layout.addWidget(self.tags, 2)
        audience_caption = QLabel(self.tr("Au&dience"))
        self.audience_kind = QComboBox()
        for kind in AudienceKind:
            self.audience_kind.addItem(QCoreApplication.translate(CONTEXT, AUDIENCE_WORDS[kind]), kind)
        audience_caption.setBuddy(self.audience_kind)
        self.audience_kind.currentIndexChanged.connect(self._audience_kind_changed)
        self.audience_places = QListWidget()
        self.audience_places.setMinimumHeight(90)
        self.audience_places.setAccessibleName(self.tr("Regions or stores"))
        row = QHBoxLayout()
        row.addWidget(audience_caption)
        row.addWidget(self.audience_kind, 1)
        layout.addLayout(row)
        layout.addWidget(self.audience_places, 1)
        layout.addWidget(self.problems[DraftField.audience])
        layout.addLayout(self._build_validity())
        layout.addWidget(self.problems[DraftField.validity])
        layout.addWidget(QLabel(self.tr("Suits customers who are (none ticked: everyone)")))
        stages = QHBoxLayout()
        self.stages: dict[LifecycleStage, QCheckBox] = {}
        for stage in LifecycleStage:
            self.stages[stage] = QCheckBox(word(STAGE_WORDS, stage))
            stages.addWidget(self.stages[stage])
        stages.addStretch(1)
        layout.addLayout(stages)
        return layout

    def _build_validity(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, CAPTION_WIDTH)
        self.from_on = QCheckBox(self.tr("Valid f&rom"))
        self.until_on = QCheckBox(self.tr("Valid unti&l"))
        self.valid_from = QDateTimeEdit()
        self.valid_until = QDateTimeEdit()
        for number, (switch, edit) in enumerate(
            ((self.from_on, self.valid_from), (self.until_on, self.valid_until))
        ):
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
            switch.toggled.connect(edit.setEnabled)
            grid.addWidget(switch, number, 0)
            grid.addWidget(edit, number, 1)
        hint = hint_label(self.tr("In this PC's local time; guides cannot send an item outside its dates."))
        grid.addWidget(hint, 2, 0, 1, 2)
        return grid

    # ----------------------------------------------------------------------------------- filling

    def _start_from(self, draft: ContentDraft) -> None:
        self.kind.setCurrentIndex(self.kind.findData(draft.kind))
        self.title.setText(draft.title)
        self.campaign.setText(draft.campaign)
        self.body.setPlainText(draft.body)
        self.link_url.setText(draft.link_url)
        self.sku.setText(draft.sku)
        self.product_name.setText(draft.product_name)
        self.price.setText(yuan_text(draft.price_fen) if draft.price_fen is not None else "")
        self._fill_tags(draft.tags)
        self.audience_kind.setCurrentIndex(self.audience_kind.findData(draft.audience_kind))
        self._fill_places(
            draft.region_ids if draft.audience_kind is AudienceKind.regions else draft.store_ids
        )
        for switch, edit, moment in (
            (self.from_on, self.valid_from, draft.valid_from),
            (self.until_on, self.valid_until, draft.valid_until),
        ):
            switch.setChecked(moment is not None)
            edit.setDateTime(_on_screen(moment) if moment else _local_default(edit is self.valid_until))
        for stage, box in self.stages.items():
            box.setChecked(stage in draft.stages)
        if self.item is not None and self.item.asset_sha256:
            self.file_state.setText(self._kept_file_words(self.item))
        self._kind_changed()

    def _kept_file_words(self, item: ContentPublic) -> str:
        size = megabytes(item.asset_size) if item.asset_size else ""
        return (
            self.tr("HQ holds this item's file (%1, %2). Choose another file to replace it.")
            .replace("%1", item.asset_mime or "?")
            .replace("%2", size)
        )

    def _fill_tags(self, chosen: list[str]) -> None:
        self.tags.clear()
        offered: set[str] = set()
        for group in self.library.tag_groups:
            for tag in group.tags:
                if tag not in offered:
                    offered.add(tag)
                    _checkable(self.tags, f"{tag}  · {group.name}", tag, tag in chosen)
        for tag in chosen:  # a tag no group offers any more stays until it is unticked
            if tag not in offered:
                _checkable(self.tags, tag, tag, True)

    def _fill_places(self, chosen: list[int]) -> None:
        self.audience_places.clear()
        kind = AudienceKind(self.audience_kind.currentData())
        region_names = {region.id: region.name for region in self.library.regions}
        if kind is AudienceKind.regions:
            for region in self.library.regions:
                _checkable(self.audience_places, region.name, region.id, region.id in chosen)
        elif kind is AudienceKind.stores:
            for store in self.library.stores:
                text = f"{store.name} ({store.code}) · {region_names.get(store.region_id, '')}"
                _checkable(self.audience_places, text, store.id, store.id in chosen)
        self.audience_places.setEnabled(kind is not AudienceKind.everyone)

    def _audience_kind_changed(self) -> None:
        self._fill_places([])

    def _kind_changed(self) -> None:
        kind = ContentKind(self.kind.currentData())
        self.file_part.setVisible(kind in FILE_CONTENT_KINDS)
        self.link_part.setVisible(kind is ContentKind.link)
        self.product_part.setVisible(kind is ContentKind.product_card)
        self.placeholder_hint.setVisible(kind is ContentKind.script)
        self.body_caption.setText(
            self.tr("&Words (the script)")
            if kind is ContentKind.script
            else self.tr("&Words (optional caption)")
        )

    def _insert(self, placeholder: str) -> None:
        self.body.insertPlainText(placeholder)
        self.body.setFocus()

    # ----------------------------------------------------------------------------------- the file

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the file"),
            "",
            self.tr("Pictures and videos (*.jpg *.jpeg *.png *.gif *.webp *.mp4 *.mov);;All files (*)"),
        )
        if path:
            self.file_field.setText(path)
            self.choose_file(path)

    def choose_file(self, text: str) -> None:
        """Send the file at `text` to HQ (once per path chosen); its picture shows meanwhile."""
        path = text.strip()
        if not path or path == self.file_path:
            return
        if self._uploading is not None:
            self._uploading.discard()
        self.file_path, self.asset = path, None
        self.file_state.setText(self.tr("Sending the file to HQ…"))
        self._say(DraftField.file, None)
        self._show_picture(path)
        self._uploading = self.ops.run_async(
            lambda: upload_file(self.workspace, Path(path)),
            lambda asset: self._uploaded(path, asset),
            failure=lambda error: self._upload_failed(path, error),
            name="upload content file",
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.file_field and event.type() is QEvent.Type.FocusOut:
            self.choose_file(self.file_field.text())
        return super().eventFilter(watched, event)

    def _uploaded(self, path: str, asset: AssetPublic) -> None:
        if path != self.file_path:
            return
        self._uploading, self.asset = None, asset
        self.file_state.setText(
            self.tr("At HQ: %1, %2.").replace("%1", megabytes(asset.size)).replace("%2", asset.mime)
        )

    def _upload_failed(self, path: str, error: BaseException) -> None:
        if path != self.file_path:
            return
        self._uploading, self.file_path = None, None
        self.file_state.setText("")
        self._say(DraftField.file, describe_refusal(error))

    def _show_picture(self, path: str) -> None:
        self.thumbnail.setPixmap(QPixmap())
        self.thumbnail.setText("")
        kind = ContentKind(self.kind.currentData())
        if kind in PICTURE_KINDS:
            image = self.loader.thumbnail(path)
            if image is not None:
                self._thumbnail_ready(path)
        elif kind is ContentKind.video:
            if self._probe is None:
                self._probe = VideoProbe(self)
                self._probe.probed.connect(self._video_probed)
            self.thumbnail.setText(self.tr("Reading the video…"))
            self._probe.probe(path)

    def _thumbnail_ready(self, path: str) -> None:
        image = self.loader.cached(path)
        if path == self.file_path and image is not None:
            self._put_picture(image)

    def _video_probed(self, path: str, frame: QImage, duration_ms: int) -> None:
        if path != self.file_path:
            return
        self._put_picture(frame.scaled(self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio))
        if duration_ms > 0:
            self.thumbnail.setToolTip(duration_words(duration_ms))

    def _put_picture(self, image: QImage) -> None:
        if image.isNull():
            self.thumbnail.setText(self.tr("No picture to show"))
            return
        self.thumbnail.setPixmap(QPixmap.fromImage(image))

    # ----------------------------------------------------------------------------------- saving

    def draft(self) -> tuple[ContentDraft, str | None]:
        """The form as a draft, and the price field's own problem (unreadable yuan) if any."""
        kind = ContentKind(self.kind.currentData())
        price_fen, price_problem = None, None
        if kind is ContentKind.product_card and self.price.text().strip():
            try:
                price_fen = fen_from_yuan_text(self.price.text())
            except AmountRefused as refused:
                price_problem = amount_words(refused.problem)
        audience = AudienceKind(self.audience_kind.currentData())
        places = [int(str(key)) for key in _checked_keys(self.audience_places)]
        kept_sha = self.item.asset_sha256 if self.item is not None and self.file_path is None else None
        draft = ContentDraft(
            kind=kind,
            title=self.title.text(),
            body=self.body.toPlainText(),
            campaign=self.campaign.text(),
            tags=[str(tag) for tag in _checked_keys(self.tags)],
            audience_kind=audience,
            region_ids=places if audience is AudienceKind.regions else [],
            store_ids=places if audience is AudienceKind.stores else [],
            valid_from=_moment(self.from_on, self.valid_from),
            valid_until=_moment(self.until_on, self.valid_until),
            stages=[stage for stage, box in self.stages.items() if box.isChecked()],
            asset_sha256=self.asset.sha256 if self.asset is not None else kept_sha,
            uploading=self._uploading is not None,
            link_url=self.link_url.text(),
            sku=self.sku.text(),
            product_name=self.product_name.text(),
            price_fen=price_fen,
        )
        return draft, price_problem

    def _say(self, where: DraftField, words: str | None) -> None:
        label = self.problems[where]
        label.setText(words or "")
        label.setVisible(bool(words))

    def checked_draft(self) -> ContentDraft | None:
        """The draft when nothing keeps it from HQ; else None, each problem shown under its field."""
        draft, price_problem = self.draft()
        problems = draft.problems()
        for where in DraftField:
            self._say(where, problem_words(problems[where]) if where in problems else None)
        if price_problem is not None:
            self._say(DraftField.price, price_problem)
        self.form_problem.hide()
        if problems or price_problem is not None:
            return None
        try:
            draft.to_create() if self.item is None else draft.to_update()
        except ValidationError as error:  # what the fields' checks do not cover (a tag HQ cannot take)
            self._refused(error.errors()[0]["msg"])
            return None
        return draft

    def save(self) -> None:
        if self._saving is not None:
            return
        draft = self.checked_draft()
        if draft is None:
            return
        item = self.item
        if item is None:
            call = lambda: publish_content(self.workspace, draft)  # noqa: E731
        else:
            call = lambda: update_content(self.workspace, item.id, draft)  # noqa: E731
        self.buttons.setEnabled(False)
        self._saving = self.ops.remote_write(
            call, self._saved, failure=self._save_failed, name="save content"
        )

    def _saved(self, item: ContentPublic) -> None:
        self._saving, self.saved = None, item
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = None
        self.buttons.setEnabled(True)
        self._refused(describe_refusal(error))

    def _refused(self, words: str) -> None:
        self.form_problem.setText(words)
        self.form_problem.show()

    def done(self, result: int) -> None:
        if self._uploading is not None:
            self._uploading.discard()
        if self._probe is not None:
            self._probe.close()
            self._probe = None
        super().done(result)


def _on_screen(moment: datetime) -> QDateTime:
    """A stored moment as the edit shows it: this PC's local time."""
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def _local_default(later: bool) -> QDateTime:
    """Today 00:00 for "from", a month ahead for "until", on this PC's clock."""
    start = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    return _on_screen(start + timedelta(days=30) if later else start)


def _moment(switch: QCheckBox, edit: QDateTimeEdit) -> datetime | None:
    """The edit's local moment in UTC (what HQ stores), or None when not ticked."""
    if not switch.isChecked():
        return None
    return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC)
