"""The one role vocabulary: how an organisation takes part in an activity.

The loaders assign these names, the RDF carries them as `jha:Lead` … (`prov:hadRole`) and as the
shortcut properties `jha:lead` …, and the API and the command line show the same names. Listed
from the strongest part to the weakest, so an organisation read twice in one activity keeps its
strongest role.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["RANK", "ROLES", "ROLE_ALIASES", "Role", "property_name", "role_of_term", "term_name"]

Role = Literal["lead", "partner", "supporter", "attendee", "recipient"]
ROLES: tuple[Role, ...] = get_args(Role)
RANK: dict[str, int] = {role: i for i, role in enumerate(ROLES)}  # 0 = strongest

# Other words people use for a role (in annotations, older builds), mapped to the vocabulary.
ROLE_ALIASES: dict[str, Role] = {
    "support": "supporter", "supporting": "supporter", "participant": "attendee", "attending": "attendee",
    "leader": "lead", "organiser": "lead", "receiver": "recipient", "co-lead": "partner",
}


def term_name(role: Role) -> str:
    """The local name of the role's ontology class: `supporter` → `Supporter` (jha:Supporter)."""
    return role.capitalize()


def property_name(role: Role) -> str:
    """The local name of the shortcut property linking an activity to the organisation: `jha:supporter`."""
    return role


def role_of_term(iri_or_name: str) -> Role | None:
    """The role an ontology term (IRI, `jha:Supporter` or `Supporter`) or an alias stands for; None if none."""
    name = iri_or_name.rsplit("#", 1)[-1].rsplit("/", 1)[-1].removeprefix("jha:").lower()
    if name in RANK:
        return ROLES[RANK[name]]
    return ROLE_ALIASES.get(name)
