"""What the API sends and accepts.

Output serializers read the related rows their views load with `select_related`/`prefetch_related`
(so a list costs the same number of queries for ten rows or a thousand). Input serializers
(`Input`) only check the shape of a request; the rules are the application layer's, which the
views call with the checked values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from duban.api.errors import InvalidBody
from duban.documents.models import Document
from duban.personnel.models import Event, Person, Tenure
from duban.supervision.choices import Status, status_label
from duban.supervision.models import MAX_PERCENT, Entry, Item, ItemUnit, Round, TaskList
from duban.units.models import Unit

# --- input ---------------------------------------------------------------------------------------


class NoSurrogates(ProhibitSurrogateCharactersValidator):
    message = "不能包含无效的 Unicode 代理字符（U+{code_point:X}）。"


class Text(serializers.CharField):
    """A text field whose every refusal is Chinese (DRF's translation says "empty string" for a
    NUL character, and has none for surrogates)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        validators: list[Any] = self.validators  # type: ignore[has-type]
        kept = [
            v
            for v in validators
            if not isinstance(v, ProhibitNullCharactersValidator | ProhibitSurrogateCharactersValidator)
        ]
        self.validators = [
            *kept,
            ProhibitNullCharactersValidator("不能包含空字符（U+0000）。"),
            NoSurrogates(),
        ]


def text(label: str, max_length: int, **kwargs: Any) -> Text:
    return Text(label=label, max_length=max_length, **kwargs)


class Input(serializers.Serializer):
    """A request body: its fields are checked, unknown fields refused (never silently dropped)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                allowed = "、".join(sorted(known)) or "无"
                raise serializers.ValidationError(
                    {key: [f"不能提交此字段（可提交的字段：{allowed}）。"] for key in unknown}
                )
        return super().to_internal_value(data)

    @classmethod
    def check(cls, data: Any) -> dict[str, Any]:
        """The checked values of a request body, or a 400 naming every field by its label."""
        serializer = cls(data=data)
        if not serializer.is_valid():
            labels = {name: str(field.label or name) for name, field in serializer.fields.items()}
            raise InvalidBody(serializer.errors, labels)
        return dict(serializer.validated_data)


def version_field(required: bool) -> serializers.IntegerField:
    return serializers.IntegerField(
        label="版本",
        min_value=1,
        max_value=2**31 - 1,
        required=required,
        help_text="读取时的 version；已被他人修改时返回 409" + ("" if required else "（建议提交）"),
    )


class CredentialsSerializer(Input):
    username = text("用户名", 150)
    password = text("密码", 128, trim_whitespace=False, write_only=True)
    otp = text(
        "动态口令",
        12,
        required=False,
        write_only=True,
        help_text="督查室和管理员账号必填：身份验证器中当前显示的 6 位数字（须先在网页登录时绑定）。",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="请求头 Authorization: Token <token>")


class EntryReportSerializer(Input):
    """A unit's report on an entry (PATCH): the fields given change, the others stay."""

    description_zh = "单位填报：只修改给出的字段，其余不变；version 必填（读取时的版本）。"

    version = version_field(required=True)
    progress = text("进展情况", 10000, required=False)
    percent = serializers.DecimalField(
        label="完成比例（%）",
        max_digits=9,
        decimal_places=3,
        min_value=0,
        max_value=MAX_PERCENT,
        allow_null=True,
        required=False,
    )
    self_status = serializers.ChoiceField(label="自评", choices=Status.choices, required=False)
    remark = text("单位备注", 2000, required=False, allow_blank=True)


class AnswerSerializer(Input):
    instruction = serializers.IntegerField(label="领导批示", min_value=1, max_value=2**63 - 1)
    answer = text("落实情况", 5000)


class SubmitSerializer(Input):
    version = version_field(required=False)
    answers = AnswerSerializer(
        label="落实情况", many=True, required=False, help_text="本事项未答复的领导批示，逐条答复"
    )


class ApproveSerializer(Input):
    version = version_field(required=False)


class AcceptSerializer(Input):
    version = version_field(required=False)
    status = serializers.ChoiceField(
        label="审定进度", choices=Status.choices, required=False, help_text="不填则按数据或单位自评"
    )
    reason = text("改判理由", 300, required=False, allow_blank=True, help_text="审定进度与数据不符时必填")


class ReturnSerializer(Input):
    version = version_field(required=False)
    comment = text("退回意见", 2000)


# --- output --------------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    full_name = serializers.CharField(read_only=True)
    region_name = serializers.CharField(source="region.full_name", read_only=True)
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "full_name",
            "kind",
            "kind_label",
            "parent",
            "region",
            "region_name",
            "aliases",
            "needs_review",
            "merged_into",
        ]
        read_only_fields = fields

    def get_aliases(self, unit: Unit) -> list[str]:
        return [alias.name for alias in unit.aliases.all()]


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Document
        fields = ["id", "kind", "kind_label", "number", "issuer", "title", "date", "year", "created_at"]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    recipients = serializers.ListField(child=serializers.CharField(), read_only=True)
    attachments = serializers.ListField(child=serializers.CharField(), read_only=True)
    body = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="正文段落")
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [
            *DocumentSerializer.Meta.fields,
            "code",
            "serial",
            "recipients",
            "attachments",
            "body",
            "warnings",
            "text",
        ]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "region", "needs_review", "review_note"]
        read_only_fields = fields


class TenureSerializer(serializers.ModelSerializer):
    post_name = serializers.CharField(source="post.name", read_only=True)
    unit = serializers.IntegerField(source="post.unit_id", read_only=True)

    class Meta:
        model = Tenure
        fields = ["id", "post", "post_name", "unit", "start", "end", "probation_end", "concurrent"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "document",
            "document_number",
            "date",
            "action",
            "action_label",
            "post",
            "post_text",
            "probation",
            "concurrent",
        ]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    tenures = TenureSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "tenures", "events"]
        read_only_fields = fields


class TaskListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    document_number = serializers.CharField(
        source="document.number", read_only=True, default=None, allow_null=True
    )
    item_count = serializers.IntegerField(read_only=True, help_text="事项数")

    class Meta:
        model = TaskList
        fields = [
            "id",
            "region",
            "kind",
            "kind_label",
            "title",
            "year",
            "document",
            "document_number",
            "item_count",
        ]
        read_only_fields = fields


class ItemUnitSerializer(serializers.ModelSerializer):
    duty_label = serializers.CharField(source="get_duty_display", read_only=True)
    unit_name = serializers.CharField(source="unit.full_name", read_only=True, default=None, allow_null=True)
    group_name = serializers.CharField(source="group.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ItemUnit
        fields = ["duty", "duty_label", "as_written", "unit", "unit_name", "group", "group_name"]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer):
    names = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="项目名称（各级）")
    units = ItemUnitSerializer(many=True, read_only=True, help_text="牵头单位与相关责任单位")
    closed = serializers.BooleanField(read_only=True, help_text="已办结销号")

    class Meta:
        model = Item
        fields = [
            "id",
            "task_list",
            "order",
            "seq",
            "category",
            "names",
            "text",
            "target_text",
            "target_value",
            "target_unit",
            "target_qualifier",
            "district_livelihood",
            "provincial_lead",
            "closed",
            "closed_at",
            "closing_note",
            "units",
        ]
        read_only_fields = fields


class RoundSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    kind = serializers.CharField(source="task_list.kind", read_only=True, help_text="清单类别")
    task_list_title = serializers.CharField(source="task_list.title", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "task_list",
            "task_list_title",
            "kind",
            "period",
            "as_of",
            "deadline",
            "state",
            "state_label",
            "tolerance",
            "created_at",
        ]
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer):
    """An entry with its statuses also in the list's own words (tasks: 基本完成 …; indicators: 已完成 …)."""

    description_zh = "进展填报。进度同时以清单用语给出（目标任务：基本完成……；民生实事：已完成……）。"

    task_list = serializers.IntegerField(source="round.task_list_id", read_only=True)
    item_seq = serializers.IntegerField(source="item.seq", read_only=True, help_text="事项序号")
    item_text = serializers.CharField(source="item.text", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    # Declared: a read-only model field would lose its blank choice (not yet reported) in the schema.
    self_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, read_only=True)
    self_status_label = serializers.SerializerMethodField(help_text="单位自评，按清单用语")
    status_label = serializers.SerializerMethodField(help_text="审定进度，按清单用语")

    class Meta:
        model = Entry
        fields = [
            "id",
            "item",
            "round",
            "task_list",
            "item_seq",
            "item_text",
            "state",
            "state_label",
            "progress",
            "percent",
            "completed_value",
            "self_status",
            "self_status_label",
            "status",
            "status_label",
            "override_reason",
            "remark",
            "review_comment",
            "submitted_at",
            "approved_at",
            "reviewed_at",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_self_status_label(self, entry: Entry) -> str:
        return status_label(entry.round.task_list.kind, entry.self_status)

    def get_status_label(self, entry: Entry) -> str:
        return status_label(entry.round.task_list.kind, entry.status)
