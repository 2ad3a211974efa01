"""Article vectors for story clustering, built column by column for a whole dump.

An article's vector (see clustering.py) keeps its VECTOR_TERMS heaviest terms, a term weighing
(1 + log count) times its rarity (rarity.py), scaled to unit length; then only "shared" terms
are kept, since a term no one else has adds nothing to any similarity. A term is shared when
its counts summed over the dump's articles, plus its weights in the recent stories' vectors,
exceed 1 (MIN_SHARING). That is what grouping has always computed (`Counter.update` with a
term-count dict adds the counts), so a term repeated within one article also counts as shared;
kept as it was, since it decides which terms are block terms and so changes answers. It needs
every term's total over the dump, so the vectors are built in two passes over the stored term
counts, one shard at a time:

0. `DumpTerms.gather`: the dump's distinct terms, each term's rank in code point order and
   its rarity in each language it occurs in (rarity.py reads each word list once, for the
   terms of its language; `LanguageTerms` finds a batch's distinct (language, term) pairs).
1. `VectorBuilder.add`: each batch's terms found among the dump's at once (lookup.py), so
   that their rarities, ranks and totals are array reads; the heaviest terms and their
   unit-length weights, sorting and truncating for the whole batch at once (numpy). Only the
   kept terms are held, as ids of the dump's terms; the counts are summed per dump term.
2. `VectorBuilder.freeze`: the vocabulary and every kept term's id (one dictionary encoding of
   all the kept terms, in the order the batches held them), the kept terms' totals (and
   weights in recent stories).

`VectorBuilder.finish` then drops the unshared terms and returns compact arrays (CSR rows of
term ids and weights): about 500 bytes per article instead of Python dicts of strings.

The numbers are computed exactly as a per-article loop would: the same products, the norm
summed in the same order, so the vectors equal the straightforward ones bit for bit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.stories.lookup import StringIndex
from pipeline.stories.rarity import DumpRarity, WordLists

VECTOR_TERMS = 40
MIN_SHARING = 1  # a term stays in the vectors when its total count exceeds this
COMPACT_TERMS = 1 << 16  # pieces of a language's terms held before making them distinct
TABLE_SLACK = 4  # a table of one row per owner may hold this many cells per entry


@dataclass
class ArticleVectors:
    """Sparse unit vectors, one row per article (rows without terms are empty).

    Row r's entries are `terms[indptr[r]:indptr[r + 1]]` (ids into `vocabulary`) with their
    `weights`, heaviest first, ties by term.
    """

    indptr: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    vocabulary: pa.Array  # term strings; an id is an index into it

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The term ids and weights of one row."""
        start, end = self.indptr[index], self.indptr[index + 1]
        return self.terms[start:end], self.weights[start:end]

    def as_dict(self, index: int, scale: float = 1.0) -> dict[int, float]:
        """One row as {term id: weight} in row order (`scale` multiplies the weights)."""
        ids, weights = self.row(index)
        if scale != 1.0:
            weights = weights * scale
        return dict(zip(ids.tolist(), weights.tolist(), strict=True))


def log_counts(largest: int) -> np.ndarray:
    """1 + log(n) for n = 0 .. largest (index 0 unused), with Python's math.log."""
    return np.array([0.0, *(1 + math.log(n) for n in range(1, largest + 1))])


def string_ranks(strings: pa.Array) -> np.ndarray:
    """Each string's rank in code point order (UTF-8 byte order is the same order)."""
    ranks = np.empty(len(strings), dtype=np.int64)
    ranks[pc.array_sort_indices(strings).to_numpy()] = np.arange(len(strings))
    return ranks


@dataclass
class LanguageTerms:
    """A batch's distinct (language, term) pairs: the terms, in runs of one language."""

    terms: pa.Array
    runs: list[tuple[int, str | None]]  # (index of a run's first term, its language)
    inverse: np.ndarray  # for each entry of the batch, its pair's index in `terms`

    @classmethod
    def of(cls, dictionary: pa.Array, term_index: np.ndarray, languages: list[str | None],
           language_of: np.ndarray) -> LanguageTerms:
        """The distinct pairs of the entries (term index into `dictionary`, language code).

        Pairs are numbered language first, so each language's terms form one run; found by
        marking each pair code in an array (no sort).
        """
        pairs = language_of.astype(np.int64) * len(dictionary) + term_index
        seen = np.zeros(len(languages) * len(dictionary), dtype=bool)
        seen[pairs] = True
        distinct = np.flatnonzero(seen)
        inverse = (np.cumsum(seen) - 1)[pairs]
        codes = distinct // len(dictionary)
        starts = [0, *(np.flatnonzero(np.diff(codes)) + 1).tolist()] if len(distinct) else []
        return cls(dictionary.take(pa.array(distinct % len(dictionary))),
                   [(start, languages[codes[start]]) for start in starts], inverse)

    def by_language(self) -> Iterator[tuple[str | None, pa.Array]]:
        """Each language's terms."""
        ends = [start for start, _ in self.runs[1:]] + [len(self.terms)]
        for (start, language), end in zip(self.runs, ends, strict=True):
            yield language, self.terms.slice(start, end - start)


def batch_terms(terms: pa.MapArray, languages: list[str | None]) -> tuple[pa.DictionaryArray,
                                                                          np.ndarray,
                                                                          LanguageTerms]:
    """A batch's term keys dictionary-encoded, each entry's owner, and its LanguageTerms.

    `terms` is the articles' map array of term counts, `languages` the articles' languages.
    """
    encoded = terms.keys.dictionary_encode()
    owners = np.repeat(np.arange(len(languages)), np.diff(terms.offsets.to_numpy()))
    language_codes = {language: code for code, language in enumerate(dict.fromkeys(languages))}
    language_of = np.array([language_codes[x] for x in languages], dtype=np.int64)[owners]
    return encoded, owners, LanguageTerms.of(encoded.dictionary, encoded.indices.to_numpy(),
                                             list(language_codes), language_of)


def row_norms(weights: np.ndarray, owners: np.ndarray, positions: np.ndarray,
              rows: int) -> np.ndarray:
    """Each row's Euclidean norm, its squares summed left to right as Python's `sum` does."""
    squares = np.zeros((rows, VECTOR_TERMS))
    squares[owners, positions] = weights * weights
    total = squares[:, 0].copy()
    for column in range(1, VECTOR_TERMS):
        total += squares[:, column]  # adding 0.0 past a row's end changes nothing
    norms = np.sqrt(total)
    norms[norms == 0] = 1.0
    return norms


def owner_table(owners: np.ndarray, count: int) -> tuple[np.ndarray, int] | None:
    """Each entry's column in a table of one row per owner (`owners` sorted), and its width.

    None when the table would be much larger than the entries (one owner with very many).
    """
    starts = np.searchsorted(owners, np.arange(count))
    width = int(np.diff(np.append(starts, len(owners))).max()) if count else 0
    if count * width > TABLE_SLACK * len(owners) + (1 << 16):
        return None
    return np.arange(len(owners)) - starts[owners], width


def heaviest_per_owner(weight: np.ndarray, ranks: np.ndarray, owners: np.ndarray,
                       count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each owner's VECTOR_TERMS heaviest entries (ties broken by `ranks`), and their places.

    The positions come sorted by owner (`owners` must be sorted), then weight (heaviest
    first), then rank; a place is the entry's position in its owner's list. The weights are
    laid out one row per owner, and each row is partitioned to find its VECTOR_TERMS-th
    weight: only the entries at or above it can be among the heaviest, and only those (about
    a quarter) are sorted, each row on its own.
    """
    table = owner_table(owners, count)
    if table is None:
        order = np.lexsort((ranks, -weight, owners))
    else:
        column, width = table
        candidates = np.arange(len(owners))
        if width > VECTOR_TERMS:
            cells = np.full((count, width), np.inf)
            cells[owners, column] = -weight
            cuts = -np.partition(cells, VECTOR_TERMS - 1, axis=1)[:, VECTOR_TERMS - 1]
            candidates = np.flatnonzero(weight >= cuts[owners])
        order = sorted_in_rows(candidates, owners[candidates], -weight[candidates],
                               ranks[candidates], count)
    first = np.searchsorted(owners[order], np.arange(count))
    position = np.arange(len(order)) - first[owners[order]]
    keep = position < VECTOR_TERMS
    return order[keep], position[keep]


def sorted_in_rows(items: np.ndarray, owners: np.ndarray, key: np.ndarray, tie: np.ndarray,
                   count: int) -> np.ndarray:
    """`items` sorted by owner (given sorted), then `key`, then `tie`.

    Each owner's few items are laid out in a row of a table and the rows sorted at once:
    many short sorts, instead of one long sort by three keys.
    """
    column, width = owner_table(owners, count) or (None, 0)
    if column is None:
        return items[np.lexsort((tie, key, owners))]
    keys = np.full((count, width), np.inf)
    keys[owners, column] = key
    ties = np.zeros((count, width), dtype=tie.dtype)
    ties[owners, column] = tie
    places = np.full((count, width), -1, dtype=np.int64)
    places[owners, column] = items
    places = np.take_along_axis(places, np.lexsort((ties, keys), axis=1), axis=1)
    return places[places >= 0]


def heaviest_terms(ranks: np.ndarray, counts: np.ndarray, owners: np.ndarray,
                   rarities: np.ndarray, articles: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of each owner's VECTOR_TERMS heaviest entries, and their unit weights.

    `owners` numbers the articles 0 .. articles - 1, in order; `rarities` weigh the entries,
    `ranks` order their terms by string. The result is sorted by owner, then weight (heaviest
    first), then term (`heaviest_per_owner`).
    """
    weight = log_counts(int(counts.max()))[counts] * rarities
    kept, position = heaviest_per_owner(weight, ranks, owners, articles)
    kept_owners = owners[kept]
    norms = row_norms(weight[kept], kept_owners, position, articles)
    return kept, weight[kept] / norms[kept_owners]


def distinct_by_language(pieces: Iterable[tuple[str | None, pa.Array]]
                         ) -> dict[str | None, pa.Array]:
    """Each language's distinct terms among pieces of (language, terms), first seen first.

    A language's pieces are made distinct again whenever the new ones outgrow the distinct
    terms so far, so memory follows the distinct terms, not the number of pieces.
    """
    found: dict[str | None, list[pa.Array]] = {}
    pending: dict[str | None, int] = {}
    for language, words in pieces:
        held = found.setdefault(language, [])
        held.append(words)
        pending[language] = pending.get(language, 0) + len(words)
        if pending[language] > len(held[0]) + COMPACT_TERMS:
            found[language] = [pc.unique(pa.concat_arrays(held))]
            pending[language] = 0
    return {language: pc.unique(pa.concat_arrays(held)) for language, held in found.items()}


@dataclass
class DumpTerms:
    """Every distinct term of a dump's articles, from a first pass over the term counts.

    With each term's rank in code point order and its rarity in each language it occurs in
    (`pairs` are the sorted codes language * len(terms) + term, `rarities` theirs), so that
    building the vectors looks nothing up term by term: a batch's terms are found among these
    at once (lookup.py), and their ranks, rarities and totals are array reads. Most terms
    occur in one language only: each term's first language and rarity in it are also kept
    by term, and only the other pairs are searched for.
    """

    terms: pa.Array
    index: StringIndex
    ranks: np.ndarray
    languages: dict[str | None, int]
    pairs: np.ndarray
    rarities: np.ndarray
    first_language: np.ndarray = field(init=False)
    first_rarity: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        _, first = np.unique(self.pairs % max(len(self.terms), 1), return_index=True)
        self.first_language = self.pairs[first] // max(len(self.terms), 1)
        self.first_rarity = self.rarities[first]

    @classmethod
    def gather(cls, batches: Iterable[tuple[pa.MapArray, list[str | None]]],
               lists: WordLists | None = None) -> DumpTerms:
        """The terms of batches of (term counts, languages); rarities from rarity.py.

        `lists` may be reading the word lists already.
        """
        return cls.of_language_terms(
            (piece for terms, languages in batches if len(terms.keys)
             for piece in batch_terms(terms, languages)[2].by_language()), lists)

    @classmethod
    def of_language_terms(cls, pieces: Iterable[tuple[str | None, pa.Array]],
                          lists: WordLists | None = None) -> DumpTerms:
        """The terms of pieces of (language, terms), such as each shard's (STORY_TERMS)."""
        return cls.of_distinct_terms(distinct_by_language(pieces), lists)

    @classmethod
    def of_distinct_terms(cls, by_language: dict[str | None, pa.Array],
                          lists: WordLists | None = None) -> DumpTerms:
        """The terms of each language (each language's distinct)."""
        rarity = DumpRarity.of(by_language, lists)
        encoded = pc.dictionary_encode(pa.concat_arrays([pa.array([], pa.string()),
                                                         *by_language.values()]))
        terms = encoded.dictionary
        sizes = [len(words) for words in by_language.values()]
        pairs = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes) * len(terms) + \
            encoded.indices.to_numpy()
        rarities = np.concatenate([np.zeros(0), *(rarity.term_rarities(words, [(0, language)])
                                                  for language, words in by_language.items())])
        order = np.argsort(pairs)
        return cls(terms, StringIndex.of(terms), string_ranks(terms),
                   {language: code for code, language in enumerate(by_language)},
                   pairs[order], rarities[order])

    def rarities_of(self, terms: np.ndarray, languages: np.ndarray) -> np.ndarray:
        """The rarity of each (term id, language code); every pair must be one gathered."""
        rarities = self.first_rarity[terms]
        other = np.flatnonzero(self.first_language[terms] != languages)
        rarities[other] = self.rarities[np.searchsorted(
            self.pairs, languages[other] * len(self.terms) + terms[other])]
        return rarities


@dataclass
class BatchVectors:
    """A weighed batch (`VectorBuilder.weigh`): its chunk of entries, its term counts."""

    chunk: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    totals: np.ndarray


@dataclass
class VectorBuilder:
    """Builds the vectors of `rows` articles from batches of term counts (module docstring)."""

    rows: int
    dump: DumpTerms  # every term the batches hold
    # Per batch: rows, index into the batch's kept terms, weights, those terms' dump ids.
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=list)
    totals: np.ndarray | None = None  # each dump term's counts summed
    vocabulary: pa.Array | None = None
    chunk_ids: list[np.ndarray] = field(default_factory=list)  # each chunk's terms' ids
    earlier_ids: np.ndarray | None = None  # the ids of `freeze`'s earlier terms
    sharing: np.ndarray | None = None

    def add(self, rows: np.ndarray, terms: pa.Array, languages: list[str | None]) -> None:
        """Keep the heaviest terms of articles `rows` and add up all their term counts.

        `terms` is the articles' map array of term counts. The kept terms are held as small
        integers into the batch's own list of kept terms (in the order the batch has them).
        """
        self.append(self.weigh(rows, terms, languages))

    def weigh(self, rows: np.ndarray, terms: pa.Array,
              languages: list[str | None]) -> BatchVectors | None:
        """`add`'s work on a batch, whose result `append` keeps.

        It reads the builder and never changes it, so batches can be weighed side by side
        (and appended in order).
        """
        if not len(rows) or not len(terms.keys):
            return None
        encoded, counts = terms.keys.dictionary_encode(), terms.items.to_numpy()
        ids = self.dump.index.find(encoded.dictionary)
        index = encoded.indices.to_numpy()
        term = ids[index]
        owners = np.repeat(np.arange(len(rows)), np.diff(terms.offsets.to_numpy()))
        language = np.array([self.dump.languages[x] for x in languages], dtype=np.int64)
        rarities = self.dump.rarities_of(term, language[owners])
        kept, weights = heaviest_terms(self.dump.ranks[term], counts, owners, rarities,
                                       len(rows))
        # The kept terms, in the batch's order, marked rather than sorted (np.unique's answer).
        marked = np.zeros(len(ids), dtype=bool)
        marked[index[kept]] = True
        local = (np.cumsum(marked) - 1)[index[kept]]
        return BatchVectors((rows[owners[kept]].astype(np.int32), local.astype(np.int32),
                             weights, ids[np.flatnonzero(marked)]),
                            np.bincount(term, weights=counts, minlength=len(self.dump.terms)))

    def append(self, batch: BatchVectors | None) -> None:
        """Keep a weighed batch's entries and add its term counts (batches in order)."""
        if batch is None:
            return
        self.chunks.append(batch.chunk)
        self.totals = batch.totals if self.totals is None else self.totals + batch.totals

    def freeze(self, earlier_terms: Sequence[str] = (),
               earlier_weights: Sequence[float] = ()) -> None:
        """Fix the vocabulary and each vocabulary term's total.

        The vocabulary is every kept term and the recent stories' terms; the totals add the
        dump's counts and the recent stories' weights.
        """
        # One hash pass gives the vocabulary (distinct terms in order of first occurrence, as
        # `unique` would) and every chunk's term ids.
        lists = [self.dump.terms.take(pa.array(ids)) for *_, ids in self.chunks] + \
            [pa.array(earlier_terms, pa.string())]
        encoded = pc.dictionary_encode(pa.concat_arrays(lists))
        self.vocabulary = encoded.dictionary
        ids = encoded.indices.to_numpy().astype(np.int32)
        bounds = np.cumsum([0, *(len(terms) for terms in lists)]).tolist()
        self.chunk_ids = [ids[start:end] for start, end in itertools.pairwise(bounds)]
        self.earlier_ids = self.chunk_ids.pop()
        self.sharing = np.zeros(len(self.vocabulary))
        if self.totals is not None:
            dump_ids = self.dump_ids()
            known = dump_ids >= 0
            self.sharing[known] = self.totals[dump_ids[known]]
        np.add.at(self.sharing, self.earlier_ids, np.asarray(earlier_weights, dtype=np.float64))

    def dump_ids(self) -> np.ndarray:
        """Each vocabulary term's id among the dump's terms (-1 for an earlier story's only)."""
        found = np.full(len(self.vocabulary), -1, dtype=np.int64)
        for (*_, ids), vocabulary_ids in zip(self.chunks, self.chunk_ids, strict=True):
            found[vocabulary_ids] = ids
        others = np.flatnonzero(found < 0)
        found[others] = self.dump.index.find(self.vocabulary.take(pa.array(others)))
        return found

    def finish(self) -> ArticleVectors:
        """The vectors, unshared terms dropped, rows in order."""
        kept = [self.shared_entries(rows, ids[local], weights) for (rows, local, weights, _), ids
                in zip(self.chunks, self.chunk_ids, strict=True)]
        self.chunks, self.chunk_ids = [], []
        rows = np.concatenate([np.zeros(0, np.int32), *(rows for rows, _, _ in kept)])
        order = np.argsort(rows, kind="stable")
        indptr = np.zeros(self.rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=self.rows), out=indptr[1:])
        ids = np.concatenate([np.zeros(0, np.int32), *(ids for _, ids, _ in kept)])
        weights = np.concatenate([np.zeros(0), *(weights for _, _, weights in kept)])
        return ArticleVectors(indptr, ids[order], weights[order], self.vocabulary)

    def shared_entries(self, rows: np.ndarray, ids: np.ndarray,
                       weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A batch's kept entries (their vocabulary ids) whose term is shared."""
        shared = self.sharing[ids] > MIN_SHARING
        return rows[shared], ids[shared], weights[shared]
