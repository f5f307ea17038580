"""`POST /api/auth/token/`: a token for a user name and password; `DELETE` gives it back.

The password is checked by `django.contrib.auth.authenticate` with the request, so every
authentication backend sees API attempts as it sees the login form's: the lockout backend
(django-axes) counts failures and refuses a locked account, and the signals that the audit log
listens to are sent (`user_login_failed` by `authenticate`, `user_logged_in` here on success).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in, user_logged_out, user_login_failed
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from duban.accounts import twofactor
from duban.accounts.lockout import locked_message
from duban.accounts.middleware import password_reason
from duban.api.authentication import PolicyTokenAuthentication
from duban.api.base import ApiView
from duban.api.serializers import CredentialsSerializer, TokenSerializer
from duban.errors import DomainError, Forbidden, InvalidInput

log = logging.getLogger("duban.api")


class LockedOut(DomainError):
    """Too many failed attempts: the account (or the address) is locked for a while."""

    status = 429


class TokenThrottle(SimpleRateThrottle):
    """Requests for tokens per client address (beside the lockout, which counts failures per account)."""

    scope = "token"

    def get_rate(self) -> str:
        return str(getattr(settings, "DUBAN_API_TOKEN_RATE", "30/min"))

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenView(ApiView, APIView):
    """POST needs no authentication (a stale token must not keep anyone from logging in again);
    DELETE needs the token it deletes."""

    throttle_classes = [TokenThrottle]
    error_statuses = {"POST": ["400", "403", "429"], "DELETE": ["401"]}

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> Request:
        self._method = (
            request.method
        )  # read by get_authenticators, which DRF calls before self.request is set
        return super().initialize_request(request, *args, **kwargs)

    def _deleting(self) -> bool:
        request = getattr(self, "request", None)  # the schema generator sets a request per method
        return (request.method if request is not None else getattr(self, "_method", "")) == "DELETE"

    def get_authenticators(self) -> list[Any]:
        return [PolicyTokenAuthentication(enforce=False)] if self._deleting() else []

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self._deleting() else [AllowAny()]

    def get_throttles(self) -> list[Any]:
        return [] if self._deleting() else super().get_throttles()

    @extend_schema(
        summary="取得令牌",
        description="以用户名和密码换取令牌，之后请求头带 Authorization: Token <token>。"
        "督查室和管理员账号还须提供 otp（身份验证器中的 6 位动态口令）。"
        "连续登录失败（密码或动态口令错误）将按账号和地址暂时锁定。",
        request=CredentialsSerializer,
        responses={200: TokenSerializer},
        tags=["认证"],
    )
    def post(self, request: Request) -> Response:
        data = CredentialsSerializer.check(request.data)
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            log.warning("api token refused: locked out (%s)", data["username"][:150])
            raise LockedOut(locked_message(), "token refused: locked out")
        if user is None:
            log.info("api token refused: bad credentials (%s)", data["username"][:150])
            raise InvalidInput("用户名或密码错误，或账号已停用", "token refused: bad credentials")
        if twofactor.required_for(user):
            self._second_factor(request, user, data.get("otp", ""))
        if password_reason(user):
            raise Forbidden(
                "请先登录网页修改初始密码，再使用接口"
                if user.must_change_password
                else "密码已过期，请先登录网页修改密码，再使用接口",
                f"token refused: {user.pk} must change password",
            )
        token, _ = Token.objects.get_or_create(user=user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response({"token": token.key})

    def _second_factor(self, request: Request, user: Any, code: str) -> None:
        """The office and the administrators give their TOTP code too (`otp`); a wrong one is a failure."""
        device = twofactor.confirmed_device(user)
        if device is None:
            raise Forbidden(
                "该账号须使用动态口令：请先登录网页绑定身份验证器，再使用接口",
                f"token refused: {user.pk} has no TOTP device",
            )
        if not code:
            raise InvalidInput("该账号须提供动态口令（otp 字段）", f"token refused: {user.pk} without otp")
        if twofactor.verify(device, code):
            user.otp_device = device
            return
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username(), "stage": "otp"}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            raise LockedOut(locked_message(), "token refused: locked out at the second factor")
        raise InvalidInput("动态口令不正确或已使用过", f"token refused: {user.pk} wrong otp")

    @extend_schema(
        summary="注销令牌",
        description="删除所用的令牌（之后须重新取得）。",
        request=None,
        responses={204: OpenApiResponse(description="已注销")},
        tags=["认证"],
    )
    def delete(self, request: Request) -> Response:
        token = request.auth
        if not isinstance(token, Token):  # pragma: no cover - TokenAuthentication is the only authenticator
            raise exceptions.NotAuthenticated()
        token.delete()
        user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
        return Response(status=204)
