"""All ORM models; importing this package registers every table on Base.metadata."""

from storage.models.base import Base
from storage.models.networks import Member, Network, Role

__all__ = ["Base", "Member", "Network", "Role"]
