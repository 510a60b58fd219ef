"""Who is calling: bearer tokens made by `netmap token`, or JWTs from an identity provider.

Plugged into Starlette's AuthenticationMiddleware. No Authorization header
means an anonymous caller (the public directory only); a header that is
wrong, unknown, expired or revoked is refused at once with 401, never
quietly treated as anonymous. Browsers that signed in on netmap's sign-in
page send a short-lived session id in an HttpOnly, SameSite=Strict cookie
instead; the session ends on signing out or when its token is revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote

import jwt
from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, RedirectResponse, Response

from netmap.api.settings import JwtSettings
from netmap.domain.access import AccessRole, Principal
from netmap.store.accounts import TOKEN_PREFIX, find_token
from netmap.store.connection import Store
from netmap.store.errors import StoreUnavailable
from netmap.store.sessions import find_session


class StoreDown(AuthenticationError):
    """The token could not be checked because the store did not answer."""


class SessionRefused(AuthenticationError):
    """The browser's sign-in cookie no longer works: it is sent back to sign in."""


SESSION_COOKIE = "netmap_session"
"""Holds the session id of a browser that signed in on the sign-in page (never the token)."""
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _own_origin(conn: HTTPConnection) -> str:
    return f"{conn.url.scheme}://{conn.url.netloc}"


@dataclass(frozen=True)
class Credential:
    """A checked token: who it names, which of netmap's tokens it is, until when."""

    principal: Principal
    token_id: str | None
    """None for an identity provider's token."""
    expires_at: datetime | None


class CallerUser(BaseUser):
    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.principal.name or self.principal.subject

    @property
    def identity(self) -> str:
        return self.principal.subject


class BearerBackend(AuthenticationBackend):
    def __init__(self, jwt_settings: JwtSettings | None = None) -> None:
        self.jwt = jwt_settings

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header:
            scheme, _, credential = header.partition(" ")
            if scheme.lower() != "bearer" or not credential.strip():
                raise AuthenticationError("Send 'Authorization: Bearer <token>'.")
            principal = await self.principal(conn, credential.strip())
        elif cookie := conn.cookies.get(SESSION_COOKIE):
            principal = await self._from_cookie(conn, cookie)
        else:
            return None
        return AuthCredentials(["authenticated", principal.role.value]), CallerUser(principal)

    async def principal(self, conn: HTTPConnection, credential: str) -> Principal:
        """Who a token (ours or a JWT) names, or AuthenticationError saying why not."""
        return (await self.credential(conn, credential)).principal

    async def credential(self, conn: HTTPConnection, credential: str) -> Credential:
        """What a token (ours or a JWT) is, or AuthenticationError saying why not."""
        if credential.startswith(TOKEN_PREFIX):
            return await self._token(conn.app.state.store, credential)
        if self.jwt is not None:
            return self._jwt(credential, self.jwt)
        raise AuthenticationError("Unknown token.")

    async def _from_cookie(self, conn: HTTPConnection, session_id: str) -> Principal:
        """A signed-in browser, by its session. Forms posted from another site are
        refused even though browsers would not send this SameSite=Strict cookie with them."""
        origin = conn.headers.get("origin")
        if conn.scope.get("method") not in _SAFE_METHODS and origin and origin != _own_origin(conn):
            raise SessionRefused("A form sent from another site is refused.")
        try:
            found = await conn.app.state.store.read(find_session, session_id, datetime.now(timezone.utc))
        except StoreUnavailable as exc:
            raise StoreDown(exc.message) from exc
        if found is None:
            raise SessionRefused("Your session has ended: sign in again.")
        return found.principal

    @staticmethod
    async def _token(store: Store, token: str) -> Credential:
        try:
            found = await store.read(find_token, token)
        except StoreUnavailable as exc:
            raise StoreDown(exc.message) from exc
        now = datetime.now(timezone.utc)
        if found is None:
            raise AuthenticationError("Unknown token.")
        if found.revoked_at is not None:
            raise AuthenticationError("This token has been revoked.")
        if found.expires_at is not None and now >= found.expires_at:
            raise AuthenticationError(f"This token expired at {found.expires_at.isoformat()}.")
        return Credential(found.principal, found.id, found.expires_at)

    @staticmethod
    def _jwt(token: str, settings: JwtSettings) -> Credential:
        try:
            claims = jwt.decode(
                token,
                settings.key,
                algorithms=list(settings.algorithms),
                audience=settings.audience,
                issuer=settings.issuer,
                options={"require": ["exp", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationError(f"Invalid token: {exc}.") from None
        try:
            role = AccessRole(claims.get(settings.role_claim))
        except ValueError:
            raise AuthenticationError(f"The token's {settings.role_claim} claim names no netmap role.") from None
        scope = claims.get(settings.scope_claim)
        if role.needs_scope and not scope:
            raise AuthenticationError(f"A {role.value} token needs a {settings.scope_claim} claim.")
        principal = Principal(subject=str(claims["sub"]), role=role, scope_id=scope, name=str(claims.get("name", "")))
        return Credential(principal, None, datetime.fromtimestamp(int(claims["exp"]), timezone.utc))


def unauthenticated(conn: HTTPConnection, exc: AuthenticationError) -> Response:
    if isinstance(exc, SessionRefused):
        response = RedirectResponse(f"/sign-in?problem={quote(str(exc))}", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response
    if isinstance(exc, StoreDown):
        return JSONResponse(
            {"data": None, "errors": [{"message": str(exc), "extensions": {"code": "STORE_UNAVAILABLE"}}]},
            status_code=503,
        )
    return JSONResponse(
        {"data": None, "errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )
