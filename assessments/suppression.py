"""Complementary suppression of breakdown cells: the method the breakdown page states.

A breakdown row (one matrix item, or one ranking question) splits the statewide figure
into cells, one per role or agency group. Each cell counts the answers of a set of units,
a unit being the respondents of one agency in one role. The method:

1. Primary: a cell built from fewer than 3 respondents, or from fewer than 3 agencies,
   is suppressed.
2. Complementary: while a suppressed cell, or the answers of any set of fewer than 3
   respondents or fewer than 3 agencies, can be derived by adding and subtracting the
   figures shown (the statewide figure, the shown cells of the row and, for agency
   groups, the shown cells of the role table), the next-smallest shown cell of the row is
   suppressed too. So a dimension with two groups loses both, and 21 leaders beside one
   data officer are not shown either.

"Can be derived" is tested exactly: a set's count is a sum and difference of shown
figures when its indicator vector lies in their span (over the rationals, which includes
every subtraction). Only sets built from whole atoms (units that every shown figure
treats alike) can be in that span, so only those are tried.
"""

from fractions import Fraction

SUPPRESS_BELOW = 3

# Stated on the breakdown page and in its exports.
METHOD = (
    "A cell built from fewer than 3 respondents or fewer than 3 agencies is suppressed. "
    "Then, while a suppressed cell, or the answers of fewer than 3 respondents or of fewer "
    "than 3 agencies, could be worked out by adding or subtracting the figures shown (the "
    "statewide results included, and the role table when breaking down by agency group), "
    "the next-smallest cell of the same row is suppressed too: a breakdown with two groups "
    "loses both. A ranking question's column is shown or suppressed whole. The statewide "
    "results are never suppressed."
)

Unit = tuple[int, str]  # (agency id, role)


def respondents(cell, counts) -> int:
    return sum(counts[u] for u in cell)


def agencies(cell) -> int:
    return len({agency for agency, _role in cell})


def too_small(cell, counts) -> bool:
    """A non-empty set of fewer than 3 respondents or fewer than 3 agencies."""
    return bool(cell) and (
        respondents(cell, counts) < SUPPRESS_BELOW or agencies(cell) < SUPPRESS_BELOW
    )


def suppressed(counts, cells, published=(), hidden_elsewhere=()) -> set[int]:
    """The indexes of `cells` to suppress in one row.

    counts: {unit: respondents} of the units with answers in this row (the statewide
    figure counts them all). cells: one frozenset of units per column. published: sets
    shown elsewhere (the role table's shown cells, for the group table); hidden_elsewhere:
    sets suppressed elsewhere, which must stay hidden.
    """
    hidden = {i for i, cell in enumerate(cells) if not cell or too_small(cell, counts)}
    while True:
        shown = [cells[i] for i in range(len(cells)) if i not in hidden]
        secret = [cells[i] for i in sorted(hidden)] + list(hidden_elsewhere)
        if not leaks(counts, shown + list(published), secret):
            return hidden
        rest = [i for i in range(len(cells)) if i not in hidden]
        if not rest:
            return hidden
        hidden.add(min(rest, key=lambda i: (respondents(cells[i], counts), i)))


def leaks(counts, shown, secret) -> bool:
    """True when a secret set, or a set too small to show, is derivable from the
    statewide figure and the shown sets. A set equal to the statewide one is public."""
    everyone = frozenset(counts)
    figures = [everyone, *(frozenset(s) for s in shown)]
    atoms = _atoms(everyone, figures)
    basis = _Basis([_vector(atoms, f) for f in figures])
    for cell in secret:
        cell = frozenset(cell) & everyone
        if not cell or cell == everyone:
            continue
        vector = _vector(atoms, cell)
        if vector is not None and basis.spans(vector):
            return True
    for chosen in _small_unions(atoms, counts):
        union = frozenset().union(*chosen)
        if union != everyone and basis.spans(_vector(atoms, union)):
            return True
    return False


def _atoms(everyone, figures):
    """Units grouped by the figures that include them: every derivable set is a union."""
    by_pattern = {}
    for unit in everyone:
        key = tuple(unit in f for f in figures)
        by_pattern.setdefault(key, set()).add(unit)
    return [frozenset(units) for _key, units in sorted(by_pattern.items())]


def _vector(atoms, cell):
    """The set as 0/1 per atom, or None when it cuts an atom (then it is not derivable)."""
    out = []
    for atom in atoms:
        inside = atom & cell
        if inside and inside != atom:
            return None
        out.append(1 if inside else 0)
    return out


def _small_unions(atoms, counts):
    """Every union of atoms with fewer than 3 respondents or fewer than 3 agencies.

    Adding an atom never makes a set smaller, so a branch stops once it has 3 of each.
    """
    sized = [(atom, respondents(atom, counts), {a for a, _r in atom}) for atom in atoms]

    def grow(start, chosen, people, agency_ids):
        for i in range(start, len(sized)):
            atom, n, ids = sized[i]
            total, joined = people + n, agency_ids | ids
            if total < SUPPRESS_BELOW or len(joined) < SUPPRESS_BELOW:
                yield [*chosen, atom]
                yield from grow(i + 1, [*chosen, atom], total, joined)

    yield from grow(0, [], 0, set())


class _Basis:
    """Row echelon basis of the shown figures' vectors, to test membership of a span."""

    def __init__(self, vectors):
        self.rows = []  # (pivot column, row)
        for vector in vectors:
            self._add([Fraction(x) for x in vector])

    def _reduce(self, row):
        for pivot, basis_row in self.rows:
            if row[pivot]:
                factor = row[pivot] / basis_row[pivot]
                row = [a - factor * b for a, b in zip(row, basis_row, strict=True)]
        return row

    def _add(self, row):
        row = self._reduce(row)
        pivot = next((i for i, x in enumerate(row) if x), None)
        if pivot is not None:
            self.rows.append((pivot, row))

    def spans(self, vector) -> bool:
        return not any(self._reduce([Fraction(x) for x in vector]))
