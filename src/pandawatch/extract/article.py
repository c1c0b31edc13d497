"""An article cut into sentences, each with what cheap scanning finds in it (before any parser runs)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span

from ..model import Institution
from ..resolve.countries import Gazetteer, Mention
from ..resolve.dates import DateMention, Offset, find_dates, find_offsets
from .components.cues import has_trigger_word, load_lexicon
from .components.names import NameHit, RegistryNames
from .nlp import split_sentences


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]  # article offsets
    pandas: list[NameHit]  # article offsets
    institutions: list[tuple[NameHit, Institution]]
    dates: list[DateMention]  # sentence offsets
    offsets: list[Offset]  # sentence offsets
    panda_words: bool
    parsed: Span | None = None

    @property
    def panda_context(self) -> bool:
        return self.panda_words or bool(self.pandas)

    def countries(self, exclude: set[str] = frozenset()) -> list[str]:
        codes: list[str] = []
        for mention in sorted(self.mentions, key=lambda item: item.start):
            if mention.code not in codes and mention.code not in exclude:
                codes.append(mention.code)
        return codes


@dataclass
class Article:
    id: str
    text: str
    published: dt.date | None
    sentences: list[Sentence] = field(default_factory=list)

    def host_counts(self) -> Counter:
        """Countries outside China named in the article's panda sentences (institutions count double)."""
        counts: Counter = Counter()
        for sentence in self.sentences:
            if sentence.panda_context:
                counts.update(code for code in sentence.countries({"CHN"}))
            counts.update(place.country for _, place in sentence.institutions if place.country != "CHN")
            counts.update(place.country for _, place in sentence.institutions if place.country != "CHN")
        return counts

    def counterpart(self, source: str | None) -> str | None:
        """The country an actor deals with most in this article."""
        counts: Counter = Counter()
        for sentence in self.sentences:
            codes = sentence.countries()  # in text order: a tie goes to the country named first, whatever the
            if source in codes:           # hash seed (a set here made the target depend on it)
                counts.update(code for code in codes if code != source)
        if not counts:
            return None
        if source != "CHN" and "CHN" in counts:
            return "CHN"
        return counts.most_common(1)[0][0]


def scan(article_id: str, text: str, published: dt.date | None, gazetteer: Gazetteer,
         names: RegistryNames) -> Article:
    """Cut the text into sentences and find, in each, countries, pandas, institutions and dates."""
    lexicon = load_lexicon()
    article = Article(article_id, text, published)
    for index, (start, end) in enumerate(split_sentences(text)):
        chunk = text[start:end]
        mentions = [_moved(mention, start) for mention in gazetteer.find(chunk)]
        pandas = [NameHit(hit.start + start, hit.end + start, hit.text) for hit in names.pandas_in(chunk)]
        places = [(NameHit(hit.start + start, hit.end + start, hit.text), place) for hit, place in names.institutions_in(chunk)]
        lowered = _RED_PANDA.sub(" ", chunk.lower())  # a red panda (or its cub) is another animal
        panda_words = any(word in lowered for word in lexicon.panda_words)
        article.sentences.append(Sentence(index, start, end, chunk, mentions, pandas, places,
                                          find_dates(chunk), find_offsets(chunk), panda_words))
    return article


def _moved(mention: Mention, offset: int) -> Mention:
    return Mention(mention.start + offset, mention.end + offset, mention.text, mention.code, mention.kind)


_WORD = re.compile(r"[\w’'-]+")
_RED_PANDA = re.compile(r"\bred[- ]panda(?:s|'s|’s)?(?: cubs?)?\b")


def worth_parsing(sentence: Sentence, article_has_pandas: bool, people: frozenset[str] = frozenset()) -> bool:
    """Only sentences that can hold an event go to the parser: a cue word and an actor (a country, or a person
    the article named in full before: "Albanese thanked Xi"), or in a panda article a panda, a word that
    refers back to pandas ("the pair") or a loan word ("the deal was extended")."""
    if not has_trigger_word(sentence.text):
        return False
    if sentence.panda_context or sentence.mentions:
        return True
    words = set(_WORD.findall(sentence.text))
    if words & people:
        return True
    lexicon = load_lexicon()
    lowered = {word.lower() for word in words}
    return article_has_pandas and bool(lowered & (lexicon.plural_anaphors | lexicon.loan_words))
