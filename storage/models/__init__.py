"""All ORM models; importing this package registers every table on Base.metadata."""

from storage.models.base import Base
from storage.models.deliveries import Delivery, DeliveryStatus
from storage.models.networks import Member, Network, Role

__all__ = ["Base", "Delivery", "DeliveryStatus", "Member", "Network", "Role"]
