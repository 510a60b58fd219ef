"""How the API behaves: mode, identity provider, and the limits that protect it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Mode(str, Enum):
    DEVELOPMENT = "development"
    """Introspection on; `netmap serve` prints a first admin token."""
    PRODUCTION = "production"
    """Introspection off; tokens come only from `netmap token create` or the identity provider."""


@dataclass(frozen=True)
class JwtSettings:
    """Accept JWTs from a council's identity provider, verified against ``key``.

    The role is read from the ``role_claim`` (one of netmap's role names), the
    scope (service, organisation or person id) from ``scope_claim``, and the
    subject from ``sub``.
    """

    key: str
    algorithms: tuple[str, ...] = ("RS256",)
    audience: str | None = None
    issuer: str | None = None
    role_claim: str = "netmap_role"
    scope_claim: str = "netmap_scope"


@dataclass(frozen=True)
class Limits:
    """OWASP-style limits on what one request may ask of the server."""

    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 1000
    """Tokens in one document, counted before it is parsed."""
    max_selections: int = 100
    """Fields, fragment spreads and inline fragments written in one document, counted before
    validation, whose cost grows faster than the document (docs/robustness.md)."""
    max_expanded_selections: int = 1000
    """The same with every fragment spread replaced by its fragment (nested fragments multiply)."""
    anonymous_max_tokens: int = 400
    anonymous_max_selections: int = 50
    """The same for callers without a token, who may read only the public directory."""
    max_cost: int = 20000
    """Estimated fields resolved: each field costs 1, and a list with ``first: n`` multiplies what is inside it by n."""
    timeout_s: float = 10.0
    max_body_bytes: int = 1_000_000
    rate_per_minute: int = 600
    """Requests per minute per token (per client address without one)."""
    refused_per_minute: int = 30
    """Requests refused for their credentials (401) per client address per minute, before 429."""


@dataclass(frozen=True)
class ApiSettings:
    mode: Mode = Mode.DEVELOPMENT
    jwt: JwtSettings | None = None
    limits: Limits = field(default_factory=Limits)
    cors_origins: tuple[str, ...] = ()
    suppress_below: int = 5
    """Aggregate counts below this are shown as suppressed to analysts."""

    @property
    def introspection(self) -> bool:
        return self.mode is Mode.DEVELOPMENT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ApiSettings:
        """From ``NETMAP_MODE``, ``NETMAP_JWT_*``, ``NETMAP_CORS_ORIGINS``, ``NETMAP_RATE_PER_MINUTE``,
        ``NETMAP_SUPPRESS_BELOW``."""
        env = os.environ if environ is None else environ
        jwt = None
        if env.get("NETMAP_JWT_KEY"):
            jwt = JwtSettings(
                key=env["NETMAP_JWT_KEY"],
                algorithms=tuple(env.get("NETMAP_JWT_ALGORITHMS", "RS256").split(",")),
                audience=env.get("NETMAP_JWT_AUDIENCE") or None,
                issuer=env.get("NETMAP_JWT_ISSUER") or None,
            )
        limits = Limits(rate_per_minute=int(env.get("NETMAP_RATE_PER_MINUTE", Limits.rate_per_minute)))
        origins = tuple(o.strip() for o in env.get("NETMAP_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            mode=Mode(env.get("NETMAP_MODE", Mode.DEVELOPMENT.value)),
            jwt=jwt,
            limits=limits,
            cors_origins=origins,
            suppress_below=int(env.get("NETMAP_SUPPRESS_BELOW", 5)),
        )
