"""A sentence → clauses, each a candidate activity.

Reports pack several activities into one sentence ("CEPOL and FRA cooperated in eight webinars
…, and together with EIGE updated an online training manual …"; "Europol organised a joint
seminar …, while CEPOL organised with ESDC courses …"). Clauses are cut at semicolons, at
", while", and at ", and" / " and" when what follows starts a new actor, a new verb or a new
activity noun. Offsets stay those of the passage text, so quotes remain verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.records import Mention

__all__ = ["ACTIVITY_NOUNS", "INTRO", "Clause", "split_clauses"]

# Nouns that name an activity; used to decide where a new activity starts.
ACTIVITY_NOUNS = (
    r"webinars?|online (?:training )?modules?|e-learning(?: modules?)?|courses?|trainings?|workshops?|seminars?|"
    r"conferences?|meetings?|memorand(?:um|a) of understanding|MoUs?|cooperation plans?|joint action plans?|"
    r"letters? of understanding|placement agreements?|agreements?|reports?|publications?|papers?|handbooks?|"
    r"manuals?|booklets?|guides?|videos?|toolbox|tools?|projects?|studies|study|surveys?|roundtables?|"
    r"joint action days?|JADs?|operations?|exercises?|sessions?|web page|notifications?|risk assessments?|"
    r"threat assessments?"
)
_PAST_VERBS = (
    r"signed|concluded|organi[sz]ed|launched|published|held|hosted|presented|developed|updated|prepared|"
    r"provided|delivered|co-led|led|supported|participated|contributed|set up|put in place|agreed|issued|"
    r"produced|submitted|carried out|implemented|released|finalised|started|initiated|coordinated"
)


_AND_VERB = re.compile(rf"(?:also\s+)?(?:{_PAST_VERBS})\b")
_AND_NOUN = re.compile(rf"(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?(?:{ACTIVITY_NOUNS})\b", re.IGNORECASE)
_AND_NOUN_VERB = re.compile(
    rf"(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?(?:{ACTIVITY_NOUNS})\b(?:\s+[\w-]+){{0,6}}?\s+(?:is|are|was|were|has|have)\b",
    re.IGNORECASE,
)
_RUN_VERB = re.compile(
    rf"\s+(?:also\s+|all\s+|both\s+|have\s+|has\s+)?(?:is|are|was|were|has|have|had|will|all have|(?:{_PAST_VERBS}))\b"
)


_FINITE = re.compile(rf"\b(?:is|are|was|were|has|have|had|(?:{_PAST_VERBS})|[a-z]+(?:ises|izes|ates|ects|ops|ers|ucts|ides|ains|ports))\b")


# An adverbial opening ("Taking into consideration …", "Given …", "In line with …"): it introduces the clause after it
INTRO = re.compile(r"\s*(?:[A-Z][a-z]+ing\b|Given\b|In view of\b|In line with\b|Following\b|Due to\b|As a result of\b|"
                   r"Thanks to\b|In the (?:light|context|framework) of\b|With a view to\b|Building on\b)")
# what an object starts with after a verb of a list ("prepared nine reports", "developed an e-learning module")
_OBJECT_START = (r"(?:a|an|the|its|their|several|various|two|three|four|five|six|seven|eight|nine|ten|\d+|new|joint|"
                 r"jointly|also|further|additional)\b")


@dataclass
class Clause:
    """A span of a passage's text: [start, end) offsets into the passage, and its text."""

    start: int
    end: int
    text: str
    joined_by: str = ""  # the separator before it (", and", ";" ...), "" for the first


def _boundaries(text: str, mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """(cut start, next clause start, separator) candidates."""
    starts = {m.start for m in mentions if m.kind in ("agency", "network", "backref")}
    cuts: list[tuple[int, int, str]] = []
    depth = 0
    depth_at = []
    for ch in text:
        depth_at.append(depth)
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    def outside(i: int) -> bool:
        return i < len(depth_at) and depth_at[i] == 0

    for m in re.finditer(r";\s+(?:and\s+)?", text):
        if outside(m.start()):
            cuts.append((m.start(), m.end(), ";"))
    for m in re.finditer(r",\s+(?:while|whereas)\s+", text):
        if outside(m.start()):
            cuts.append((m.start(), m.end(), "while"))
    for m in re.finditer(r",\s+one of which (?:was|is|were)\s+", text):
        cuts.append((m.start(), m.end(), "one of which"))
    for m in re.finditer(r",\s+and\s+", text):
        if not outside(m.start()):
            continue
        rest = text[m.end():]
        if (m.end() in starts or (text[m.end():m.end() + 4].lower() == "the " and m.end() + 4 in starts)
                or re.match(r"(?:together with|in (?:close )?cooperation with|with the support of)\b", rest)
                or _AND_VERB.match(rest)
                or _AND_NOUN.match(rest)):
            cuts.append((m.start(), m.end(), "and"))
    # "… issued 39 notifications, prepared nine joint reports and submitted nine risk assessments to …": a list of
    # verbs sharing one subject, each with its own object, is a list of activities (the subject carries over)
    for m in re.finditer(rf"(?:,\s+|\s+and\s+)(?=(?:also\s+)?(?:{_PAST_VERBS})\s+{_OBJECT_START})", text):
        if not outside(m.start()) or any(s <= m.start() < e or s == m.start() for s, e, _ in cuts):
            continue
        seg_start = max([e for _, e, _k in cuts if e <= m.start()], default=0)
        before = text[seg_start:m.start()]
        head = re.search(rf"\b(?:{_PAST_VERBS})\s+(?:[\w()'’-]+\s+){{1,}}?[\w()'’-]+$", before)
        last_word = before.rsplit(None, 1)[-1] if before.split() else ""
        if head and not re.fullmatch(rf"(?:{_PAST_VERBS})", last_word) and not re.search(r"\b(?:which|that|who)\b", before[head.start():]):
            cuts.append((m.start(), m.end(), "and"))
    for m in re.finditer(r"\s+and\s+(?=(?:a|an)\s+)", text):
        rest = text[m.end():]
        if outside(m.start()) and _AND_NOUN_VERB.match(rest) and not any(s <= m.start() < e for s, e, _ in cuts):
            cuts.append((m.start(), m.end(), "and"))
    for m in re.finditer(r",\s+with\s+(?=[\w-]+(?:(?:,\s*|\s+and\s+)[\w-]+){0,4}\s+\w+ing\b)", text):
        if m.end() in starts and outside(m.start()):
            cuts.append((m.start(), m.end(), "with"))
    # ", Europol and the EMCDDA are revising …" / "… training and CEPOL organised …": a new subject and verb
    ends = {m.end for m in mentions}
    ordered = sorted((m for m in mentions if m.kind in ("agency", "network", "backref", "organisation")), key=lambda m: m.start)
    for i, name in enumerate(ordered):
        sep = re.search(r"(?:,\s+and\s+|,\s+|\s+and\s+)(?:the\s+)?$", text[:name.start])
        if not sep or not outside(sep.start()) or any(e >= sep.start() - 1 and e <= sep.start() for e in ends):
            continue
        if any(s <= sep.start() < e for s, e, _ in cuts):
            continue
        seg_start = max([e for _, e, _k in cuts if e <= sep.start()], default=0)
        if not any(seg_start <= o.start < sep.start() for o in ordered):
            continue  # "In March 2017, Europol published …": an introduction, not a clause
        j, end = i, name.end
        while j + 1 < len(ordered) and re.fullmatch(r"\s*(?:,|and|,\s*and)?\s*(?:the\s+)?", text[end:ordered[j + 1].start]):
            j += 1
            end = ordered[j].end
        if _RUN_VERB.match(text[end:]):
            cuts.append((sep.start(), sep.end(), "and" if "and" in sep.group() else ","))
    # "eu-LISA organises roundtable events … and broader representation at these events could be beneficial":
    # after a clause with its own actor and verb, "and" + a new subject whose verb is a modal is a proposal
    # beside a fact, a clause of its own
    for m in re.finditer(r"\s+and\s+(?=(?:[\w'’-]+\s+){1,8}?(?:could|should|would|might|may)\s)", text):
        if not outside(m.start()) or any(s <= m.start() < e for s, e, _ in cuts):
            continue
        seg_start = max([e for _, e, _k in cuts if e <= m.start()], default=0)
        before = text[seg_start:m.start()]
        if any(seg_start <= o.start < m.start() for o in ordered) and _FINITE.search(before):
            cuts.append((m.start(), m.end(), "and"))
    # a full stop lost in the conversion: "… in 2018 The deployment of …"
    for m in re.finditer(r"(?<=[a-z0-9)])\s+(?=The [a-z])", text):
        cuts.append((m.start(), m.end(), "."))
    return sorted(set(cuts))


def split_clauses(text: str, mentions: list[Mention]) -> list[Clause]:
    """Clauses of a sentence, in order; a sentence without cut points is one clause."""
    clauses: list[Clause] = []
    pos = 0
    sep = ""
    for cut_start, cut_end, kind in _boundaries(text, mentions):
        if cut_start < pos:
            continue
        clauses.append(Clause(pos, cut_start, text[pos:cut_start], sep))
        pos, sep = cut_end, kind
    clauses.append(Clause(pos, len(text), text[pos:], sep))
    return [c for c in clauses if c.text.strip()]
