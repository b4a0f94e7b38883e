"""Firefox ``originAttributes``: the suffix that separates containers and partitions."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote


@dataclass(frozen=True, slots=True)
class OriginAttributes:
    container: str | None  # userContextId, when not the default 0
    partition_key: str | None  # "https://example.com" form
    private: bool
    first_party_domain: str | None


def partition_site(raw: str) -> str | None:
    """``(https,example.com[,port][,f])`` → ``https://example.com[:port]``."""
    text = unquote(raw).strip()
    if not (text.startswith("(") and text.endswith(")")):
        return text or None
    parts = [part for part in text[1:-1].split(",") if part]
    if len(parts) < 2:
        return None
    scheme, host = parts[0], parts[1]
    port = next((part for part in parts[2:] if part.isdigit()), None)
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def parse(suffix: str) -> OriginAttributes:
    """Parse ``^userContextId=2&partitionKey=%28https%2Cexample.com%29``."""
    pairs = dict(parse_qsl(suffix.lstrip("^"), keep_blank_values=True))
    return _from_mapping(pairs)


def from_json(attributes: object) -> OriginAttributes:
    """The same from a session store's ``originAttributes`` object."""
    if not isinstance(attributes, dict):
        return OriginAttributes(None, None, False, None)
    pairs = {str(key): str(value) for key, value in attributes.items()}
    return _from_mapping(pairs)


def to_suffix(attributes: object) -> str:
    """The suffix string Firefox would use for a session store's attribute object."""
    if not isinstance(attributes, dict):
        return ""
    defaults = {
        "userContextId": "0",
        "privateBrowsingId": "0",
        "firstPartyDomain": "",
        "geckoViewSessionContextId": "",
        "partitionKey": "",
    }
    pairs = []
    for key in sorted(attributes):
        value = str(attributes[key])
        if defaults.get(key) == value or value == "":
            continue
        pairs.append(f"{key}={value}")
    return ("^" + "&".join(pairs)) if pairs else ""


def _from_mapping(pairs: dict[str, str]) -> OriginAttributes:
    context = pairs.get("userContextId", "0")
    return OriginAttributes(
        container=context if context not in ("", "0") else None,
        partition_key=partition_site(pairs["partitionKey"]) if pairs.get("partitionKey") else None,
        private=pairs.get("privateBrowsingId", "0") not in ("", "0"),
        first_party_domain=pairs.get("firstPartyDomain") or None,
    )
