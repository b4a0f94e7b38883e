"""Consent records as plain data for JSON output and reports."""

from __future__ import annotations

from typing import Any

from inspector.consent.model import ConsentRecord
from inspector.consent.tcf import TCString
from inspector.consent.vendorlist import TcfVocabulary, load_vocabulary


def _iso(record_time: Any) -> str | None:
    return record_time.strftime("%Y-%m-%dT%H:%M:%SZ") if record_time is not None else None


def tcf_dict(tc: TCString, vocabulary: TcfVocabulary) -> dict[str, Any]:
    consents = tc.vendor_consents.vendor_ids  # walk the known vendors, not 65,535 ids
    known = [
        {
            "id": v,
            "name": vocabulary.vendors[v].name,
            "organization_id": vocabulary.vendors[v].organization,
        }
        for v in sorted(vocabulary.vendors)
        if v in consents
    ]
    refused_known = [
        {"id": v.id, "name": v.name, "organization_id": v.organization}
        for v in vocabulary.vendors.values()
        if v.id not in tc.vendor_consents.vendor_ids
        and v.id not in tc.vendor_legitimate_interests.vendor_ids
    ]
    return {
        "cmp_id": tc.cmp_id,
        "cmp_name": vocabulary.cmp_name(tc.cmp_id),
        "created": _iso(tc.created),
        "last_updated": _iso(tc.last_updated),
        "policy_version": tc.tcf_policy_version,
        "purpose_consents": sorted(tc.purpose_consents),
        "purpose_legitimate_interests": sorted(tc.purpose_legitimate_interests),
        "special_feature_opt_ins": sorted(tc.special_feature_opt_ins),
        "vendor_consent_count": len(consents),
        "known_vendor_consents": known,
        "known_vendors_refused": sorted(refused_known, key=lambda v: v["id"]),
    }


def record_dict(record: ConsentRecord, vocabulary: TcfVocabulary | None = None) -> dict[str, Any]:
    """The decoded choice: platform, date, and per purpose accepted or refused."""
    vocabulary = vocabulary or load_vocabulary()
    return {
        "platform": record.platform,
        "platform_name": record.platform_name,
        "readable": record.readable,
        "reason": record.reason or None,
        "choice_time": _iso(record.choice_time),
        "role": record.role.value,
        "decisions": {
            str(purpose): str(decision) for purpose, decision in record.decisions.items()
        },
        "categories": dict(record.raw_categories),
        "interacted": record.interacted,
        "summary": record.summary(),
        "tcf": tcf_dict(record.tcf, vocabulary) if record.tcf is not None else None,
    }
