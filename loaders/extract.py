"""Passages → activities and opportunities: who did what with whom, of what kind, when, whether.

Reads the language of the report (cue words for roles, types, status, dates and places, and a
few syntax patterns), never its line numbers or particular sentences, so reports of other years
load the same way. The steps, each in its own function:

1. names in a sentence (registry + the report's acronym list), minus context-only mentions
   (titles in quotes or italics, "the work of the JHA agencies", "Europol's mandate"), with an
   enumeration of all nine agencies read as the network and "the agency" resolved backwards;
2. the sentence cut into clauses (`loaders.clauses`), a clause with its own actors and activity
   noun being an activity of its own;
3. roles (`loaders.roles`), type, status, date, places, instruments, systems and themes per clause;
4. a sentence that only goes on about the previous activity ("The meeting was attended by …",
   "The EMCDDA and Eurojust were associated with the activity") adds to it;
5. the same activity told in two sections becomes one activity with two passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from loaders.clauses import INTRO, Clause, split_clauses
from loaders.dates import find_date, find_places
from loaders.discourse import owner_evidence, propagate_umbrellas, section_owner
from loaders.instruments import find_instruments
from loaders.mentions import MentionFinder
from loaders.records import ActivityRecord, Evidence, Mention, OpportunityRecord, Participation, Passage, Status
from loaders.roles import Item, assign_roles
from ontology.registry import Registry
from ontology.roles import RANK

__all__ = ["Extractor", "activity_type", "status_of"]

# Activity nouns → types. The earliest noun in a clause names its activity ("a kick-off meeting on
# training material" is a meeting); in a compound the last noun is the head ("training expert meeting").
TYPE_CUES: tuple[tuple[str, str], ...] = (
    ("Webinar", r"webinars?"),
    ("OnlineModule", r"online (?:training )?modules?|e-learning(?: modules?| courses?)?|online courses?"),
    ("MemorandumOfUnderstanding", r"memorand(?:um|a) of understanding|MoUs?"),
    ("PlacementAgreement", r"placement agreements?|agreements? on the (?:temporary )?placement"),
    ("CooperationPlan", r"cooperation plans?|joint action plans?|working arrangements?"),
    ("LetterOfUnderstanding", r"letters? of understanding"),
    ("Agreement", r"(?:cooperation|working|bilateral|multilateral) agreements?|agreements? (?:with|between)"),
    ("LiaisonPlacement", r"liaison officers?|LOs?|[Cc]ontact [Pp]oints?|"
                         r"(?:placing|placed|deployment of|deploying|seconded)\s+(?:a |an |one |the )?"
                         r"(?:[\w-]+ ){0,2}(?:representatives?|experts?|officers?|LOs?)|representatives? placed|associated experts?|"
                         r"deployments? of"),
    ("ThreatAssessment", r"threat assessments?|risk assessments?|SOCTA|IOCTA"),
    ("JointOperation", r"joint action days?|JADs?|LS-JADs?|action days?|joint operations?|operational actions?|"
                       r"operational action plans?|Cyber Patrol"),
    ("Conference", r"conferences?"),
    ("Workshop", r"workshops?|seminars?|roundtables?|round tables?"),
    ("Course", r"courses?|(?:joint )?master'?s programmes?|joint master'?s|lectures?"),
    ("Training", r"(?:online )?training manuals?|training (?:sessions?|activit(?:y|ies)|events?)|trainings?|curricul(?:um|a)|"
                 r"residential (?:training )?activit(?:y|ies)"),
    ("Meeting", r"meetings?|sessions?|press trips?|study visits?|visits?|(?:reference|expert|working) groups?|briefings?|"
                r"presentations?|forums?|dialogues?"),
    ("Publication", r"reports?|publications?|papers?|booklets?|videos?|guides?|guidance|handbooks?|brochures?|"
                    r"newsletters?|web pages?|studies|study|surveys?|flyers?|banners?|notifications?|overview table|"
                    r"scorecards?|checklists?"),
    ("InformationExchange", r"shar(?:e|es|ed|ing)|exchang(?:e|es|ed|ing) (?:of )?(?:information|data|personal data)|"
                            r"information (?:sharing|exchange)|transmit\w*|sending|data packages?|analytical packages?"),
    ("Tool", r"toolbox(?:es)?|tools?|platforms?|index|matrix|repository|indicators?"),
    ("Project", r"projects?|initiatives?|programmes?|joint actions?|mapping(?: exercises?)?"),
)
_TYPE_PATTERNS = [(name, re.compile(rf"\b(?:{rx})\b", re.IGNORECASE if name != "LiaisonPlacement" else 0))
                  for name, rx in TYPE_CUES]
_COMPOUND_GAP = re.compile(r"\s+(?:(?!and\b|or\b|of\b|on\b|for\b|with\b|to\b|in\b)[\w-]+\s+)?")
_LIAISON_CI = re.compile(r"\bliaison officers?\b|\b(?:placing|placed|deployment of|deploying)\b", re.IGNORECASE)
_VERB_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Publication", re.compile(r"\bpublish(?:ed|es|ing)?\b|\breleased\b", re.I)),
    ("Meeting", re.compile(r"\bmet\b|\bvisited\b", re.I)),
    ("Training", re.compile(r"\btrained\b|\btraining\b", re.I)),
    ("Meeting", re.compile(r"\bpresented (?:[\w-]+ ){0,3}?to\b", re.I)),
)
_COOPERATION = re.compile(
    r"\b(?:cooperat\w+|collaborat\w+|support\w*|assist\w*|contribut\w+|work(?:s|ed|ing)? (?:closely )?together|"
    r"worked|involved|engag\w+|expertise|jointly|joint|partnership|help\w*|provid\w+|coordinat\w+|develop\w*|"
    r"common approach)\b",
    re.IGNORECASE,
)
_SUBCLASS = {"Webinar": "Training", "OnlineModule": "Training", "Course": "Training", "Conference": "Meeting",
             "Workshop": "Meeting", "ThreatAssessment": "Publication", "MemorandumOfUnderstanding": "Agreement",
             "CooperationPlan": "Agreement", "PlacementAgreement": "Agreement", "LetterOfUnderstanding": "Agreement"}

_PROPOSED = re.compile(
    r"\b(?:could|should|would|might|explor(?:e|es|ed|ing)|consider(?:s|ing)?\s+(?:how|whether|the possibility|to|having|"
    r"discussion)|possibilit(?:y|ies)\s+(?:of|for|to)|opportunit(?:y|ies)\s+(?:to|for)|suggest\w*|desirable|"
    r"recommend\w*|willing to|(?:is|are) (?:also )?ready to|potential(?:ly)?\s+(?:to|partners?|areas?|option)|propos(?:e|es)\b|proposal|"
    r"envisag\w+|need(?:s)? to be|is needed|are needed|would benefit|benefit from)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|shall|is scheduled|are scheduled|scheduled for|plan(?:s|ned)? to|intend(?:s|ed)? to|"
    r"to be (?:held|launched|organised|delivered|published)|upcoming|forthcoming|foresees?|next year|"
    r"aims? to (?:start|launch|organise))\b",
    re.IGNORECASE,
)
_FUTURE_YEAR = re.compile(
    r"\b(?:in|by|from|during|until)\s+(?:early\s+|late\s+|mid-|the (?:first|second) half of\s+|the end of\s+)?"
    r"(20\d\d)\b(?!\s*[–-])"
)
_ONGOING = re.compile(
    r"\b(?:is|are|am)\s+(?:[a-z]+ly\s+)?(?:also\s+|now\s+|still\s+)?(?:being\s+)?[a-z]+ing\b|\b(?:has|have)\s+been\s+[a-z]+ing\b"
    r"|\bcontinu(?:e|es|ed|ing)\b|\bongoing\b|\bon-going\b|\bcurrently\b|\bunder way\b|\bunderway\b|\bat the time of writing\b"
    r"|\bregularly\b|\bon a (?:monthly|weekly|regular|daily|yearly) basis\b|\b(?:annually|every (?:year|month|week)|"
    r"each (?:year|month)|(?:once|twice) a (?:year|month))\b|\b(?:is|are) (?:also )?(?:all )?(?:a )?members? of\b"
    r"|\b(?:is|are) (?:[a-z]+ly )?[a-z]+ed by\b",
    re.IGNORECASE,
)
_PRESENT = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:[a-z]+ly\s+)?(?:also\s+)?(?:work|cooperate|share|implement|provide|"
    r"(?:has|have)(?!\s+(?:[a-z]+ly\s+|also\s+)?(?:[a-z]+ed|been|led|put|set|held|made|done|taken|run|begun|built|sent)\b)|play|support|"
    r"exchange|maintain|hold|participate|contribute|run|coordinate|host|deliver|offer|use|cooperates|works|shares|"
    r"implements|provides|plays|supports|exchanges|maintains|holds|participates|contributes|runs|coordinates|hosts|"
    r"delivers|offers|uses|organises|organizes|produces|publishes|develops|prepares|conducts|manages|trains|monitors|"
    r"collects|leads|chairs|co-leads|co-chairs|gathers|analyses|issues|releases|funds|assists|helps|contributes)\b"
)
_NOT_STATUS = re.compile(
    r",\s+(?:which|whose)\b[^,;]*|\s+—\s+[^—]*\s+—\s+|\([^)]*\)|\b(?:in order to|with the (?:aim|objective|purpose) of|"
    r"aim(?:s|ed|ing)? (?:at|to)|so as to)\b.*$"
    r"|(?<=[a-z0-9)]) to (?:enhance|identify|improve|strengthen|ensure|facilitate|promote|raise|discuss|address|map|"
    r"assess|tackle|better)\b.*$"
)

# After a clause's subject: a verb of doing ("revised", "is developing", "has designated", "is also active in"),
# not a copula with a noun ("is the EU agency for …"). A clause whose subject acts so is an activity of
# that subject even without an activity noun: single-agency work counts for the agency's profile.
_ACTION = re.compile(
    r"^(?:['’]s\s+(?:[\w-]+\s+){1,3}?(?=(?:is|are|was|were|has|have)\b))?"
    r"[\s,]*(?:\([^)]*\)\s*)?(?:,[^,]{1,80},\s*)?(?:(?:also|further|further|now|still|already|jointly|actively|closely|"
    r"regularly|successfully|increasingly|recently|continuously|extensively|intensively|\w+ly)\s+)*"
    r"(?:(?:has|have|had|is|are|was|were|will|would)\s+(?:(?:also|further|now|still|already|been|actively|\w+ly)\s+)*)?"
    r"(?:[a-z]+(?:ed|ing)\b(?<!\bneed)(?<!\bbased)(?<!\blocated)(?<!\bcalled)(?<!\bmandated)(?<!\bentitled)"
    r"|(?:active|present|involved|engaged|responsible for (?:organising|coordinating|delivering|running|developing))\b"
    r"|(?:co-(?:led|organised|organized|chaired|hosted|funded|authored)|led|held|ran|took|made|set up|"
    r"put in place|built|began|sent|brought|met|gave|"
    r"undertook|drew up|wrote|"
    r"produces?|publishes|provides|supports|contributes|organises|coordinates|hosts|runs|delivers|offers|"
    r"shares|exchanges|maintains|develops|chairs|leads|co-leads|manages|trains|deploys|continues|takes part|"
    r"participates|cooperates|works|assists|helps|prepares|monitors|analyses|collects|uses|carries out|implements)\b)"
)
_NOT_ACTION = re.compile(r"^[\s,]*(?:is|are|was|were)\s+(?:also\s+)?(?:(?:being|been)\s+)?(?:called|named|known|based|located|"
                         r"mandated|entitled|expected|required|needed|supposed|recognised|seen|considered|regarded)\b")

# "An animated web banner was also produced …": no agent named, "also" going on from the last sentence's actor
_PARTICIPLE = r"(?:[a-z]{2,}(?:ed|en)|[a-z]{3,}t|made|held|done|run|set up)"
_ALSO_PASSIVE = re.compile(rf"^(?:(?!\bby\b).)*?\b(?:was|were|has been|have been)\s+also\s+{_PARTICIPLE}\b(?!.*\bby\b)", re.IGNORECASE)
# "… during their first joint Management Board meeting …, at which eu-LISA and Europol were also represented":
# those represented at the setting of an activity attended the setting, they did not take part in the activity
_SETTING = re.compile(r"\b(?:during|at|in the margins? of|on the occasion of)\s+(?:their|the|its|a|an)\s+[^,;]*?"
                      r"\b(?:meeting|conference|session|event|summit|forum)s?\b[^,;]*,\s+(?:at|during|in) which\b", re.IGNORECASE)
_REPRESENTED = re.compile(r"^(?:\s*(?:,|and|the)\s*|\s+[\w-]+\s*)*?\s*(?:were|was)\s+(?:also\s+)?(?:represented|present)\b")
# "In 2017, a total of 16 activities took place …": figures about the activities just told, no one named
_TALLY = re.compile(r"\b(?:a total of|some|about|around|more than|over|in total)?\s*\d+\s+(?:[\w-]+\s+)?"
                    r"(?:activities|events|sessions|courses|webinars|meetings|trainings|workshops|operations|JADs)\s+"
                    r"(?:took place|were (?:held|organised|organized|delivered|run|conducted|carried out))\b", re.IGNORECASE)
# "It highlights …", "The report stresses that …": the content of a report; the agencies it names are its subject
_CONTENT = re.compile(r"^(?:(?:It|They|This|These)|(?:The|This|These|That) (?:[\w-]+ ){0,2}?(?:report|study|paper|document|"
                      r"assessment|evaluation|analysis|publication|review|survey|overview)s?)\s+(?:also\s+)?"
                      r"(?:highlights?|refers?|stresses|describes?|covers?|outlines?|shows?|concludes?|identifies|identify|"
                      r"recommends?|notes?|underlines?|summarises?|analyses?|finds?|reveals?|cites?|examines?|discusses?|"
                      r"points? out|emphasises?|reports? on|looks? at|sets? out|explains?|addresses?|focus(?:es)? on)\b")
_BACK_TO_IT = re.compile(r"\b(?:of|in|to|for)\s+(?:them|these|those|it)\b|\b(?:them|it)\s*[.,;]?\s*$", re.IGNORECASE)
# "Four news releases were produced in the course of the mandate", "… prepared by the chair": the agency that
# chairs the network in the report's year (registry: network chairs)
_MANDATE = re.compile(r"\b(?:the|its|current)\s+(?:network['’]s\s+)?(?:mandate|chairmanship|presidency)\b(?!\s+of\b)"
                      r"|\bby\s+the\s+(?:current\s+)?chair\b(?!\s+of\b)", re.IGNORECASE)
_AGENTLESS = re.compile(rf"^(?:(?!\bby\b).)*?\b(?:was|were|has been|have been|had been)\s+(?:also\s+)?{_PARTICIPLE}\b(?!.*\bby\b)",
                        re.IGNORECASE)
# "CEPOL, Eurojust, Europol and FRA are members of the newly established HLCEG-R": a group they sit in together
_MEMBERS = re.compile(r"\b(?:is|are|was|were|became|become)\s+(?:also\s+)?(?:all\s+)?(?:a\s+|the\s+)?members?\s+of\b", re.IGNORECASE)

_OPPORTUNITY_SECTIONS = re.compile(r"challenges and opportunities|priorities for|conclusions of the heads", re.I)
_TITLE_SPANS = re.compile(r"\*[^*]+\*|(?<![\w])['‘][^'’]{12,}?['’](?![\w])|\"[^\"]{12,}?\"|“[^”]{12,}?”")
_CONTEXT_BEFORE = re.compile(
    r"\b(?:chair|chairs|chairing|member|members|mandates?|regulation|achievements|work|role|roles|priorities|"
    r"added value|visibility|website|legal basis|reform|remit|competences?|interest)\s+(?:of|to)\s+(?:the\s+)?$"
    r"|\b(?:such as|as outlined in|according to|as part of|in the context of)\s+(?:the\s+)?$"
    r"|\bof interest to(?:\s+\w+){0,4}\s+$",
    re.IGNORECASE,
)
_CONTEXT_AFTER = re.compile(
    r"^(?:['’]s?)?\s+(?:new\s+|enhanced\s+|revised\s+|founding\s+|current\s+)?(?:mandate|regulation|legal basis|websites?|views|"
    r"casework|role in|work in)\b"
    r"|^['’]s\s+(?:[\w-]+\s+){0,2}?(?:report|reports|publication|study|paper)\s+(?:of|from)\b",
    re.IGNORECASE,
)
_BACKREF = re.compile(
    r"(?:^(?:[A-Z][^,]{0,40},\s+|(?:In|During|Throughout|Since|By|Over)\s+(?:the\s+)?[\w–-]+(?:\s+[\w–-]+)?\s+(?=the\b))?"
    r"|,\s+and\s+|;\s+)(?P<ref>[Tt]he [Aa]gency|[Tt]he (?:two|three) [Aa]gencies|[Bb]oth agencies|It|They|(?<=, )they)\b(?!['’])"
)
_THE_AGENCIES = re.compile(r"^(?:[A-Z][^,]{0,40},\s+)?(?P<ref>[Tt]he agencies)\b(?!['’])")
_ANAPHOR = re.compile(
    r"^(?:(?:Moreover|Furthermore|In addition|Also|However|Subsequently|Here|There),?\s+)?"
    r"(?P<det>The|This|These|Those|Both|All|Such|Each|Its|Their|Others)\b(?:\s+(?:[\w-]+\s+){0,2}?"
    r"(?:meetings?|workshops?|conferences?|events?|sessions?|participants|reports?|publications?|review|toolbox|tools?|"
    r"projects?|initiatives?|activit(?:y|ies)|trainings?|courses?|modules?|agreements?|booklets?|stud(?:y|ies)|surveys?|"
    r"exercises?|plans?|actions?|webinars?|seminars?|programmes?|operations?|JADs|discussions?|group|handbook|video)\b|"
    r"(?<=Others)\b|(?<=These)(?=\s+(?:are|were|have been)\s+[a-z]+ed\b))"
)
_TAIL_ANAPHOR = re.compile(
    r"\b(?:with|in|to|at|on|of|reviewing|supporting)\s+(?:the|this|these|that)\s+(?:activity|activities|meeting|meetings|"
    r"event|events|exercise|initiative|project|operation|report|publication|work|training|workshop|conference)\.?\s*$"
)


@dataclass
class _Found:
    """A clause read: the activity it states (if any) and what it names."""

    clause: Clause
    items: list[Item]
    roles: dict[str, str]
    subjects: list[str]
    kind: str | None
    status: str
    date: str | None
    end_date: str | None
    places: list[str]
    agencies: list[str]
    subject_end: int | None = None
    named: list[str] = field(default_factory=list)


def _acts(f: _Found) -> bool:
    """The clause's own subject (an agency or the network) does something: a verb of doing follows it
    (not a verb of saying or thinking: "acknowledged the importance of …" states a view, not work)."""
    if not f.subjects or f.subject_end is None or not any(s in f.agencies for s in f.subjects):
        return False
    rest = f.clause.text[f.subject_end:]
    action = _ACTION.match(rest)
    return action is not None and _NOT_ACTION.match(rest) is None and _SAYING.search(action.group()) is None


_SAYING = re.compile(r"\b(?:acknowledg\w*|recogni[sz]\w*|not(?:ed|es|ing)|underlin\w*|stress\w*|emphasi[sz]\w*|express\w*|"
                     r"call\w*|believ\w*|consider\w*|deem\w*|feel\w*|hop\w*|welcom\w*|agree\w*|view\w*|regard\w*|"
                     r"expect\w*|wish\w*|want\w*|aware|concern\w*|convinced|seen|seem\w*|appear\w*)\s*$",
                     re.IGNORECASE)


def activity_type(text: str) -> str | None:
    """The activity noun a clause is about (parenthesised asides ignored), or a verb's type."""
    plain = re.sub(r"\([^()]*\)|,\s+as (?:outlined|described|set out|mentioned|shown|explained|reported) in [^,]*,",
                   lambda m: " " * len(m.group()), text)
    hits: list[tuple[int, int, str]] = []
    for name, pattern in _TYPE_PATTERNS:
        for m in pattern.finditer(plain):
            hits.append((m.start(), m.end(), name))
    if name_ci := _LIAISON_CI.search(plain):
        hits.append((name_ci.start(), name_ci.end(), "LiaisonPlacement"))
    if hits:
        hits.sort(key=lambda h: (h[0], -h[1]))
        _start, end, name = hits[0]
        while name != "InformationExchange":  # compound: "training expert meeting" → meeting
            nxt = [h for h in hits if end < h[0] <= end + 22 and _COMPOUND_GAP.fullmatch(plain[end:h[0]])]
            if not nxt:
                break
            _start, end, name = nxt[0]
        return name
    for name, pattern in _VERB_TYPES:
        if pattern.search(plain):
            return name
    return None


def status_of(text: str, year: int, section: str = "") -> str:
    """done, ongoing, planned or proposed, from modal and tense cues; proposals never count as done."""
    main = _NOT_STATUS.sub(" ", text)
    if _PROPOSED.search(main):
        return "proposed"
    if _PLANNED.search(main) or any(int(y) > year for y in _FUTURE_YEAR.findall(main)):
        return "planned"
    ahead = _AHEAD.search(section)
    if ahead and int(ahead.group(1)) > year:
        return "planned"  # the priorities a report sets for next year are plans, whatever the tense
    if _ONGOING.search(main):
        return "ongoing"
    return "done"


_AHEAD = re.compile(r"\b(?:priorities|plans?|work programme|outlook)\s+(?:for|in)\s+(20\d\d)\b", re.IGNORECASE)


class Extractor:
    """Turns the passages of one report into activity and opportunity records."""

    def __init__(self, registry: Registry, finder: MentionFinder) -> None:
        self.registry = registry
        self.finder = finder
        self.network = registry.network.id
        self.agency_ids = {a.id for a in registry.agencies}
        self.found_instruments: dict[str, tuple[str, str]] = {}  # id → (label, kind), by pattern
        self._themes = [(t.id, t.headings, [re.compile(rf"\b{re.escape(k.lower())}") for k in t.keywords])
                        for t in registry.themes]

    # -- pieces ---------------------------------------------------------------------------

    def themes(self, passage: Passage, text: str | None = None) -> list[str]:
        """Themes from the section path (headings) and from the words of the passage."""
        found: list[str] = []
        section = " ".join(passage.section[1:] if len(passage.section) > 1 else passage.section).lower()
        words = (text or passage.text).lower()
        for theme_id, headings, keywords in self._themes:
            if any(h in section for h in headings) or any(k.search(words) for k in keywords):
                found.append(theme_id)
        return found

    def mentions(self, text: str, previous: list[str], previous_subject: str | None = None,
                 previous_group: list[str] | None = None) -> tuple[list[Mention], list[Mention]]:
        """(acting mentions, context-only mentions) of a passage, units kept, backrefs resolved."""
        found = self.finder.find(text)
        titles = [(m.start(), m.end()) for m in _TITLE_SPANS.finditer(text)]
        acting: list[Mention] = []
        context: list[Mention] = []
        for m in found:
            if m.kind not in ("agency", "network", "organisation"):
                continue
            in_title = any(s < m.start and m.end <= e for s, e in titles)
            if in_title or _CONTEXT_BEFORE.search(text[max(0, m.start - 60):m.start]) or _CONTEXT_AFTER.match(text[m.end:m.end + 40]):
                context.append(m)
            else:
                acting.append(m)
        # "of interest to other JHA agencies such as EIGE and the EMCDDA": the whole list is context
        for m in sorted(acting, key=lambda m: m.start):
            # (a bare comma continues the list only where the list goes on: "chair of the network, the EMCDDA was …" is no list)
            goes_on = re.match(r"\s*(?:,|and\b|or\b)", text[m.end:]) is not None
            if any(c.end <= m.start and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*(?:the\s+)?", text[c.end:m.start])
                   and (re.search(r"\b(?:and|or)\b", text[c.end:m.start]) or goes_on)
                   for c in context):
                context.append(m)
                acting.remove(m)
        acting = self._network_enumerations(text, acting)
        for ref in _BACKREF.finditer(text):
            if any(m.start <= ref.start("ref") < m.end for m in acting) or (ref.group("ref") == "It" and ref.start("ref") > 0) \
                    or (ref.group("ref") == "They" and ref.start("ref") > 0):
                continue
            word = ref.group("ref").lower()
            want = 2 if "two" in word or "both" in word else 3 if "three" in word else 1
            earlier = list(dict.fromkeys(m.id for m in acting if m.kind == "agency" and m.end <= ref.start("ref")))
            referents = earlier if earlier else previous
            if ref.group("ref") == "It":
                if not previous_subject or re.match(r"It\s+(?:is|was|would|should|could|may)\b", text[ref.start("ref"):]):
                    continue
                referents = [previous_subject]
            if word == "they":  # "In 2017, they contributed …": the agencies the last sentence was about
                if earlier or not previous_group:
                    continue
                referents, want = list(previous_group), len(previous_group)
            if len(referents) == want:
                for ident in referents:
                    acting.append(Mention("agency", ident, ref.group("ref"), ref.start("ref"), ref.end("ref")))
        the_agencies = _THE_AGENCIES.match(text)
        if the_agencies and not any(m.start <= the_agencies.start("ref") < m.end for m in acting):
            acting.append(Mention("network", self.network, the_agencies.group("ref"), the_agencies.start("ref"),
                                  the_agencies.end("ref")))
        return sorted(acting, key=lambda m: (m.start, m.end)), context

    def _network_enumerations(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """All nine agencies listed → the network; "the JHA agencies X, Y and Z" → X, Y and Z."""
        out = list(mentions)
        for net in [m for m in out if m.kind == "network"]:
            after = [m for m in out if m.start >= net.end and m.kind == "agency"]
            if after and re.fullmatch(r"\s*\(?\s*", text[net.end:after[0].start]):
                inside = text[net.end:].lstrip().startswith("(")
                run = self._run(text, out, after[0])
                if inside and len({m.id for m in run}) >= len(self.agency_ids) - 1:
                    out = [m for m in out if m not in run]  # "The nine JHA agencies (CEPOL, …, Frontex)"
                elif not inside:
                    out.remove(net)  # "the JHA agencies eu-LISA, Europol, EASO, Frontex and FRA"
            before = text[max(0, net.start - 12):net.start]
            if net in out and re.search(r"\band\s+(?:the\s+)?$", before) and re.search(r"\bother\b", net.surface, re.I):
                out.remove(net)  # "Europol, Frontex, CEPOL and other JHA agencies"
        agencies = [m for m in out if m.kind == "agency"]
        if len({m.id for m in agencies}) >= len(self.agency_ids):
            run = self._run(text, out, agencies[0])
            if len({m.id for m in run}) >= len(self.agency_ids):
                out = [m for m in out if m not in run]
                out.append(Mention("network", self.network, text[run[0].start:run[-1].end], run[0].start, run[-1].end))
        return out

    @staticmethod
    def _run(text: str, mentions: list[Mention], first: Mention) -> list[Mention]:
        """The list of agencies starting at `first`, joined by commas and "and"."""
        ordered = sorted(mentions, key=lambda m: m.start)
        i = ordered.index(first)
        run = [first]
        for m in ordered[i + 1:]:
            if m.kind == "agency" and re.fullmatch(r"\s*(?:,|and|,\s*and)?\s*(?:the\s+)?", text[run[-1].end:m.start]):
                run.append(m)
            else:
                break
        return run

    def _items(self, clause: Clause, mentions: list[Mention]) -> list[Item]:
        items: list[Item] = []
        for m in mentions:
            if clause.start <= m.start and m.end <= clause.end:
                kind = "network" if m.kind == "network" else "agency" if m.kind == "agency" else "organisation"
                items.append(Item(m.id, kind, m.start - clause.start, m.end - clause.start))
        return items

    def read_clause(self, passage: Passage, clause: Clause, mentions: list[Mention], year: int) -> _Found:
        items = self._items(clause, mentions)
        result = assign_roles(clause.text, items)
        roles = dict(result.roles)
        # a unit counts for its agency too (EC3 → Europol), with the same role
        for item in items:
            parent = self.finder.unit_parent.get(item.id)
            if parent and parent not in roles:
                roles[parent] = roles[item.id]
        if setting := _SETTING.search(clause.text):
            for item in items:
                if item.start >= setting.end() and _REPRESENTED.match(clause.text[item.end:]) and roles.get(item.id) == "attendee":
                    roles.pop(item.id, None)
                    roles.pop(self.finder.unit_parent.get(item.id, ""), None)
        subjects = [self.finder.unit_parent.get(s, s) for s in result.subjects]
        agencies = [o for o in roles if o in self.agency_ids or o == self.network]
        near = [i.start for i in items if i.kind != "organisation"]
        date, end = find_date(clause.text, year, near)
        # names of organisations, instruments and systems say nothing of the activity's kind
        # ("European Judicial Training Network", "Expert Group on Radicalisation")
        masked = list(clause.text)
        for m in self.finder.find(clause.text):
            masked[m.start:m.end] = " " * (m.end - m.start)
        return _Found(
            clause=clause, items=items, roles=roles, subjects=subjects, kind=activity_type("".join(masked)),
            status=status_of(clause.text, year, passage.section_path), date=date, end_date=end,
            places=find_places(clause.text), agencies=agencies, subject_end=result.subject_end,
        )

    def _participants(self, roles: dict[str, str]) -> list[Participation]:
        out: list[Participation] = []
        for org, role in roles.items():
            kind = "agency" if org in self.agency_ids else "network" if org == self.network else "organisation"
            out.append(Participation(org, role, kind))  # type: ignore[arg-type]
        return out

    # -- whole passages -------------------------------------------------------------------

    def extract(self, passages: Iterable[Passage], year: int) -> tuple[list[ActivityRecord], list[OpportunityRecord], list[Passage]]:
        activities: list[ActivityRecord] = []
        subjects_of: dict[int, list[str]] = {}
        opportunities: list[OpportunityRecord] = []
        unplaced: list[Passage] = []
        previous_agencies: list[str] = []
        previous_section: tuple[str, ...] | None = None
        recent: list[tuple[Passage, ActivityRecord, bool]] = []  # (passage, activity, created there) lately
        previous_type: str | None = None
        last_passage: Passage | None = None
        previous_subject: str | None = None
        headings: dict[tuple[str, ...], Passage] = {}
        actor: tuple[str, Passage] | None = None
        previous_group: list[str] = []
        chair = next((c.agency for c in self.registry.network.chairs if c.year == year), None)
        owner: str | None = None
        for passage in passages:
            if passage.kind == "heading":
                headings[(*passage.section, passage.text)] = passage
            if passage.kind not in ("sentence", "bullet"):
                continue
            if passage.section != previous_section:
                previous_agencies, recent, previous_type = [], [], None
                previous_section = passage.section
                owner = section_owner(headings.get(passage.section), self.finder, self.agency_ids)
                if owner:  # in an agency's own subsection "the agency" and "it" are that agency
                    previous_agencies, previous_subject = [owner], owner
            inferred: dict[str, Evidence] = {}
            mentions, context = self.mentions(passage.text, previous_agencies, previous_subject, previous_group)
            names_agency = any(m.kind in ("agency", "network") or m.id in self.finder.unit_parent
                               for m in (*mentions, *context))
            clauses = split_clauses(passage.text, mentions)
            found = [self.read_clause(passage, c, mentions, year) for c in clauses]
            found = self._merge_clauses(found, passage.text)
            placed = False
            anaphor = _ANAPHOR.match(passage.text)
            content = _CONTENT.match(passage.text) is not None
            new_recent: list[tuple[Passage, ActivityRecord, bool]] = []
            for index, f in enumerate(found):
                # 4. "The meeting was attended by …": the previous activity goes on
                # the passage told about last: the previous one, or the last one of this paragraph that
                # held an activity when the sentences between only described it ("These are prepared …")
                anchor = last_passage
                if last_passage is not None and not any(p == last_passage for p, _a, _c in recent):
                    anchor = next((p for p, _a, _c in reversed(recent) if p.line == passage.line == last_passage.line), None)
                last = [a for p, a, _c in recent if p == anchor]
                created = [a for p, a, c in recent if p == anchor and c]
                # "The new cooperation plan between Europol and Frontex …" names a new activity, not the last one
                defined = anaphor is not None and any(
                    m.kind in ("agency", "network") and re.fullmatch(r"\s+(?:between|of|by|from)\s+(?:the\s+)?",
                                                                   passage.text[anaphor.end():m.start])
                    for m in mentions)
                # "The final evaluation report on the Implementation of …": a definite description with its own
                # complement introduces a new thing, it does not point back
                defined = defined or (anaphor is not None and anaphor.group("det") == "The"
                                      and re.match(r"\s+(?:on|of|entitled|titled|called)\s", passage.text[anaphor.end():]) is not None)
                tally = _TALLY.search(passage.text) is not None and not mentions
                # "It highlights …" after a report was told: what that report says
                content_of_last = content and bool(last) and last[-1].type in ("Publication", "ThreatAssessment")
                if index == 0 and (anaphor or tally or content_of_last or _TAIL_ANAPHOR.search(f.clause.text)) and last \
                        and not defined:
                    plural = anaphor is not None and anaphor.group("det") in ("All", "These", "Both", "Those") \
                        and anaphor.end() > anaphor.end("det")  # "These reports …" (a bare "These are …": the last one)
                    targets = [last[-1]]
                    if plural and created:
                        # "All initiatives are supported by FRA": the last activities and their siblings in the paragraph
                        actors = {s for a in created for s in subjects_of.get(id(a), [])}
                        targets = created + [a for p, a, c in recent if c and anchor is not None and p.line == anchor.line
                                             and a not in created and actors & set(subjects_of.get(id(a), []))]
                    for act in targets:
                        if content:  # what a report says: its evidence, not its participants
                            act.add_evidence(Evidence.of(passage))
                            continue
                        self._attach(act, passage, f)
                        new_recent.append((passage, act, False))
                    placed = True
                    continue
                if index > 0 and not f.subjects and found[index - 1].subjects and f.clause.joined_by in ("and", "with"):
                    # "…, and together with EIGE updated …": the subject carries over
                    carried = "supporter" if re.match(r"\s*(?:also\s+)?supported\b", f.clause.text) else "partner"
                    for s in found[index - 1].subjects:
                        if s not in f.roles:
                            f.roles = {s: carried, **f.roles}
                    f.agencies = [o for o in f.roles if o in self.agency_ids or o == self.network]
                    f.subjects = list(found[index - 1].subjects)
                if chair and chair not in f.roles and _MANDATE.search(f.clause.text) \
                        and (not f.agencies or re.search(r"\bby\s+the\s+(?:current\s+)?chair\b", f.clause.text, re.I)):
                    f.roles = {chair: "lead", **f.roles}
                    f.agencies = [*f.agencies, chair]
                    inferred[chair] = Evidence.of(passage)
                if not f.agencies and actor is not None and index == 0 and (
                        (actor[1].line == passage.line and _ALSO_PASSIVE.search(f.clause.text))
                        or (actor[1].section == passage.section and f.kind == "Publication" and _AGENTLESS.search(f.clause.text))):
                    # an output told in the passive with no agent, going on from the last actor of the paragraph
                    # ("… was also produced") or of the section
                    f.roles = {actor[0]: "lead", **f.roles}
                    f.agencies = [actor[0]]
                    inferred[actor[0]] = Evidence.of(actor[1])
                if index == 0 and len(found) > 1 and INTRO.match(f.clause.text) and not f.subjects:
                    continue  # "Taking into consideration … by JHA agencies, …": it introduces the clause after it
                if not f.agencies or content:
                    continue  # nothing acts, or it only says what a report says ("It highlights … cooperation with Europol")
                if owner and owner not in f.roles and any(o in self.agency_ids for o in f.roles):
                    # a sentence in an agency's own subsection that names only its partner
                    f.roles = {**f.roles, owner: "partner"}
                    f.agencies = [*f.agencies, owner]
                    inferred[owner] = owner_evidence(headings[passage.section])
                kind = f.kind or (previous_type if anaphor else None)
                if kind is None and _MEMBERS.search(f.clause.text):
                    kind = "Meeting"  # a group or body the agencies are members of
                if kind is None and any(r in ("lead", "supporter") for o, r in f.roles.items() if o in self.agency_ids) \
                        and _COOPERATION.search(f.clause.text):
                    kind = "Support"  # "…, assisted by the Europol EMPACT Support Team"
                if f.status == "done" and f.subject_end is not None and _PRESENT.match(f.clause.text[f.subject_end:]):
                    f.status = "ongoing"
                if kind is None and (len(f.roles) >= 2 or f.subjects) and _COOPERATION.search(f.clause.text):
                    kind = "Support"  # cooperation, support or expertise with no narrower activity noun
                if kind is None and index > 0 and found[index - 1].kind and _BACK_TO_IT.search(f.clause.text):
                    kind = found[index - 1].kind  # "…, and Frontex co-led four of them": the same kind of activity
                if kind is None and _acts(f):
                    kind = "Support"  # an agency's own work, named by its verb only
                if kind is None:
                    continue
                act = ActivityRecord(
                    type=kind, label=_label(f.clause.text.strip()), status=cast(Status, f.status), passages=[passage],
                    participants=self._participants(f.roles), themes=self.themes(passage),
                    instruments=[], systems=[], places=f.places, date=f.date, end_date=f.end_date,
                    evidence=[Evidence.of(passage, f.clause.start, f.clause.end)],
                )
                act.participants = [Participation(p.org, p.role, p.kind, inferred_from=inferred.get(p.org)) for p in act.participants]
                self._names(act, passage.text, mentions)
                subjects_of[id(act)] = f.subjects
                activities.append(act)
                new_recent.append((passage, act, True))
                placed = True
            if new_recent:
                recent = (recent + new_recent)[-6:]
            elif not placed:
                recent = recent[-6:]
            previous_type = activity_type(passage.text) or previous_type
            last_passage = passage
            agencies_here = _unique(o for f in found for o in f.agencies if o in self.agency_ids)
            firsts = _unique(s for s in (found[0].subjects if found else []) if s in self.agency_ids)
            previous_agencies = firsts if len(firsts) == 1 else agencies_here
            previous_subject = firsts[0] if len(firsts) == 1 else None
            previous_group = firsts
            if previous_subject:
                actor = (previous_subject, passage)  # the paragraph's last single actor
            elif placed and new_recent:
                leads = {p.org for _p, a, _c in new_recent for p in a.participants if p.role == "lead" and p.org in self.agency_ids}
                if len(leads) == 1:
                    actor = (leads.pop(), passage)
                elif any(m.kind == "agency" for m in mentions):
                    actor = None  # other agencies named since: the last actor no longer carries over
            elif any(m.kind == "agency" for m in mentions):
                actor = None
            if _OPPORTUNITY_SECTIONS.search(passage.section_path):
                opp = self._opportunity(passage, mentions, context, year)
                if opp is not None:
                    opportunities.append(opp)
                    placed = True
            if names_agency and not placed:
                unplaced.append(passage)
        activities = _merge_same(activities)
        for act in activities:
            _promote_lead(act, subjects_of.get(id(act), []))
        propagate_umbrellas(activities, _TYPE_PATTERNS, self.agency_ids)
        return activities, opportunities, unplaced

    def _merge_clauses(self, found: list[_Found], text: str) -> list[_Found]:
        """A clause without an activity noun of its own belongs to its neighbour that has one."""
        if len(found) < 2:
            return found
        out: list[_Found] = []
        alone: set[int] = set()
        for f in found:
            if f.kind is None and len(f.subjects) >= 2 and _COOPERATION.search(f.clause.text):
                out.append(f)  # a cooperation of its own ("X and Y are developing a common approach")
                alone.add(id(f))
                continue
            if out and not f.agencies and f.clause.joined_by in ("and", ",") and out[-1].agencies \
                    and re.match(r"\s*(?:the|a|an|its|their|this|these|[A-Z])", f.clause.text):
                # "…, and EUNAVFOR MED is represented in JO Triton …": no agency acts in it, so it is
                # context of the clause before, and the quote takes it in
                prev = out[-1]
                prev.clause = Clause(prev.clause.start, f.clause.end, text[prev.clause.start:f.clause.end], prev.clause.joined_by)
                continue
            if out and f.kind is None and _acts(f) and f.clause.joined_by in (";", "while", "and", ","):
                out.append(f)  # its own subject doing its own thing: "…, and Frontex is present in …"
                alone.add(id(f))
                continue
            proposal_beside_fact = f.status in ("proposed", "planned") and out[-1].status in ("done", "ongoing") if out else False
            if out and f.kind is None and out[-1].kind is not None and f.agencies and (f.clause.joined_by != ";" or not f.subjects) \
                    and not proposal_beside_fact:
                prev = out[-1]
                for org, role in f.roles.items():
                    prev.roles.setdefault(org, role)
                prev.agencies = _unique([*prev.agencies, *f.agencies])
                # the quote grows to take in the clause that added them ("…, with Frontex leading the work")
                prev.clause = Clause(prev.clause.start, f.clause.end, text[prev.clause.start:f.clause.end], prev.clause.joined_by)
                continue
            if out and out[-1].kind is None and f.kind is not None and out[-1].agencies and f.clause.joined_by != ";" \
                    and id(out[-1]) not in alone:
                prev = out.pop()
                for org, role in prev.roles.items():
                    if org not in f.roles:
                        f.roles = {org: role, **f.roles}
                f.agencies = _unique([*prev.agencies, *f.agencies])
                f.subjects = f.subjects or prev.subjects
                f.date = f.date or prev.date
                f.clause = Clause(prev.clause.start, f.clause.end, text[prev.clause.start:f.clause.end], prev.clause.joined_by)
            out.append(f)
        return out

    def _attach(self, act: ActivityRecord, passage: Passage, f: _Found) -> None:
        act.add_evidence(Evidence.of(passage, f.clause.start, f.clause.end))
        known = {p.org for p in act.participants}
        act.participants += [p for p in self._participants(f.roles) if p.org not in known]
        if (act.type == "Support" or act.type is None) and f.kind:
            act.type = f.kind
        act.date = act.date or f.date
        act.end_date = act.end_date or f.end_date
        act.places = _unique([*act.places, *f.places])
        act.themes = _unique([*act.themes, *self.themes(passage)])

    def _names(self, act: ActivityRecord, text: str, mentions: list[Mention]) -> None:
        found = self.finder.find(text)
        patterned = find_instruments(text, self.finder)
        for ins in patterned:
            self.found_instruments.setdefault(ins.id, (ins.label, ins.kind))
        act.instruments = _unique([*(m.id for m in found if m.kind == "instrument"), *(i.id for i in patterned)])
        act.systems = _unique(m.id for m in found if m.kind == "system")

    def _opportunity(self, passage: Passage, mentions: list[Mention], context: list[Mention], year: int) -> OpportunityRecord | None:
        heading = _OPPORTUNITY_SECTIONS.findall(passage.section_path)[-1].lower()
        kind = {"priorities for": "priority", "conclusions of the heads": "conclusion"}.get(heading, "opportunity")
        status = status_of(passage.text, year)
        named = [m for m in (*mentions, *context)]
        if kind == "opportunity" and status in ("done", "ongoing") and not re.search(r"challeng|opportunit|gap", passage.text, re.I):
            return None
        if kind == "opportunity" and re.search(r"\bchalleng", passage.text, re.I) and status not in ("proposed", "planned"):
            kind = "challenge"
        if not named and kind == "opportunity" and status not in ("proposed", "planned"):
            return None
        found = self.finder.find(passage.text)
        patterned = find_instruments(passage.text, self.finder)
        for ins in patterned:
            self.found_instruments.setdefault(ins.id, (ins.label, ins.kind))
        orgs = _unique([m.id for m in named if m.kind in ("agency", "organisation", "network")])
        orgs = _unique([self.finder.unit_parent.get(o, o) for o in orgs] + orgs)
        return OpportunityRecord(
            kind=kind, passages=[passage], organisations=orgs, themes=self.themes(passage),
            instruments=_unique([*(m.id for m in found if m.kind == "instrument"), *(i.id for i in patterned)]),
            systems=_unique(m.id for m in found if m.kind == "system"),
        )


_STATUS_RANK = {"done": 0, "ongoing": 1, "planned": 2, "proposed": 3}
_ROLE_RANK = RANK
_STOP = {"with", "from", "that", "this", "their", "these", "which", "were", "have", "been", "also", "other", "agencies",
         "agency", "jointly", "continued", "joint", "meeting", "meetings", "organised", "activities", "activity",
         "cooperation", "support", "provided", "providing", "work", "working", "training", "annual", "data",
         "information", "member", "states", "national", "authorities", "european", "under", "within", "both"}


def _content_words(act: ActivityRecord) -> set[str]:
    words = set(re.findall(r"[a-z][a-z-]{3,}", " ".join(p.text for p in act.passages).lower()))
    return words - _STOP


def _same(a: ActivityRecord, b: ActivityRecord) -> bool:
    """The same activity told twice: same agencies, compatible type and date, and shared words."""
    if a.passages[0].section == b.passages[0].section:
        return False
    pa = {p.org for p in a.participants if p.kind != "organisation"}
    pb = {p.org for p in b.participants if p.kind != "organisation"}
    if pa != pb or len(pa) < 2:
        return False
    family = {_SUBCLASS.get(a.type, a.type), a.type} & {_SUBCLASS.get(b.type, b.type), b.type}
    if not family:
        return False
    if a.date and b.date:
        return a.date.startswith(b.date) or b.date.startswith(a.date)
    if "Support" in (a.type, b.type):
        return False  # too general to tell two tellings of one activity from two activities
    wa, wb = _words_near(a), _words_near(b)
    shared = wa & wb
    return len(shared) >= 3 and len(shared) / max(1, min(len(wa), len(wb))) >= 0.6


def _words_near(act: ActivityRecord) -> set[str]:
    return set(re.findall(r"[a-z][a-z-]{3,}", act.label.lower())) - _STOP


def _merge_same(activities: list[ActivityRecord]) -> list[ActivityRecord]:
    out: list[ActivityRecord] = []
    for act in activities:
        twin = next((o for o in out if _same(o, act)), None)
        if twin is None:
            out.append(act)
            continue
        for evidence in act.clauses():
            twin.add_evidence(evidence)
        if _SUBCLASS.get(act.type) == twin.type or twin.type == "Support":
            twin.type = act.type
        roles = {p.org: p for p in twin.participants}
        for p in act.participants:
            if p.org not in roles or _ROLE_RANK[p.role] < _ROLE_RANK[roles[p.org].role]:
                roles[p.org] = p
        twin.participants = list(roles.values())
        twin.status = min(twin.status, act.status, key=_STATUS_RANK.__getitem__)
        if act.date and (not twin.date or len(act.date) > len(twin.date)):
            twin.date, twin.end_date = act.date, act.end_date
        twin.themes = _unique([*twin.themes, *act.themes])
        twin.instruments = _unique([*twin.instruments, *act.instruments])
        twin.systems = _unique([*twin.systems, *act.systems])
        twin.places = _unique([*twin.places, *act.places])
    return out


def _promote_lead(act: ActivityRecord, subjects: list[str]) -> None:
    """One subject acting while the others only support or attend: the subject led it."""
    if any(p.role == "lead" for p in act.participants) or len(set(subjects)) != 1:
        return
    if any(p.role in ("supporter", "attendee") for p in act.participants):
        act.participants = [Participation(p.org, "lead", p.kind, p.inferred_from) if p.org == subjects[0] and p.role == "partner" else p
                            for p in act.participants]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _label(text: str, limit: int = 120) -> str:
    """A short label: the clause itself, cut at a word boundary."""
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
