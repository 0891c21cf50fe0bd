"""Who did what in a clause: a role per named organisation from the words around its name.

Reads the cues the reports use — "organised/led/coordinated/hosted by", "under the guidance of"
(lead); "together with", "in cooperation with", "joined by" (partner); "with the support of",
"supported by", "with input from", "contributed", "was associated with" (support); "attended by",
"participated in", "were represented" (attendee); "shared with", "transmitted to", "placed at"
(recipient). Names joined by commas and "and" form one group sharing a role; the group before
the verb is the subject, which leads when it is one organisation and the verb or the others'
roles say so ("CEPOL, in cooperation with Europol, organised …", "Frontex updated a handbook
with input from Europol").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ontology.roles import RANK

__all__ = ["Item", "RoleResult", "assign_roles"]

_DET = r"(?:\s+(?:the|a|an|its|their|all|both))?\s*"
_LEAD_PASSIVE = re.compile(
    r"\b(?:led|co-led|organi[sz]ed|co-organi[sz]ed|coordinated|chaired|hosted|launched|initiated|convened|run|"
    r"managed|set up|prepared|developed|produced|published|issued|presented|conducted|carried out|implemented|"
    r"delivered|drafted|established|initiated|driven|co-driven)\s+by" + _DET + r"$"
    r"|\bunder the (?:guidance|leadership|lead|coordination|chairmanship|auspices|responsibility) of" + _DET + r"$"
    r"|\b(?:organi[sz]ed|held|hosted|convened) at" + _DET + r"$",
    re.IGNORECASE,
)
_SUPPORT = re.compile(
    r"\b(?:supported|assisted|backed|complemented|funded|financed|peer[- ]reviewed)\s+by" + _DET + r"$"
    r"|\bwith\s+(?:(?:the|a|an|good|strong|close|active|significant|written|financial|technical|operational)\s+)*"
    r"(?:support|help|assistance|input|inputs|contributions?|expertise|involvement|feedback)\s+(?:of|from|by)" + _DET
    + r"(?:JHA\s+agencies\s+)?$"
    r"|\b(?:input|inputs|contributions?|support|expertise|feedback|data provided)\s+(?:from|of|by)" + _DET
    + r"(?:JHA\s+agencies\s+)?$",
    re.IGNORECASE,
)
_ATTEND = re.compile(
    r"\battended\s+(?:\w+\s+)?by" + _DET + r"(?:representatives?\s+(?:of|from)" + _DET + r")?$"
    r"|\brepresentatives?\s+(?:of|from)" + _DET + r"$"
    r"|\b(?:in the presence of|attendance of)" + _DET + r"$",
    re.IGNORECASE,
)
_PARTICIPATION = re.compile(r"\bparticipation\s+(?:of|from|by)" + _DET + r"$", re.IGNORECASE)
_PARTNER = re.compile(
    r"\b(?:together|jointly)\s+with" + _DET + r"$"
    r"|\bin\s+(?:close\s+|active\s+|good\s+)?(?:cooperation|partnership|collaboration|coordination|consultation|conjunction)"
    r"\s+with" + _DET + r"$"
    r"|\bjoined\s+by" + _DET + r"$",
    re.IGNORECASE,
)
_RECIPIENT = re.compile(
    r"\b(?:send\w*|sent|transmit\w*|shar\w+|provid\w+|submit\w*|forward\w*|disseminat\w*|passed)\b[^;]{0,70}?"
    r"\b(?:to|with)" + _DET + r"$"
    r"|\b(?:placed|posted|seconded|deployed|working|based|stationed|positioned)\s+(?:at|to|in|with)" + _DET + r"$",
    re.IGNORECASE,
)
_WITH = re.compile(r"\b(?:with|between|and)" + _DET + r"$", re.IGNORECASE)
_PREPOSITION = re.compile(
    r"\b(?:of|to|for|on|at|in|from|by|about|into|towards|via|including|among|within|across|under|than|as)" + _DET + r"$",
    re.IGNORECASE,
)
_GLUE = re.compile(
    r"^\s*(?:,\s*)?(?:and\s+|or\s+|as well as\s+|and\s+other\s+)?(?:the\s+)?$"
    r"|^\s+together with\s+(?:the\s+)?$"
    r"|^\s*/\s*$|^\s*-\s*$|^\s+at\s+$"
    r"|^\s*,?\s*(?:and\s+)?(?:the\s+|a\s+)?(?:head|director|representatives?|experts?|staff|members?|officers?)\s+"
    r"(?:of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|shall|would|could|should|did|does|"
    r"organi[sz]ed|led|coordinated|chaired|hosted|launched|initiated|participated|attended|contributed|published|"
    r"signed|concluded|held|developed|updated|provided|supported|worked|cooperated|presented|shared|prepared|"
    r"produced|issued|delivered|implemented|agreed|continued|finalised|set up|took)\b",
    re.IGNORECASE,
)
LEAD_VERB = re.compile(
    r"^[\s,]*(?:\w+\s+){0,1}?(?:has\s+|have\s+|had\s+|is\s+|was\s+|will\s+)?(?:also\s+|successfully\s+|further\s+|recently\s+)?"
    r"(?:been\s+)?(?:lead|led|co-led|leads|leading|organi[sz](?:e|ed|es|ing)|coordinat(?:e|ed|es|ing)|chair(?:ed|s|ing)?|"
    r"host(?:ed|s|ing)?|launch(?:ed|es|ing)?|initiat(?:e|ed|es|ing)|set up|sets up|put in place|establish(?:ed|es)?|"
    r"convened?|brought together|bring together|held|hold|holds|publish(?:ed|es)?|produc(?:e|ed|es)|prepar(?:e|ed|es)|"
    r"develop(?:ed|s|ing)?|drafted|updated?|presented?|issued?|run|ran|carried out|carry out|conducted?)\b",
    re.IGNORECASE,
)
_POST_ATTEND = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:also\s+)?(?:attended|participated in|took part|(?:was|were)\s+(?:also\s+)?represented|"
    r"(?:is|are|was|were)\s+(?:also\s+)?present)\b",
    re.IGNORECASE,
)
_POST_SUPPORT = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:also\s+)?(?:contributed|contributes|(?:was|were|is|are)\s+(?:also\s+)?associated|"
    r"(?:was|were)\s+involved in peer|provided input|(?:were|was|are|is)\s+(?:also\s+)?members?\s+of|"
    r"(?:is|are)\s+willing to support|involvement)\b",
    re.IGNORECASE,
)
_OWNER = re.compile(
    r"^(?:['’]s)?\s+(?:[\w'’-]+\s+){0,2}?(?:led|-led|programme|project|initiative|meeting|conference|training|course|"
    r"workshop|seminar|network|webinar|module|study|survey|reports?|roundtable)\b",
    re.IGNORECASE,
)
_OWNER_LED = re.compile(r"^(?:\s+|-)led\b", re.IGNORECASE)

# "eu-LISA will extend its roundtable events …", "… such as workshops organised in partnership with UNHCR"
_OWN_ACTIVITY = re.compile(
    r"\b(?:its|their) (?:own )?(?:[\w-]+ ){0,2}?(?:roundtables?|round tables?|events?|meetings?|conferences?|workshops?|"
    r"seminars?|webinars?|courses?|trainings?|projects?|programmes?)\b(?! (?:of|by) )",
    re.IGNORECASE,
)
_LEAD_PARTICIPLE = re.compile(r"\b(?:organi[sz]ed|hosted|led|convened|chaired)\b(?!\s+by\b)(?!\s+at\b)", re.IGNORECASE)

_RELATIVE_SUBJECT = re.compile(r"\b(?:that|which|whom)\s+(?:the\s+)?$", re.IGNORECASE)

_STRENGTH = RANK
_MINOR = ("supporter", "attendee")  # roles that leave the lead to someone else


@dataclass
class Item:
    """A name in a clause: its id, kind (agency, network, organisation) and offsets in the clause."""

    id: str
    kind: str
    start: int
    end: int


@dataclass
class RoleResult:
    roles: dict[str, str]  # id → role, strongest first kept
    subjects: list[str]
    subject_end: int | None = None


def _depths(text: str) -> list[int]:
    out, depth = [], 0
    for ch in text:
        out.append(depth)
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    out.append(depth)
    return out


def _cue(gap: str) -> str | None:
    gap = re.sub(r"[\s,]+$", " ", gap)
    for role, pattern in (("lead", _LEAD_PASSIVE), ("supporter", _SUPPORT), ("attendee", _ATTEND),
                          ("participation", _PARTICIPATION), ("partner", _PARTNER), ("recipient", _RECIPIENT),
                          ("partner", _WITH)):
        if pattern.search(gap):
            return role
    if _PREPOSITION.search(gap):
        return "object"
    return None


def assign_roles(text: str, items: list[Item]) -> RoleResult:
    """Roles of the named organisations of one clause (ids may repeat; the first reading wins)."""
    depth = _depths(text)
    groups: list[list[Item]] = []
    group_role: list[str | None] = []
    prev_outer: Item | None = None
    prev_any: Item | None = None
    for item in items:
        inner = depth[item.start] > 0
        prev = prev_any if inner else prev_outer
        gap = text[prev.end:item.start] if prev else text[:item.start]
        clean = re.sub(r"\([^()]*\)", " ", gap).replace("(", " ").replace(")", " ")
        bare_comma = re.fullmatch(r"\s*,\s*(?:the\s+)?", clean) is not None
        continues = re.match(r"\s*(?:,|and\b|or\b|\(|as well as\b)", text[item.end:]) is not None
        if prev is not None and groups and (_GLUE.match(clean) or _GLUE.match(gap)) and (not bare_comma or continues):
            groups[-1].append(item)
        else:
            groups.append([item])
            group_role.append(_cue(gap if inner else clean) if prev is not None or gap.strip() else None)
            if prev is None and not gap.strip():
                group_role[-1] = None
        prev_any = item
        if not inner:
            prev_outer = item

    roles: dict[str, str] = {}
    subjects: list[str] = []
    subject_end: int | None = None
    subject_group: int | None = None
    for g, (members, cue) in enumerate(zip(groups, group_role, strict=True)):
        before = text[:members[0].start]
        after = text[members[-1].end:members[-1].end + 60]
        after = re.sub(r"^\s*\([^()]*\)", "", after)
        role: str
        if cue is None and subject_group is None and not _VERB.search(before.rsplit(",", 1)[-1] if before.count(",") else before):
            subject_group = g
            role = "subject"
        elif cue in (None, "object"):
            if _OWNER_LED.match(text[members[-1].end:]):
                role = "lead"
            elif _OWNER.match(text[members[-1].end:]) and not any(m.id in roles for m in members):
                role = "owner"
            else:
                role = "partner"
        else:
            role = cue
        if _RELATIVE_SUBJECT.search(before) and LEAD_VERB.match(text[members[-1].end:]) and len(members) == 1:
            role = "lead"  # "the conference that Frontex held in Warsaw": its subject organised the activity
        if _POST_ATTEND.match(after):
            role = "attendee"
        elif _POST_SUPPORT.match(after):
            role = "supporter"
        group_role[g] = role

    has_lead = any(r == "lead" for r in group_role)
    has_minor = any(r in _MINOR for r in group_role)
    for g, members in enumerate(groups):
        role = group_role[g] or "partner"
        if role == "participation":
            leads = has_lead or ("subject" in group_role and _subject_leads(text, groups, group_role))
            role = "attendee" if leads else "partner"
        if role == "owner":
            role = "lead" if not has_lead and (subject_group is None or group_role[subject_group] in _MINOR) else "partner"
        if g == subject_group:
            subjects = [m.id for m in members]
            subject_end = members[-1].end
        if role == "subject":
            single = len({m.id for m in members}) == 1
            after = text[members[-1].end:]
            after = re.sub(r"^\s*\([^()]*\)", "", after)
            after = re.sub(r"^\s*,[^,]{0,80},", "", after)  # "CEPOL, in cooperation with Europol, organised"
            owns = bool(_OWN_ACTIVITY.search(after) or _LEAD_PARTICIPLE.search(after))
            role = "lead" if single and not has_lead and (LEAD_VERB.match(after) or has_minor or owns) else "partner"
        if role == "lead" and (len({m.id for m in members if m.kind != "organisation"}) > 1 or members[0].kind == "network"):
            role = "partner"  # "launched by CEPOL and FRA": joint, not led by one
        for m in members:
            roles.setdefault(m.id, role)  # a name read twice keeps its first reading
    return RoleResult(roles, subjects, subject_end)


def _subject_leads(text: str, groups: list[list[Item]], group_role: list[str | None]) -> bool:
    """Whether the clause's subject is one organisation acting with a lead verb (then others attend)."""
    for i, role in enumerate(group_role):
        if role == "subject":
            members = groups[i]
            after = re.sub(r"^\s*\([^()]*\)", "", text[members[-1].end:])
            return len({m.id for m in members}) == 1 and bool(LEAD_VERB.match(after))
    return False
