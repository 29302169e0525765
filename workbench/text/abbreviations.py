"""Word lists the sentence splitter consults before it ends a sentence at a full stop.

Three kinds of abbreviation behave differently at a full stop followed by a capital:

* titles (``Mr.``, ``Gen.``, ``Lt. Col.``) always precede a name, so they never end a sentence;
* numbering words (``No. 5``, ``Fig. 2``) never end one when a number follows;
* everything else (``Inc.``, ``Jan.``, ``U.S.``, ``p.m.``) may end a sentence, and does when the next
  word is one that typically opens a sentence (``The``, ``He``, ``But``...).
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


TITLES: frozenset[str] = words(
    """
    mr mrs ms messrs mme mlle dr prof gen lt col maj capt cmdr cmdt adm sgt cpl pvt brig lieut
    gov sen rep reps sens rev fr hon pres supt insp det amb atty ald cllr rt
    st mt ft ste
    """
)

NUMBERING: frozenset[str] = words("no nos fig figs art arts vol vols pp p sec ch para op nr")

OTHER: frozenset[str] = words(
    """
    inc ltd corp co cos bros plc llc lp ag sa nv
    vs v approx est dept univ assn ave blvd rd hwy
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nev okla ore pa penn tenn tex va vt wash wis wisc wyo
    jr sr esq cf al ed eds min max mln bln bn dlrs pct tel
    """
)

STARTERS: frozenset[str] = words(
    """
    The A An It Its He She They We I You His Her Their Our This That These Those There Here
    But And Or So Yet Still However Meanwhile Also Then Now In On At As After Before When While If
    What Who Why How Where Some Many Most Officials Police Authorities
    """
)
