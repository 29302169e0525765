"""ClaimReview JSON-LD (schema.org) for reviewed claims, checked against Google's documented fields.

Output is one JSON array of ClaimReview objects, each with its own ``@context``, streamed one
object at a time; it can be pasted into ``<script type="application/ld+json">`` as is (``<``,
``>`` and ``&`` are written as ``\\u003c``... so text cannot close the script element).

Each object is validated before it is written. A claim missing a property Google marks REQUIRED
(``claimReviewed``, ``reviewRating.alternateName``, ``url``) is left out; missing RECOMMENDED
properties are written but reported. Both come back in ``ExportResult.problems``, one entry per
claim, so nothing incomplete is emitted silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TextIO
from urllib.parse import urlsplit

from .jsonl import dumps
from .model import ClaimProblem, ExportResult, Organisation, RatingScale, Report, ReportClaim
from .safe import encode_url, safe_url

CONTEXT = "https://schema.org"
CLAIMREVIEWED_ADVISED_MAX = 75
"""Google: "Try to keep this less than 75 characters"."""


def _url(value: str | None) -> str | None:
    target = safe_url(value)
    return encode_url(target) if target else None


def _drop_none(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in (None, "", [], {})}


def _text(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def claimreview_for(
    claim: ReportClaim, scale: RatingScale, organisation: Organisation | None
) -> dict[str, Any]:
    """The ClaimReview for one claim; properties without a value are left out, not invented."""
    doc = claim.document
    rating: dict[str, Any] = {"@type": "Rating"}
    if claim.verdict is not None:
        rating["alternateName"] = claim.verdict.name
        rating["name"] = claim.verdict.name
        if scale.numeric and claim.verdict.value is not None:
            rating |= {
                "ratingValue": claim.verdict.value,
                "bestRating": scale.best,
                "worstRating": scale.worst,
            }
    elif claim.conclusion:
        rating["alternateName"] = _text(claim.conclusion)
    if claim.rationale and len(rating) > 1:
        rating["ratingExplanation"] = _text(claim.rationale)
    if claim.speaker:
        claim_author: dict[str, Any] | None = {"@type": claim.speaker_kind or "Person", "name": claim.speaker}
    elif doc.outlet:
        claim_author = {"@type": "Organization", "name": doc.outlet}
    else:
        claim_author = None
    appearance = _drop_none(
        {
            "@type": "CreativeWork",
            "url": _url(doc.url_or_source),
            "headline": _text(doc.title),
            "datePublished": doc.published,
            "publisher": {"@type": "Organization", "name": doc.outlet} if doc.outlet else None,
        }
    )
    first = None
    if doc.first_url and _url(doc.first_url):
        first = _drop_none(
            {"@type": "CreativeWork", "url": _url(doc.first_url), "datePublished": doc.first_published}
        )
    item = _drop_none(
        {
            "@type": "Claim",
            "author": claim_author,
            "datePublished": doc.published,
            "appearance": [appearance] if len(appearance) > 1 else None,
            "firstAppearance": first,
        }
    )
    author = None
    if organisation is not None:
        author = _drop_none(
            {"@type": "Organization", "name": organisation.name, "url": _url(organisation.url)}
        )
    return _drop_none(
        {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "url": _url(claim.review_url),
            "claimReviewed": _text(claim.summary or claim.text),
            "datePublished": claim.reviewed_at,
            "author": author,
            "reviewRating": rating if len(rating) > 1 else None,
            "itemReviewed": item,
        }
    )


# --- validation -------------------------------------------------------------------------------------


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_date(v: object) -> bool:
    if not isinstance(v, str) or not v:
        return False
    try:
        datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        try:
            date.fromisoformat(v)
        except ValueError:
            return False
    return True


def _has_name(v: object, types: tuple[str, ...]) -> bool:
    return isinstance(v, Mapping) and v.get("@type") in types and bool(v.get("name"))


def validate_claimreview(obj: Mapping[str, Any], *, numeric_scale: bool | None = None) -> list[str]:
    """Problems with one ClaimReview, each ``"error: ..."`` (Google REQUIRED) or ``"warning: ..."``.

    ``numeric_scale=True`` makes missing rating numbers a warning; ``None`` only checks that rating
    numbers, when present, come as a consistent triple.
    """
    errors: list[str] = []
    warnings: list[str] = []
    context = obj.get("@context")
    if not (isinstance(context, str) and context.rstrip("/") in ("https://schema.org", "http://schema.org")):
        errors.append("@context is not https://schema.org")
    if obj.get("@type") != "ClaimReview":
        errors.append("@type is not ClaimReview")
    reviewed = obj.get("claimReviewed")
    if not isinstance(reviewed, str) or not reviewed.strip():
        errors.append("missing claimReviewed (required)")
    elif len(reviewed) > CLAIMREVIEWED_ADVISED_MAX:
        warnings.append(
            f"claimReviewed is {len(reviewed)} characters; Google advises under {CLAIMREVIEWED_ADVISED_MAX}"
        )
    url = obj.get("url")
    if not isinstance(url, str) or safe_url(url) is None:
        errors.append("missing url (required: the http(s) address of the published review)")
    rating = obj.get("reviewRating")
    if not isinstance(rating, Mapping) or rating.get("@type") != "Rating":
        errors.append("missing reviewRating (required: a Rating)")
    else:
        alt = rating.get("alternateName")
        if not isinstance(alt, str) or not alt.strip():
            errors.append("missing reviewRating.alternateName (required: the textual verdict)")
        numbers = {k: rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")}
        present = {k: v for k, v in numbers.items() if v is not None}
        if present or numeric_scale:
            for k, v in numbers.items():
                if v is None:
                    warnings.append(f"missing reviewRating.{k} (recommended on a numeric scale)")
                elif not _is_number(v):
                    errors.append(f"reviewRating.{k} is not a number")
            vals = [numbers["ratingValue"], numbers["bestRating"], numbers["worstRating"]]
            if all(_is_number(v) for v in vals):
                value, best, worst = (float(v) for v in vals)  # type: ignore[arg-type]
                if not min(best, worst) <= value <= max(best, worst):
                    errors.append("reviewRating.ratingValue lies outside worstRating..bestRating")
    author = obj.get("author")
    if not _has_name(author, ("Organization", "Person")):
        warnings.append("missing author (recommended: the fact-checking Organization)")
    elif isinstance(author, Mapping) and isinstance(url, str) and isinstance(author.get("url"), str):
        review_host = (urlsplit(url).hostname or "").removeprefix("www.")
        org_host = (urlsplit(author["url"]).hostname or "").removeprefix("www.")
        if org_host and review_host != org_host and not review_host.endswith("." + org_host):
            warnings.append(f"url host {review_host} is not the author's domain {org_host}")
    if "datePublished" not in obj:
        warnings.append("missing datePublished (recommended)")
    elif not _is_date(obj["datePublished"]):
        warnings.append("datePublished is not an ISO date")
    item = obj.get("itemReviewed")
    if not isinstance(item, Mapping) or item.get("@type") != "Claim":
        warnings.append("missing itemReviewed (recommended: a Claim)")
    else:
        if not _has_name(item.get("author"), ("Organization", "Person")):
            warnings.append("missing itemReviewed.author (recommended: who made the claim)")
        if "datePublished" not in item:
            warnings.append("missing itemReviewed.datePublished (recommended)")
        elif not _is_date(item["datePublished"]):
            warnings.append("itemReviewed.datePublished is not an ISO date")
        works = [w for key in ("appearance", "firstAppearance") for w in _as_list(item.get(key))]
        if not works:
            warnings.append("missing itemReviewed.appearance (recommended: where the claim appeared)")
        elif not any(isinstance(w, str) or (isinstance(w, Mapping) and w.get("url")) for w in works):
            warnings.append("itemReviewed.appearance has no url (the article has no web address)")
    return [f"error: {m}" for m in errors] + [f"warning: {m}" for m in warnings]


def _script_safe(text: str) -> str:
    """``<``, ``>`` and ``&`` as JSON escapes: same data, but it cannot end a ``<script>`` element."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def render_claimreview(
    report: Report, out: TextIO, *, on_problem: Callable[[ClaimProblem], None] | None = None
) -> ExportResult:
    """Write a JSON array of valid ClaimReviews and report what was skipped or incomplete per claim.

    Problems go to ``on_problem`` as they occur when given (memory stays flat on huge exports),
    otherwise they are collected into ``ExportResult.problems``.
    """
    out.write("[")
    n = written = 0
    problems: list[ClaimProblem] = []
    report_problem = on_problem or problems.append
    for claim in report.claims:
        n += 1
        obj = claimreview_for(claim, report.scale, report.organisation)
        messages = validate_claimreview(obj, numeric_scale=report.scale.numeric and claim.verdict is not None)
        skipped = any(m.startswith("error:") for m in messages)
        if messages:
            report_problem(ClaimProblem(claim.id, tuple(messages), skipped))
        if skipped:
            continue
        body = _script_safe(dumps(obj, indent=2)).replace("\n", "\n  ")
        out.write(("\n  " if written == 0 else ",\n  ") + body)
        written += 1
    out.write("\n]\n" if written else "]\n")
    return ExportResult(claims=n, written=written, problems=tuple(problems))
