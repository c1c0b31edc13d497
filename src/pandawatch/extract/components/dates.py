"""Which date expression of a sentence belongs to which trigger: the one the parse attaches to it."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...resolve.dates import DateMention


def token_at(sent: Span, char: int) -> Token | None:
    """The token that starts at or covers a sentence-relative character offset."""
    for token in sent:
        if token.idx <= char < token.idx + len(token) or token.idx >= char:
            return token
    return None


def governing_trigger(token: Token, triggers: set[int]) -> int | None:
    """The nearest trigger above ``token`` in the parse (the token itself included)."""
    current = token
    for _ in range(12):
        if current.i in triggers:
            return current.i
        if current.head.i == current.i:
            return None
        current = current.head
    return None


_PRECISION = {"year": 0, "month": 1, "day": 2}


def attach_dates(sent: Span, mentions: list[DateMention], triggers: list[int]) -> dict[int, DateMention]:
    """Each trigger's date mention: the one the parse hangs under it, else the nearest unclaimed one."""
    chosen: dict[int, DateMention] = {}
    free: list[tuple[int, DateMention]] = []
    trigger_set = set(triggers)
    for mention in mentions:
        token = token_at(sent, mention.start)
        if token is None:
            continue
        owner = governing_trigger(token, trigger_set)
        if owner is None:
            free.append((token.i, mention))
        elif owner not in chosen:
            chosen[owner] = mention
    for trigger in triggers:
        if trigger not in chosen and free:
            position, mention = min(free, key=lambda item: abs(item[0] - trigger))
            chosen[trigger] = mention
    return chosen
