"""What every resolver gets: the store, this request's loaders, who is asking, and today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from strawberry.types import Info as _Info

from netmap.api.loaders import Loaders
from netmap.domain.records import Recorded
from netmap.store.connection import Store

ANONYMOUS = "anonymous"


@dataclass
class Context:
    """Built afresh for each request, so loaders never serve another request's data."""

    store: Store
    actor: str = ANONYMOUS
    today: date = field(default_factory=date.today)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store)

    def recorded(self) -> Recorded:
        """Who is recording this change, and when."""
        return Recorded(by=self.actor, at=datetime.now(timezone.utc))


Info = _Info[Context, None]
