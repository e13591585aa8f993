"""Wire schemas of the HQ API (/api/v1), shared by the HQ service and the desktop client.

A leaf module: it imports nothing of guide_app, hq or ui. Requests forbid unknown fields, so
a client can never smuggle in an id or a role it may not set; answers ignore unknown fields,
so an older desktop keeps working against a newer HQ.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

# The release and the protocol level live in guide_app.version (standard library only, so the
# launcher can read them too); HQ takes them from here, its one door into the desktop's code.
from guide_app.version import PROTOCOL_LEVEL as PROTOCOL_LEVEL
from guide_app.version import VERSION as VERSION
from guide_app.version import parse_version as parse_version

API_PREFIX = "/api/v1"

#: The version handshake: every request of the app says its release and protocol level, every
#: answer of HQ says HQ's. See ClientVersions and hq/api/middleware.py (VersionGate).
CLIENT_VERSION_HEADER = "X-Guide-Desk-Version"
CLIENT_PROTOCOL_HEADER = "X-Guide-Desk-Protocol"
HQ_VERSION_HEADER = "X-Guide-HQ-Version"
HQ_PROTOCOL_HEADER = "X-Guide-HQ-Protocol"
CLIENT_VERSIONS_PATH = "/client/versions"  # GET, no sign-in: ClientVersions

#: Hard limits, the same on both sides: HQ rejects more, the client never sends more.
MAX_PUSH_BATCH = 500
MAX_CHANGES_PAGE = 1000
DEFAULT_CHANGES_PAGE = 200
MAX_SALE_ITEMS = 100
MAX_AMOUNT_FEN = 10_000_000_00  # ¥10,000,000: more than one basket ever holds

SHA256_PATTERN = r"^[0-9a-f]{64}$"


_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?([eE][+-]?\d+)?")


def _iso_text(value: Any) -> Any:
    """JSON carries dates as ISO 8601 text; a bare number is refused, not read as a Unix time."""
    if isinstance(value, int | float | bool) or (isinstance(value, str) and _NUMBER.fullmatch(value.strip())):
        raise ValueError("expected ISO 8601 text, e.g. 2026-11-26T09:30:00+08:00")
    return value


def _require_utc_aware(value: datetime) -> datetime:
    """The time in UTC; one whose UTC falls outside the calendar (0001-01-01T00:00+05:00 is in
    year 0) is refused here rather than failing in the database."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("datetime must carry a timezone (UTC preferred)")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("datetime is outside the calendar once in UTC") from None


EARLIEST_EVENT = datetime(2000, 1, 1, tzinfo=UTC)
EVENT_LEEWAY = timedelta(days=1)  # how far ahead of HQ's clock a store PC's clock may run


def _within_event_window(value: datetime) -> datetime:
    """When a sale happened or progress was counted: not before 2000, not beyond tomorrow. A time
    outside would sort before or after every real one for good (a progress dated 2999 froze a
    guide's count)."""
    if value < EARLIEST_EVENT:
        raise ValueError("the time is before 2000; check the PC's date")
    if value > datetime.now(UTC) + EVENT_LEEWAY:
        raise ValueError("the time is more than a day ahead; check the PC's date and time")
    return value


# Pydantic's lax mode would take 0 for False and 1.5 for a date; the API takes only what its
# schema says (schemathesis' negative-data check holds us to that).
AwareDatetime = Annotated[datetime, BeforeValidator(_iso_text), AfterValidator(_require_utc_aware)]
EventTime = Annotated[AwareDatetime, AfterValidator(_within_event_window)]
IsoDate = Annotated[date, BeforeValidator(_iso_text)]
#: Ids of regions, stores and accounts: positive 32-bit integers on every database.
EntityId = Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]
_NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"  # titles, names and tags are one line of printable text
ShortText = Annotated[str, Field(min_length=1, max_length=200, pattern=_NO_CONTROL)]
TagName = Annotated[str, Field(min_length=1, max_length=40, pattern=_NO_CONTROL)]


#: Validation context key: the caller found no NUL in the whole request text with one scan, so no
#: level of it walks its strings again (HQ's push validates 200 bodies a batch).
NUL_CHECKED = "nul_checked"


def _has_nul(value: Any) -> bool:
    """NUL in this level's strings or lists of strings. Nested objects are checked by their own
    model (every Request checks its level), so a request is walked once, not once per depth."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value if not isinstance(item, dict))
    return False


class Request(BaseModel):
    """Base of everything a client sends: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any, info: ValidationInfo) -> Any:
        # PostgreSQL cannot store NUL in text or JSONB; SQLite would, and the two must agree.
        if info.context is not None and info.context.get(NUL_CHECKED):
            return data
        if isinstance(data, dict) and any(_has_nul(key) or _has_nul(item) for key, item in data.items()):
            raise ValueError("text may not contain NUL (\\u0000) characters")
        return data


class Answer(BaseModel):
    """Base of everything HQ answers: tolerant of fields a newer HQ adds."""

    model_config = ConfigDict(extra="ignore")


class ErrorBody(Answer):
    """The body of every 4xx answer: a stable machine code and a sentence for people."""

    code: str
    detail: str | list[Any]


class ClientVersions(Answer):
    """GET CLIENT_VERSIONS_PATH: the app versions HQ's operator allows, and HQ's own. A client
    below `minimum` is refused sync (426 `client_too_old`, whose body carries these fields too);
    `latest` is the release HQ's operator wants every PC on."""

    minimum: str = Field(description="the oldest app release HQ syncs with, MAJOR.MINOR.PATCH")
    latest: str = Field(description="the release every store PC should run")
    hq_version: str
    hq_protocol: int


# --------------------------------------------------------------------------- organisation


class Role(StrEnum):
    guide = "guide"
    manager = "manager"
    hq_admin = "hq_admin"


class RegionPublic(Answer):
    id: int
    name: str


class StorePublic(Answer):
    id: int
    code: str
    name: str
    region_id: int
    city: str = ""


class AccountPublic(Answer):
    id: int
    login: str
    display_name: str
    role: Role
    store_id: int | None = None
    region_id: int | None = None
    disabled: bool = False


# --------------------------------------------------------------------------- auth


class LoginRequest(Request):
    login: Annotated[str, Field(min_length=1, max_length=64, pattern=_NO_CONTROL)]
    password: Annotated[str, Field(min_length=1, max_length=256)]
    device_name: Annotated[str, Field(max_length=100, pattern=_NO_CONTROL)] = ""


class LoginResponse(Answer):
    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    account: AccountPublic


# --------------------------------------------------------------------------- audience


class AudienceKind(StrEnum):
    everyone = "everyone"
    regions = "regions"
    stores = "stores"


class Audience(Request):
    """Which part of the organisation an HQ publication is for."""

    kind: AudienceKind = AudienceKind.everyone
    region_ids: list[EntityId] = Field(default_factory=list, max_length=500)
    store_ids: list[EntityId] = Field(default_factory=list, max_length=5000)

    @model_validator(mode="after")
    def _ids_match_kind(self) -> Audience:
        if self.kind is AudienceKind.everyone and (self.region_ids or self.store_ids):
            raise ValueError("audience 'everyone' takes no region_ids or store_ids")
        if self.kind is AudienceKind.regions and (not self.region_ids or self.store_ids):
            raise ValueError("audience 'regions' needs region_ids and no store_ids")
        if self.kind is AudienceKind.stores and (not self.store_ids or self.region_ids):
            raise ValueError("audience 'stores' needs store_ids and no region_ids")
        self.region_ids = sorted(set(self.region_ids))
        self.store_ids = sorted(set(self.store_ids))
        return self


class AudienceSeen(Audience):
    """An audience in HQ's answer: every known field typed, a newer HQ's extra fields ignored."""

    model_config = ConfigDict(extra="ignore")


class LifecycleStage(StrEnum):
    new = "new"
    active = "active"
    dormant = "dormant"
    lost = "lost"


class RfmSegment(StrEnum):
    champions = "champions"
    loyal = "loyal"
    potential = "potential"
    new = "new"
    at_risk = "at_risk"
    hibernating = "hibernating"


class AudienceRule(Request):
    """Which customers of the guide's *own* book a task is about; evaluated on the desktop."""

    tags_all: list[TagName] = Field(default_factory=list, max_length=50)
    tags_any: list[TagName] = Field(default_factory=list, max_length=50)
    tags_none: list[TagName] = Field(default_factory=list, max_length=50)
    lifecycle_stages: list[LifecycleStage] = Field(default_factory=list)
    rfm_segments: list[RfmSegment] = Field(default_factory=list)
    added_within_days: Annotated[StrictInt, Field(ge=1, le=3650)] | None = None


class AudienceRuleSeen(AudienceRule):
    """A rule in HQ's answer: typed like a request, tolerant of fields a newer HQ adds."""

    model_config = ConfigDict(extra="ignore")


# --------------------------------------------------------------------------- content library


class ContentKind(StrEnum):
    image = "image"
    poster = "poster"
    video = "video"
    product_card = "product_card"
    script = "script"  # 话术
    link = "link"


#: Kinds whose item is a file; they need an uploaded asset.
FILE_CONTENT_KINDS = frozenset({ContentKind.image, ContentKind.poster, ContentKind.video})


class ProductInfo(Request):
    sku: Annotated[str, Field(min_length=1, max_length=64, pattern=_NO_CONTROL)]
    name: ShortText
    price_fen: Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT_FEN)]


class ProductInfoSeen(ProductInfo):
    """A product in HQ's answer: typed like a request, tolerant of fields a newer HQ adds."""

    model_config = ConfigDict(extra="ignore")


class ContentFields(Request):
    title: ShortText
    body: Annotated[str, Field(max_length=20_000)] = ""
    tags: list[TagName] = Field(default_factory=list, max_length=50)
    campaign: Annotated[str, Field(max_length=100, pattern=_NO_CONTROL)] = ""
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = None
    audience: Audience = Field(default_factory=Audience)
    asset_sha256: Annotated[str, Field(pattern=SHA256_PATTERN)] | None = None
    link_url: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None
    product: ProductInfo | None = None
    #: The purchase stages it suits (the side panel offers it for a customer in one); none: any.
    stages: list[LifecycleStage] = Field(default_factory=list, max_length=4)

    @model_validator(mode="after")
    def _window_is_ordered(self) -> ContentFields:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError("valid_until must be later than valid_from")
        return self


class ContentCreate(ContentFields):
    kind: ContentKind

    @model_validator(mode="after")
    def _kind_has_its_parts(self) -> ContentCreate:
        if self.kind in FILE_CONTENT_KINDS and not self.asset_sha256:
            raise ValueError(f"a {self.kind.value} item needs asset_sha256 (upload the file first)")
        if self.kind is ContentKind.link and not self.link_url:
            raise ValueError("a link item needs link_url")
        if self.kind is ContentKind.product_card and not self.product:
            raise ValueError("a product_card item needs product")
        if self.kind is ContentKind.script and not self.body:
            raise ValueError("a script item needs body text")
        return self


class PartialUpdate(Request):
    """A partial update: only the fields sent change; null only where a field may be empty."""

    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> PartialUpdate:
        for name in self.model_fields_set - self.nullable_fields:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null; leave it out to keep it")
        return self


class ContentUpdate(PartialUpdate):
    nullable_fields = frozenset({"valid_from", "valid_until", "asset_sha256", "link_url", "product"})

    title: ShortText | None = None
    body: Annotated[str, Field(max_length=20_000)] | None = None
    tags: list[TagName] | None = Field(default=None, max_length=50)
    campaign: Annotated[str, Field(max_length=100, pattern=_NO_CONTROL)] | None = None
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = None
    audience: Audience | None = None
    asset_sha256: Annotated[str, Field(pattern=SHA256_PATTERN)] | None = None
    link_url: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None
    product: ProductInfo | None = None
    stages: list[LifecycleStage] | None = Field(default=None, max_length=4)


class ContentPublic(Answer):
    id: UUID
    kind: ContentKind
    title: str
    body: str
    tags: list[str]
    campaign: str
    valid_from: datetime | None
    valid_until: datetime | None
    audience: AudienceSeen
    asset_sha256: Annotated[str, Field(pattern=SHA256_PATTERN)] | None  # becomes a URL and a file name
    asset_size: int | None = None
    asset_mime: str | None = None
    link_url: str | None
    product: ProductInfoSeen | None
    stages: list[LifecycleStage] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime


class AssetPublic(Answer):
    sha256: Annotated[str, Field(pattern=SHA256_PATTERN)]
    size: int
    mime: str


# --------------------------------------------------------------------------- SOP templates


class ScheduleKind(StrEnum):
    daily = "daily"
    weekdays = "weekdays"  # chosen ISO weekdays, 1 = Monday
    fixed_date = "fixed_date"
    days_after_added = "days_after_added"  # N days after the customer was added
    days_before_birthday = "days_before_birthday"


class Schedule(Request):
    kind: ScheduleKind
    weekdays: list[Annotated[StrictInt, Field(ge=1, le=7)]] = Field(default_factory=list, max_length=7)
    on_date: IsoDate | None = None
    days: Annotated[StrictInt, Field(ge=0, le=366)] | None = None

    @model_validator(mode="after")
    def _parts_match_kind(self) -> Schedule:
        needs = {
            ScheduleKind.daily: (False, False, False),
            ScheduleKind.weekdays: (True, False, False),
            ScheduleKind.fixed_date: (False, True, False),
            ScheduleKind.days_after_added: (False, False, True),
            ScheduleKind.days_before_birthday: (False, False, True),
        }[self.kind]
        given = (bool(self.weekdays), self.on_date is not None, self.days is not None)
        names = ("weekdays", "on_date", "days")
        for name, needed, present in zip(names, needs, given, strict=True):
            if needed and not present:
                raise ValueError(f"schedule '{self.kind.value}' needs {name}")
            if present and not needed:
                raise ValueError(f"schedule '{self.kind.value}' takes no {name}")
        self.weekdays = sorted(set(self.weekdays))
        return self


class ScheduleSeen(Schedule):
    """A schedule in HQ's answer: typed like a request, tolerant of fields a newer HQ adds."""

    model_config = ConfigDict(extra="ignore")


# "HH:MM" text, not a JSON Schema `time`: that format demands a UTC offset, and a due time is
# the store's local time of day wherever the store is.
DueTime = Annotated[
    str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="local time of day, e.g. 18:00")
]


class SopFields(Request):
    title: ShortText
    instructions: Annotated[str, Field(max_length=5000)] = ""
    schedule: Schedule
    rule: AudienceRule = Field(default_factory=AudienceRule)
    content_ids: list[UUID] = Field(default_factory=list, max_length=20)
    due_time: DueTime = "18:00"
    audience: Audience = Field(default_factory=Audience)
    active: StrictBool = True


class SopCreate(SopFields):
    pass


class SopUpdate(PartialUpdate):
    title: ShortText | None = None
    instructions: Annotated[str, Field(max_length=5000)] | None = None
    schedule: Schedule | None = None
    rule: AudienceRule | None = None
    content_ids: list[UUID] | None = Field(default=None, max_length=20)
    due_time: DueTime | None = None
    audience: Audience | None = None
    active: StrictBool | None = None


class SopPublic(Answer):
    id: UUID
    title: str
    instructions: str
    schedule: ScheduleSeen
    rule: AudienceRuleSeen
    content_ids: list[UUID]
    due_time: DueTime
    audience: AudienceSeen
    active: bool
    created_at: datetime
    updated_at: datetime


# --------------------------------------------------------------------------- manager tasks


class TaskAssignees(Request):
    """Whom a manager task goes to; stores and regions are expanded to their guides at assignment."""

    guide_ids: list[EntityId] = Field(default_factory=list, max_length=5000)
    store_ids: list[EntityId] = Field(default_factory=list, max_length=1000)
    region_ids: list[EntityId] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _someone(self) -> TaskAssignees:
        if not (self.guide_ids or self.store_ids or self.region_ids):
            raise ValueError("assign the task to at least one guide, store or region")
        return self


class TaskCreate(Request):
    title: ShortText
    instructions: Annotated[str, Field(max_length=5000)] = ""
    due_at: AwareDatetime
    content_ids: list[UUID] = Field(default_factory=list, max_length=20)
    rule: AudienceRule | None = None
    target_count: Annotated[StrictInt, Field(ge=1, le=100_000)]
    assignees: TaskAssignees


class TaskPublic(Answer):
    id: UUID
    title: str
    instructions: str
    due_at: datetime
    content_ids: list[UUID]
    rule: AudienceRuleSeen | None
    target_count: int
    region_id: int | None
    created_by: int
    # The assignees this account may see (a guide: itself; a manager: its region's guides).
    # Empty in the change feed, whose one row serves every account the task concerns.
    guide_ids: list[int]
    cancelled: bool = False
    created_at: datetime


class GuideProgress(Answer):
    guide_id: int
    guide_name: str
    store_id: int | None
    done: int
    target: int
    overdue: bool
    updated_at: datetime | None


class TaskProgressReport(Answer):
    task_id: UUID
    due_at: datetime
    guides: list[GuideProgress]


class TaskBoard(Answer):
    """A task with its progress by guide (GET /tasks/boards: a manager's or HQ's whole list)."""

    task: TaskPublic
    guides: list[GuideProgress]


# --------------------------------------------------------------------------- tags and settings


class TagGroupFields(Request):
    name: TagName
    single_choice: StrictBool = False
    tags: list[TagName] = Field(min_length=1, max_length=200)

    @field_validator("tags")
    @classmethod
    def _tags_unique(cls, tags: list[str]) -> list[str]:
        if len(set(tags)) != len(tags):
            raise ValueError("tag names in a group must be unique")
        return tags


class TagGroupPublic(Answer):
    id: UUID
    name: str
    single_choice: bool
    tags: list[str]
    updated_at: datetime


class AttributionRule(StrEnum):
    """Which sales a guide's app credits to its guide (HQ counts what the apps credit)."""

    #: The buyer was in the guide's book at the sale, or was added later but contacted by the
    #: guide within the attribution window of it.
    owner_or_last_touch = "owner_or_last_touch"
    #: Only buyers already in the guide's book at the sale.
    owner_only = "owner_only"
    #: Only buyers the guide contacted within the attribution window of the sale, however long
    #: they have been in the book: credit follows the follow-up.
    last_touch_only = "last_touch_only"


class HqSettings(Request):
    """Chain-wide rules the desktop applies locally."""

    attribution_window_days: Annotated[StrictInt, Field(ge=0, le=90)] = 7
    attribution_rule: AttributionRule = AttributionRule.owner_or_last_touch
    rfm_recency_days: list[Annotated[StrictInt, Field(ge=1, le=3650)]] = Field(
        default_factory=lambda: [30, 90, 180, 365], min_length=4, max_length=4
    )
    rfm_frequency: list[Annotated[StrictInt, Field(ge=1, le=1000)]] = Field(
        default_factory=lambda: [2, 3, 5, 8], min_length=4, max_length=4
    )
    rfm_monetary_fen: list[Annotated[StrictInt, Field(ge=1, le=MAX_AMOUNT_FEN)]] = Field(
        default_factory=lambda: [50_000, 150_000, 300_000, 800_000], min_length=4, max_length=4
    )
    dormant_after_days: Annotated[StrictInt, Field(ge=1, le=3650)] = 90
    lost_after_days: Annotated[StrictInt, Field(ge=1, le=3650)] = 365

    @model_validator(mode="after")
    def _thresholds_ascend(self) -> HqSettings:
        for name in ("rfm_recency_days", "rfm_frequency", "rfm_monetary_fen"):
            values = getattr(self, name)
            if values != sorted(values) or len(set(values)) != len(values):
                raise ValueError(f"{name} must be strictly ascending")
        if self.lost_after_days <= self.dormant_after_days:
            raise ValueError("lost_after_days must be greater than dormant_after_days")
        return self


# --------------------------------------------------------------------------- change feed


class EntityKind(StrEnum):
    content = "content"
    sop_template = "sop_template"
    task = "task"
    tag_group = "tag_group"
    settings = "settings"
    region = "region"
    store = "store"
    account = "account"
    #: An order two guides of a store claimed: sent to each guide with a claim on it, and again
    #: whenever whom it is counted for changes (a void, a manager's decision).
    sale_dispute = "sale_dispute"


class ChangeOp(StrEnum):
    upsert = "upsert"
    delete = "delete"  # a tombstone: the entity is gone, or no longer for this account


class Change(Answer):
    seq: int
    entity: EntityKind
    id: str
    op: ChangeOp
    data: dict[str, Any] | None = None


class ChangesPage(Answer):
    changes: list[Change]
    next_cursor: int
    has_more: bool


# --------------------------------------------------------------------------- push


class AttributionReason(StrEnum):
    owner = "owner"  # the customer is in this guide's book
    last_touch = "last_touch"  # this guide touched the customer last, within the HQ window


#: A customer reference is the base64url text of an HMAC the desktop derives from the customer's
#: local id with a secret of its own book: stable for that customer, meaningless to HQ.
CUSTOMER_REF_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
# A mainland mobile number standing alone (not part of a longer digit run). In 32 base64url
# characters this occurs by chance with a probability of about 1e-9.
_PHONE_LIKE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


class SaleItem(Request):
    sku: Annotated[str, Field(max_length=64, pattern=_NO_CONTROL)] = ""
    name: Annotated[str, Field(min_length=1, max_length=100, pattern=_NO_CONTROL)]
    qty: Annotated[StrictInt, Field(ge=1, le=10_000)]
    unit_price_fen: Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT_FEN)]


class SaleBody(Request):
    order_no: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
    amount_fen: Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT_FEN)]
    items: list[SaleItem] = Field(default_factory=list, max_length=MAX_SALE_ITEMS)
    customer_ref: Annotated[str, Field(pattern=CUSTOMER_REF_PATTERN)]
    sold_at: EventTime
    attribution: AttributionReason

    @model_validator(mode="after")
    def _items_add_up(self) -> SaleBody:
        """Items are optional; when listed, unit_price_fen is what was paid per unit after any
        discount, so the items add up to amount_fen exactly (1 fen paid for items worth ¥2,997
        is a typing slip, not a sale)."""
        listed = sum(item.qty * item.unit_price_fen for item in self.items)
        if self.items and listed != self.amount_fen:
            raise ValueError(
                f"the items add up to {listed} fen but amount_fen is {self.amount_fen}; "
                "list each item at the price paid, or send no items"
            )
        return self

    @field_validator("order_no")
    @classmethod
    def _one_spelling(cls, order_no: str) -> str:
        # A till's receipt number is one number whatever case it is typed in: jd1234 and JD1234
        # must be one order at HQ, never two counted sales.
        return order_no.upper()

    @field_validator("customer_ref")
    @classmethod
    def _pseudonymous(cls, ref: str) -> str:
        # The book stays on the PC (PIPL): a reference that carries a phone number is refused.
        if _PHONE_LIKE.search(ref) or ref.isdigit():
            raise ValueError("customer_ref must be a pseudonymous reference, never a phone number")
        return ref


class SaleCorrectionAction(StrEnum):
    amend = "amend"  # the amount or items were typed wrong: this is what was paid
    void = "void"  # the sale did not happen, or all of it came back: it counts for nothing


class SaleCorrectionBody(Request):
    """A correction of one of the guide's own sales, sent as a new event (a sent event is never
    changed). Among a sale's amends the latest `corrected_at` wins; a void is final."""

    sale_id: UUID  # the id of the sale event it corrects
    action: SaleCorrectionAction
    amount_fen: Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT_FEN)] | None = None  # amend only
    items: list[SaleItem] = Field(default_factory=list, max_length=MAX_SALE_ITEMS)  # amend only
    reason: Annotated[str, Field(min_length=1, max_length=200, pattern=_NO_CONTROL)]
    corrected_at: EventTime

    @model_validator(mode="after")
    def _action_has_its_parts(self) -> SaleCorrectionBody:
        if self.action is SaleCorrectionAction.amend:
            if self.amount_fen is None:
                raise ValueError("an amend needs amount_fen, the amount actually paid")
            listed = sum(item.qty * item.unit_price_fen for item in self.items)
            if self.items and listed != self.amount_fen:
                raise ValueError(f"the items add up to {listed} fen but amount_fen is {self.amount_fen}")
        elif self.amount_fen is not None or self.items:
            raise ValueError("a void takes no amount_fen and no items")
        return self


class TaskSource(StrEnum):
    sop = "sop"
    manager = "manager"


class TaskProgressBody(Request):
    source: TaskSource
    task_id: UUID
    day: IsoDate | None = None  # the SOP day; None for manager tasks
    done: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    target: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    as_of: EventTime

    @model_validator(mode="after")
    def _day_matches_source(self) -> TaskProgressBody:
        if self.source is TaskSource.sop and self.day is None:
            raise ValueError("SOP progress needs the day it is for")
        if self.source is TaskSource.manager and self.day is not None:
            raise ValueError("manager task progress takes no day")
        return self


class ContentAction(StrEnum):
    sent = "sent"
    copied = "copied"
    viewed = "viewed"


class ContentUsageBody(Request):
    content_id: UUID
    action: ContentAction
    count: Annotated[StrictInt, Field(ge=1, le=100_000)]
    day: IsoDate


MAX_STATS_TAGS = 500  # HQ tags counted per cell
STATS_ADDED_DAYS = 62  # how many days back a statistics event counts customers added per day


class StatsCell(Request):
    """The customers of one lifecycle stage and RFM segment (None: not yet segmented), and how
    many of them carry each HQ tag. Counts only: no customer ever leaves the PC."""

    stage: LifecycleStage
    rfm: RfmSegment | None = None
    customers: Annotated[StrictInt, Field(ge=1, le=10_000_000)]
    tags: dict[TagName, Annotated[StrictInt, Field(ge=1, le=10_000_000)]] = Field(
        default_factory=dict, max_length=MAX_STATS_TAGS
    )

    @model_validator(mode="after")
    def _tags_within_cell(self) -> StatsCell:
        if any(count > self.customers for count in self.tags.values()):
            raise ValueError("a tag cannot count more customers than its cell holds")
        return self


class BookStatsBody(Request):
    """A guide's book in counts, pushed once a day: what SOP previews and performance sheets use.
    The newest `as_of` of a guide wins."""

    day: IsoDate  # the PC's local date the counts are for
    as_of: EventTime
    customers: Annotated[StrictInt, Field(ge=0, le=10_000_000)]
    cells: list[StatsCell] = Field(
        default_factory=list, max_length=len(LifecycleStage) * (len(RfmSegment) + 1)
    )
    # Customers added to the book per local day over the last STATS_ADDED_DAYS days (zero days left out).
    added_per_day: dict[IsoDate, Annotated[StrictInt, Field(ge=1, le=10_000_000)]] = Field(
        default_factory=dict, max_length=STATS_ADDED_DAYS
    )
    overdue_follow_ups: Annotated[StrictInt, Field(ge=0, le=10_000_000)] = 0

    @model_validator(mode="after")
    def _cells_add_up(self) -> BookStatsBody:
        keys = [(cell.stage, cell.rfm) for cell in self.cells]
        if len(set(keys)) != len(keys):
            raise ValueError("each (stage, rfm) cell may appear once")
        if sum(cell.customers for cell in self.cells) != self.customers:
            raise ValueError("the cells must add up to customers")
        return self


class EventKind(StrEnum):
    sale = "sale"
    task_progress = "task_progress"
    content_usage = "content_usage"
    sale_correction = "sale_correction"
    book_stats = "book_stats"


EVENT_BODIES: dict[EventKind, type[Request]] = {
    EventKind.sale: SaleBody,
    EventKind.sale_correction: SaleCorrectionBody,
    EventKind.task_progress: TaskProgressBody,
    EventKind.content_usage: ContentUsageBody,
    EventKind.book_stats: BookStatsBody,
}


class PushEvent(Request):
    """One outbox entry. The body is checked per item, so one bad event never sinks its batch."""

    id: UUID
    kind: EventKind
    body: dict[str, Any]


# What each kind's body must be, as the OpenAPI document publishes it (a union discriminated by
# `kind`). The service reads PushEvent and checks the body per event against EVENT_BODIES.
class SaleEvent(Request):
    id: UUID
    kind: Literal[EventKind.sale]
    body: SaleBody


class TaskProgressEvent(Request):
    id: UUID
    kind: Literal[EventKind.task_progress]
    body: TaskProgressBody


class ContentUsageEvent(Request):
    id: UUID
    kind: Literal[EventKind.content_usage]
    body: ContentUsageBody


class SaleCorrectionEvent(Request):
    id: UUID
    kind: Literal[EventKind.sale_correction]
    body: SaleCorrectionBody


class BookStatsEvent(Request):
    id: UUID
    kind: Literal[EventKind.book_stats]
    body: BookStatsBody


PUSH_EVENT_SCHEMAS: dict[EventKind, type[Request]] = {
    EventKind.book_stats: BookStatsEvent,
    EventKind.sale: SaleEvent,
    EventKind.sale_correction: SaleCorrectionEvent,
    EventKind.task_progress: TaskProgressEvent,
    EventKind.content_usage: ContentUsageEvent,
}


class PushRequest(Request):
    events: list[PushEvent] = Field(min_length=1, max_length=MAX_PUSH_BATCH)

    @field_validator("events")
    @classmethod
    def _ids_unique_in_batch(cls, events: list[PushEvent]) -> list[PushEvent]:
        if len({event.id for event in events}) != len(events):
            raise ValueError("an event id appears twice in one batch")
        return events


class PushStatus(StrEnum):
    accepted = "accepted"
    duplicate = "duplicate"  # this id was accepted before with the same body
    conflict = "conflict"  # this id was used before with a different body; the original stands
    rejected = "rejected"  # the event is invalid; `reason` says why; retrying will not help


class PushFlag(StrEnum):
    """What HQ notes on an event it stored; an event may carry a flag whatever its status."""

    #: Another guide of the store claimed this order first: HQ keeps this claim, counts theirs.
    order_disputed = "order_disputed"


class PushItemResult(Answer):
    id: UUID
    status: PushStatus
    reason: str | None = None
    flags: list[str] = Field(default_factory=list)


class PushResponse(Answer):
    results: list[PushItemResult]


# --------------------------------------------------------------------------- sales (read side)


class SalePublic(Answer):
    id: UUID
    order_no: str
    store_id: int
    guide_id: int
    customer_ref: str
    amount_fen: int
    items: list[dict[str, Any]]
    sold_at: datetime
    attribution: AttributionReason
    disputed: bool
    received_at: datetime
    voided: bool = False  # voided sales are listed only when asked for, and never counted
    original_amount_fen: int | None = None  # the amount first sent, when an amend changed it
    corrected_at: datetime | None = None  # the correction in force (amend or void), if any
    decided: bool = False  # a manager settled whom this order is credited to


class SaleClaimPublic(Answer):
    event_id: UUID
    guide_id: int
    amount_fen: int
    sold_at: datetime
    received_at: datetime
    guide_name: str = ""
    voided: bool = False
    attribution: AttributionReason | None = None  # why the guide's app credited the sale to them


class SaleDisputePublic(Answer):
    """An order claimed by two or more guides of a store, as its managers see it."""

    store_id: int
    order_no: str
    counted_sale_id: UUID
    counted_guide_id: int
    claims: list[SaleClaimPublic]
    store_name: str = ""
    counted_guide_name: str = ""
    decided: bool = False  # settled by a manager: the queue shows only the open ones by default
    decided_by: int | None = None
    decided_by_name: str | None = None
    decision_reason: str | None = None
    decided_at: datetime | None = None


class DisputeDecision(Request):
    """A manager credits a disputed order to one of its live claims. Deciding again replaces the
    earlier decision (both are kept in the audit)."""

    store_id: EntityId
    order_no: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
    credit_event_id: UUID  # the claim (sale event id) that gets the credit
    reason: Annotated[str, Field(min_length=1, max_length=200, pattern=_NO_CONTROL)]

    @field_validator("order_no")
    @classmethod
    def _one_spelling(cls, order_no: str) -> str:
        return order_no.upper()


class DisputeClaimSeen(Answer):
    event_id: UUID
    guide_id: int
    guide_name: str
    amount_fen: int
    received_at: datetime
    voided: bool = False


class SaleDisputeNotice(Answer):
    """An order claimed by more than one guide of a store, as each claimant's app is told of it.
    The feed id is `dispute_id(store_id, order_no)`."""

    store_id: int
    order_no: str
    counted_event_id: UUID | None  # whose claim counts now; None when every claim was voided
    counted_guide_name: str  # empty when none counts
    claims: list[DisputeClaimSeen]
    decided_by: str | None = None  # the manager who settled it, once settled
    decision_reason: str | None = None


def dispute_id(store_id: int, order_no: str) -> str:
    """A stable 36-character feed id for one store's order (order numbers run to 64 characters)."""
    return str(uuid5(NAMESPACE_URL, f"guide-desk:order:{store_id}:{order_no}"))


# --------------------------------------------------------------------------- performance and targets


class PerformancePeriod(Answer):
    """One week (Monday first) or month of a guide's figures, in the asked-for UTC offset."""

    start: date
    sales_fen: int  # counted sales: voided ones out, amended ones at their corrected amount
    orders: int
    disputed_orders: int  # of `orders`, those another guide also claims (counted here until settled)
    content_sent: int
    tasks_done: int
    tasks_target: int


class RankInStore(Answer):
    position: int  # 1 = the most sales this month among the store's active guides
    of: int


class MyPerformance(Answer):
    """A guide's own figures as HQ counts them: the sums equal GET /api/v1/sales over the same
    periods, to the fen."""

    guide_id: int
    utc_offset_minutes: int
    as_of: datetime
    weeks: list[PerformancePeriod]  # oldest first; the current week last
    months: list[PerformancePeriod]  # oldest first; the current month last
    target_fen: int | None  # this month's target for the guide, when one is set
    store_target_fen: int | None  # this month's target for the guide's store
    store_sales_fen: int  # the store's counted sales this month
    rank: RankInStore | None  # None for a guide without a store


class TargetScope(StrEnum):
    guide = "guide"
    store = "store"


MONTH_PATTERN = r"^(20[0-9]{2})-(0[1-9]|1[0-2])$"


class SalesTargetSet(Request):
    scope: TargetScope
    subject_id: Annotated[StrictInt, Field(ge=1)]  # the guide's account id or the store's id
    month: Annotated[str, Field(pattern=MONTH_PATTERN)]
    amount_fen: Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT_FEN)]


class SalesTargetPublic(Answer):
    scope: TargetScope
    subject_id: int
    month: str
    amount_fen: int
    set_by: int
    set_at: datetime


# --------------------------------------------------------------------------- team figures (managers, HQ)


class GuideFigures(Answer):
    """One guide's month as their manager sees it. Sales figures are HQ's counted sales; customer
    and follow-up figures come from the guide's last book statistics (None: none pushed yet)."""

    guide_id: int
    guide_name: str
    login: str
    store_id: int | None
    store_name: str
    region_id: int | None
    disabled: bool = False
    sales_fen: int
    orders: int
    disputed_orders: int
    content_sent: int
    tasks_done: int
    tasks_target: int
    target_fen: int | None
    new_customers: int | None
    customers: int | None
    overdue_follow_ups: int | None
    stats_day: date | None  # the day of the book statistics used


class StoreFigures(Answer):
    store_id: int
    store_code: str
    store_name: str
    region_id: int
    region_name: str
    guides: int  # active guides
    sales_fen: int
    orders: int
    disputed_orders: int
    tasks_done: int
    tasks_target: int
    target_fen: int | None
    new_customers: int | None
    overdue_follow_ups: int | None


class TeamFigures(Answer):
    """GET /api/v1/team: a month of every store and guide the viewer manages (HQ: all, or one region)."""

    month: str
    utc_offset_minutes: int
    as_of: datetime
    stores: list[StoreFigures]
    guides: list[GuideFigures]


# --------------------------------------------------------------------------- SOP reach preview


class ReachPreviewRequest(Request):
    """How many customers a rule would reach in an audience, from the guides' book statistics."""

    rule: AudienceRule = Field(default_factory=AudienceRule)
    audience: Audience = Field(default_factory=Audience)


class ReachCount(Answer):
    id: int
    name: str
    region_id: int | None = None  # a store's region
    customers: int  # reached, estimated where tags combine (see ReachPreview.exact)
    guides: int  # active guides in it
    guides_reporting: int  # of them, those whose book statistics are in


class ReachPreview(Answer):
    total: int
    # False when the rule combines tags with each other or with added_within_days: those are
    # estimated from per-cell shares, assuming independence within a (stage, rfm) cell.
    exact: bool
    regions: list[ReachCount]
    stores: list[ReachCount]
    guides: int
    guides_reporting: int
    oldest_stats_day: date | None


# --------------------------------------------------------------------------- content usage


class ContentUsageCount(Answer):
    content_id: UUID
    sent: int
    copied: int
    viewed: int
    guides: int  # distinct guides who used it at all
    last_day: date | None


# --------------------------------------------------------------------------- organisation writes

Login = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@\-]+$")]
StoreCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.\-]+$")]
Password = Annotated[str, Field(min_length=8, max_length=256)]
PlaceName = Annotated[str, Field(min_length=1, max_length=100, pattern=_NO_CONTROL)]
CityName = Annotated[str, Field(max_length=60, pattern=_NO_CONTROL)]


class RegionCreate(Request):
    name: PlaceName


class RegionUpdate(PartialUpdate):
    name: PlaceName | None = None


class StoreCreate(Request):
    code: StoreCode
    name: PlaceName
    region_id: EntityId
    city: CityName = ""


class StoreUpdate(PartialUpdate):
    """A store's name, city, or region (a move: its guides move with it, and managers' views follow)."""

    name: PlaceName | None = None
    region_id: EntityId | None = None
    city: CityName | None = None


class AccountCreate(Request):
    """A guide belongs to a store, a manager to a region, an HQ operator to neither."""

    login: Login
    display_name: PlaceName
    role: Role
    store_id: EntityId | None = None
    region_id: EntityId | None = None
    password: Password

    @model_validator(mode="after")
    def _placed_for_role(self) -> AccountCreate:
        _check_placement(self.role, self.store_id, self.region_id)
        return self


class AccountUpdate(PartialUpdate):
    """Rename, move a guide to another store, a manager to another region, or disable (which
    signs the account out everywhere) and enable again."""

    nullable_fields = frozenset({"store_id", "region_id"})

    display_name: PlaceName | None = None
    store_id: EntityId | None = None
    region_id: EntityId | None = None
    disabled: StrictBool | None = None


class PasswordReset(Request):
    """A new password set by HQ; the account's sessions end and it must sign in with it."""

    password: Password


def _check_placement(role: Role, store_id: int | None, region_id: int | None) -> None:
    if role is Role.guide and (store_id is None or region_id is not None):
        raise ValueError("a guide needs store_id (its region follows the store) and no region_id")
    if role is Role.manager and (region_id is None or store_id is not None):
        raise ValueError("a manager needs region_id and no store_id")
    if role is Role.hq_admin and (store_id is not None or region_id is not None):
        raise ValueError("an HQ operator has no store_id or region_id")


class AuditAction(StrEnum):
    create = "create"
    update = "update"
    move = "move"
    disable = "disable"
    enable = "enable"
    password_reset = "password_reset"
    import_sheet = "import_sheet"
    decide_dispute = "decide_dispute"
    settings = "settings"


class AuditEntry(Answer):
    """One change of the organisation or of a rule: who, when, and the entity before and after."""

    id: int
    at: datetime
    actor_id: int
    actor_name: str
    entity: str  # region, store, account, dispute, settings
    entity_id: str
    action: AuditAction
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class OrgImportRow(Answer):
    row: int
    text: str


class OrgImportResult(Answer):
    """POST /api/v1/org/import: the organisation sheet's per-row report (nothing is written when
    any row has a problem, or when `apply` was false)."""

    file_name: str
    header_row: int
    data_rows: int
    applied: bool
    regions_created: int
    regions_skipped: int
    stores_created: int
    stores_updated: int
    stores_skipped: int
    accounts_created: int
    accounts_skipped: int
    problems: list[OrgImportRow]
    notes: list[OrgImportRow]
    moves: list[OrgImportRow]


# --------------------------------------------------------------------------- the performance sheet


class SheetScope(StrEnum):
    all = "all"
    region = "region"
    store = "store"


PERFORMANCE_SHEET_PATH = "/exports/performance"  # GET, streamed xlsx; see hq/services/performance_sheet.py
SHEET_MAX_DAYS = 366
# Sales are not before 2000 (the push refuses them); a day at the calendar's edge would overflow
# once moved by the UTC offset.
SHEET_FIRST_DAY, SHEET_LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


class SheetProblem(StrEnum):
    """Why a sheet request cannot be served as it is; each side words it for its reader."""

    outside_calendar = "outside_calendar"
    range_reversed = "range_reversed"
    range_too_long = "range_too_long"
    scope_missing = "scope_missing"


class SheetRequest(Request):
    """The performance sheet's query (GET PERFORMANCE_SHEET_PATH): local days first_day..last_day
    (both included) in a UTC offset, and which part of the organisation. The app checks it before
    sending, and HQ again on receipt, with the same `problem()`."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True)

    first_day: Annotated[date, Field(alias="from", description="first local day, YYYY-MM-DD")]
    last_day: Annotated[
        date, Field(alias="to", description=f"last local day (inclusive); ≤ {SHEET_MAX_DAYS} days")
    ]
    scope: SheetScope = SheetScope.all
    region_id: Annotated[int | None, Field(ge=1, le=2**31 - 1, description="with scope=region")] = None
    store_id: Annotated[int | None, Field(ge=1, le=2**31 - 1, description="with scope=store")] = None
    utc_offset_minutes: Annotated[
        int, Field(ge=-720, le=840, description="the offset the days are local to; China is 480")
    ] = 480

    def problem(self) -> SheetProblem | None:
        if self.first_day < SHEET_FIRST_DAY or self.last_day > SHEET_LAST_DAY:
            return SheetProblem.outside_calendar
        if self.last_day < self.first_day:
            return SheetProblem.range_reversed
        if (self.last_day - self.first_day).days + 1 > SHEET_MAX_DAYS:
            return SheetProblem.range_too_long
        if (self.scope is SheetScope.region and self.region_id is None) or (
            self.scope is SheetScope.store and self.store_id is None
        ):
            return SheetProblem.scope_missing
        return None

    def params(self) -> dict[str, Any]:
        """The query string, with only the id its scope uses."""
        return {
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
            "scope": self.scope.value,
            "region_id": self.region_id if self.scope is SheetScope.region else None,
            "store_id": self.store_id if self.scope is SheetScope.store else None,
            "utc_offset_minutes": self.utc_offset_minutes,
        }
