"""Rounds (调度) and the entries units report in them, with the rules of their lives."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from duban.core import model as core
from duban.core.evaluation import Facts, evaluate
from duban.documents.models import Document
from duban.errors import Conflict, InvalidInput
from duban.roles import Role
from duban.supervision.choices import (
    EntryState,
    ListKind,
    RoundState,
    Status,
    status_label,
)
from duban.supervision.models.lists import Item, TaskList, led_q
from duban.units.scope import scope_of

# A reported completion above ten times the target is a typing error, not progress.
MAX_PERCENT = Decimal(1000)
PERCENT_PLACES = Decimal("0.001")  # Entry.percent keeps three decimals


class RoundQuerySet(models.QuerySet["Round"]):
    def visible_to(self, user: Any) -> RoundQuerySet:
        return self.filter(scope_of(user).regions("task_list__region__"))


class Round(models.Model):
    """A progress-collection round (调度) of a list: its period, as-of date, deadline and state."""

    task_list = models.ForeignKey(
        TaskList, on_delete=models.CASCADE, related_name="rounds", verbose_name="清单"
    )
    period = models.CharField("调度期间", max_length=100, help_text="如：2024年1-6月")
    as_of = models.DateField("截至日期")
    deadline = models.DateField("报送截止", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    tolerance = models.DecimalField("容差（百分点）", max_digits=5, decimal_places=2, default=Decimal("10"))
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="rounds", verbose_name="通报"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "调度轮次"
        verbose_name_plural = "调度轮次"
        ordering = ["task_list", "as_of", "pk"]

    def __str__(self) -> str:
        return f"{self.task_list} · {self.period}"

    def previous(self) -> Round | None:
        """The round of the same list just before this one (by as-of date, then creation)."""
        return (
            Round.objects.filter(task_list_id=self.task_list_id)
            .filter(models.Q(as_of__lt=self.as_of) | models.Q(as_of=self.as_of, pk__lt=self.pk))
            .order_by("-as_of", "-pk")
            .first()
        )

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def frozen(self) -> bool:
        """A published round is the record of what the bulletin said: nothing in it changes."""
        return self.state == RoundState.PUBLISHED

    def require_open(self) -> None:
        """Refuse a report once the round no longer collects them."""
        if not self.is_open:
            raise Conflict(
                f"调度轮次“{self}”{self.get_state_display()}，不能再填报；如需更正请联系督查室",
                f"round {self.pk} is {self.state}: no reports",
            )

    def require_not_frozen(self) -> None:
        if self.frozen:
            raise Conflict(
                f"调度轮次“{self}”已通报，数据已冻结，不能再修改", f"round {self.pk} is published: frozen"
            )

    def close(self) -> None:
        """Stop collecting: open → closed."""
        if self.state != RoundState.OPEN:
            raise Conflict(
                f"调度轮次“{self}”{self.get_state_display()}，无需截止", f"round {self.pk} not open"
            )
        self.state = RoundState.CLOSED

    def reopen(self) -> None:
        """Collect again after a close (never after publication)."""
        self.require_not_frozen()
        if self.state == RoundState.OPEN:
            raise Conflict(f"调度轮次“{self}”正在收集中", f"round {self.pk} already open")
        self.state = RoundState.OPEN

    def publish(self) -> None:
        """The bulletin is issued: the round is frozen from now on."""
        self.require_not_frozen()
        self.state = RoundState.PUBLISHED


class EntryQuerySet(models.QuerySet["Entry"]):
    def visible_to(self, user: Any) -> EntryQuerySet:
        """The office sees its region's entries; a leader what the office accepted or published; a unit its
        own entries in every state and the others' once published — never another unit's drafts."""
        scope = scope_of(user)
        region = scope.regions("round__task_list__region__")
        published = models.Q(round__state=RoundState.PUBLISHED)
        if scope.role == Role.OFFICE:
            return self.filter(region)
        if scope.role == Role.LEADER:
            return self.filter(region, published | models.Q(state=EntryState.ACCEPTED))
        if scope.role in (Role.REPORTER, Role.HEAD) and scope.sees_supervision:
            mine = Item.objects.filter(led_q(scope)).values("pk")
            return self.filter(region, published | models.Q(item__in=mine))
        return self.none()

    def of_user_units(self, user: Any) -> EntryQuerySet:
        """The entries of the items the user's units lead."""
        return self.filter(item__in=Item.objects.filter(led_q(scope_of(user))).values("pk"))


class Entry(models.Model):
    """An item's progress in a round: what the unit reported and what the office decided."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries", verbose_name="轮次")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="entries", verbose_name="事项")
    state = models.CharField("填报状态", max_length=14, choices=EntryState.choices, default=EntryState.EMPTY)
    progress = models.TextField("进展情况", blank=True)
    percent = models.DecimalField("完成比例（%）", max_digits=9, decimal_places=3, null=True, blank=True)
    completed_value = models.DecimalField("完成量", max_digits=24, decimal_places=6, null=True, blank=True)
    self_status = models.CharField("自评", max_length=12, choices=Status.choices, blank=True)
    # The progress word as the source wrote it (已办结, 欠进度, 其它类 …): kept beside the level it maps to.
    status_text = models.CharField("进度（原文）", max_length=40, blank=True)
    status = models.CharField("审定进度", max_length=12, choices=Status.choices, blank=True)
    override_reason = models.CharField("改判理由", max_length=300, blank=True)
    remark = models.TextField("单位备注", blank=True)
    review_comment = models.TextField("退回意见", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    # The year-end assessment judges lateness and returns from these: `submitted_at` moves with
    # every resubmission, and the audit log is pruned after half a year.
    first_reported_at = models.DateTimeField("首次报送督查室时间", null=True, blank=True)
    returns = models.PositiveIntegerField("被退回次数", default=0)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("单位审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("督查室审核时间", null=True, blank=True)
    # Raised on every save: a form or an API call that read version N may only write over N.
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "进展填报"
        verbose_name_plural = "进展填报"
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="unique_entry")]
        indexes = [
            # The region's rounds are looked up by their entries' state and status (the review
            # queue, 待审核 counts, each round's summary, the lagging items): with the round first,
            # a page reads the matching entries of its region's rounds, not every entry of them.
            models.Index(fields=["round", "state", "status"], name="entry_round_state_status"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.item.seq}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every save checks the values and the round: no path may write a frozen round or −999999 %."""
        self.check_values()
        if self.pk is not None:
            self.round.require_not_frozen()
            self.version += 1
            fields = kwargs.get("update_fields")
            if fields is not None:
                kwargs["update_fields"] = {*fields, "version", "updated_at"}
        super().save(*args, **kwargs)

    # --- rules ------------------------------------------------------------------------------

    def check_values(self) -> None:
        """The one rule for stored values, whoever writes them."""
        if self.percent is not None:
            if not self.percent.is_finite() or not Decimal(0) <= self.percent <= MAX_PERCENT:
                raise InvalidInput(
                    f"完成比例{self.percent}%超出合理范围（0–{MAX_PERCENT}）",
                    f"percent {self.percent} out of range",
                )
            self.percent = self.percent.quantize(PERCENT_PLACES)
        for name in ("self_status", "status"):
            value = getattr(self, name)
            if value and value not in Status.values:
                raise InvalidInput(f"进度“{value}”无效", f"bad {name} {value!r}")

    @property
    def kind(self) -> str:
        return str(self.round.task_list.kind)

    def status_label(self, which: str = "status") -> str:
        """The status (or self_status) in the list's own vocabulary."""
        return status_label(self.kind, getattr(self, which))

    def suggested_status(self) -> tuple[str, str]:
        """The status the figures support (or the unit's own where there are none), with the reason."""
        if self.percent is None and self.completed_value is None:
            return self.self_status, "无量化数据，沿用单位自评"
        result = evaluate(
            Facts(
                as_of=self.round.as_of,
                target=self.item.target,
                completed=self.completed_value,
                percent=self.percent,
                tolerance=self.round.tolerance,
                judgement=core.Status(self.self_status) if self.self_status else None,
                for_task=self.kind == ListKind.TASKS,
            )
        )
        return (result.status.value if result.status else self.self_status), result.reason

    def report(
        self,
        *,
        progress: str,
        self_status: str,
        percent: Decimal | None = None,
        completed_value: Decimal | None = None,
        remark: str | None = None,
    ) -> None:
        """A unit's report for the item: checked, then held as a draft until it is submitted."""
        self.round.require_open()
        if self.state == EntryState.ACCEPTED:
            raise Conflict("督查室已审核本项，不能再修改；如需更正请联系督查室", f"entry {self.pk} accepted")
        if self_status not in Status.values:
            raise InvalidInput(f"自评进度“{self_status}”无效", f"bad self_status {self_status!r}")
        if not progress.strip():
            raise InvalidInput("请填写进展情况", "empty progress")
        if percent is not None and not self.item.quantified:
            raise InvalidInput(
                "本事项没有量化目标，不填完成比例", f"percent given for item {self.item_id} without target"
            )
        self.progress = progress.strip()
        self.self_status = self_status
        self.percent = percent
        self.completed_value = completed_value
        if remark is not None:
            self.remark = remark.strip()
        self.check_values()
        self.state = EntryState.DRAFT
        self._follow_figures()

    def note_remark(self, remark: str) -> None:
        """A remark on its own (a return form row with only 备注 filled)."""
        self.round.require_open()
        self.remark = remark.strip()

    def submit(self, by: Any, at: datetime, *, needs_head: bool) -> None:
        """The reporter sends the report on: to the unit head when one must approve, else to the office."""
        self.round.require_open()
        if self.state not in (EntryState.DRAFT, EntryState.RETURNED) or not self.progress:
            raise Conflict(
                "请先填写并保存进展情况再提交", f"entry {self.pk} is {self.state}: nothing to submit"
            )
        self.submitted_by = by
        self.submitted_at = at
        self.state = EntryState.AWAITING_HEAD if needs_head else EntryState.SUBMITTED
        if self.state == EntryState.SUBMITTED:
            self.note_reported(at)

    def approve(self, by: Any, at: datetime) -> None:
        """The unit head signs the report off (the online form of the signature on the paper form)."""
        self.round.require_open()
        if self.state != EntryState.AWAITING_HEAD:
            raise Conflict(
                "本项不在待单位负责人审核状态", f"entry {self.pk} is {self.state}: not awaiting head"
            )
        self.approved_by = by
        self.approved_at = at
        self.state = EntryState.SUBMITTED
        self.note_reported(at)

    def note_reported(self, at: datetime) -> None:
        """The report reached the office: the first time is the one its deadline is judged by."""
        if self.first_reported_at is None:
            self.first_reported_at = at

    def send_back(self, by: Any, at: datetime, comment: str) -> None:
        """The office returns the report with a comment; the unit sees it and resubmits."""
        self.round.require_not_frozen()
        if not comment.strip():
            raise InvalidInput("退回须写明意见", "return without comment")
        if self.state not in (EntryState.SUBMITTED, EntryState.ACCEPTED, EntryState.AWAITING_HEAD):
            raise Conflict("本项尚未报送，无需退回", f"entry {self.pk} is {self.state}: cannot return")
        self.review_comment = comment.strip()
        self.reviewed_by = by
        self.reviewed_at = at
        self.state = EntryState.RETURNED
        self.returns += 1

    def decide(self, by: Any, at: datetime, *, status: str | None = None, reason: str = "") -> None:
        """The office accepts the report, with the status the figures give or one it sets with a reason."""
        self.round.require_not_frozen()
        chosen = status or self.status or self.suggested_status()[0]
        if chosen not in Status.values:
            raise InvalidInput(f"进度“{chosen}”无效", f"bad status {chosen!r}")
        suggested, why = self.suggested_status()
        overrides = bool(suggested) and chosen != suggested
        if overrides and not reason.strip():
            raise InvalidInput(
                f"改判须说明理由（单位自评：{self.status_label('self_status') or '无'}；{why}）",
                f"override of entry {self.pk} without reason",
            )
        self.status = chosen
        self.override_reason = reason.strip() if overrides else ""
        self.reviewed_by = by
        self.reviewed_at = at
        if self.state in (
            EntryState.SUBMITTED,
            EntryState.RETURNED,
            EntryState.AWAITING_HEAD,
            EntryState.DRAFT,
        ):
            self.state = EntryState.ACCEPTED

    def _follow_figures(self) -> None:
        # Until the office decides against them, the figures (or the unit's word) set the status.
        if not self.override_reason:
            self.status = self.suggested_status()[0]


class EntryAttachment(models.Model):
    """A file a unit attaches to its progress entry (photos, minutes, acceptance reports)."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="attachments", verbose_name="填报"
    )
    file = models.FileField("文件", upload_to="entries/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "填报附件"
        verbose_name_plural = "填报附件"

    def __str__(self) -> str:
        return self.name
