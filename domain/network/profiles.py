"""Member profiles: state or territory, agency, role title and learning interests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from storage.models import Member

# U.S. states, the District of Columbia and the inhabited territories.
STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "AS": "American Samoa",
    "GU": "Guam",
    "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
}

AGENCY_MAX = 200
ROLE_TITLE_MAX = 200
INTERESTS_MAX = 1000


def state_name(code: str | None) -> str | None:
    return STATES.get(code) if code else None


@dataclass(frozen=True)
class Profile:
    state: str | None
    agency: str | None
    role_title: str | None
    learning_interests: str | None

    @classmethod
    def of(cls, member: Member) -> Profile:
        return cls(member.state, member.agency, member.role_title, member.learning_interests)

    def cleaned(self) -> Profile:
        def clean(value: str | None) -> str | None:
            value = (value or "").strip()
            return value or None

        return Profile(clean(self.state), clean(self.agency), clean(self.role_title), clean(self.learning_interests))

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if self.state is not None and self.state not in STATES:
            errors["state"] = "Choose a state or territory from the list."
        if self.agency and len(self.agency) > AGENCY_MAX:
            errors["agency"] = f"Keep the agency to {AGENCY_MAX} characters or fewer."
        if self.role_title and len(self.role_title) > ROLE_TITLE_MAX:
            errors["role_title"] = f"Keep the role title to {ROLE_TITLE_MAX} characters or fewer."
        if self.learning_interests and len(self.learning_interests) > INTERESTS_MAX:
            errors["learning_interests"] = f"Keep this to {INTERESTS_MAX} characters or fewer."
        if errors:
            raise InvalidInput(errors)

    @property
    def is_empty(self) -> bool:
        return not any((self.state, self.agency, self.role_title, self.learning_interests))


def save_profile(session: Session, *, member: Member, profile: Profile, now: datetime) -> Profile:
    profile = profile.cleaned()
    profile.validate()
    member.state = profile.state
    member.agency = profile.agency
    member.role_title = profile.role_title
    member.learning_interests = profile.learning_interests
    member.updated_at = now
    session.flush()
    return profile
