"""Every key the service has issued (never the key itself: only its id, role, organisation, homes,
label and dates), for ``carekiosk admin list-keys`` and before ``admin revoke-key``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..schema import devices, organisations, token_homes, tokens


def list_keys(conn: Connection, *, include_revoked: bool = True) -> list[dict[str, Any]]:
    query = (select(tokens.c.token_hash, tokens.c.key_id, tokens.c.role, tokens.c.device_id, tokens.c.label,
                    tokens.c.created_at, tokens.c.revoked_at, tokens.c.org_id, organisations.c.name.label("org_name"),
                    organisations.c.kind.label("org_kind"))
             .select_from(tokens.outerjoin(organisations, organisations.c.id == tokens.c.org_id))
             .order_by(tokens.c.created_at, tokens.c.key_id))
    if not include_revoked:
        query = query.where(tokens.c.revoked_at.is_(None))
    homes: dict[str, list[str]] = {}
    for digest, home_id in conn.execute(select(token_homes.c.token_hash, token_homes.c.home_id)
                                        .order_by(token_homes.c.home_id)):
        homes.setdefault(digest, []).append(home_id)
    device_home = dict(conn.execute(select(devices.c.device_id, devices.c.home_id)).all())
    out = []
    for r in conn.execute(query).mappings():
        scope = homes.get(r["token_hash"], [])
        if r["role"] == "device" and r["device_id"] in device_home:
            scope = [device_home[r["device_id"]]]
        out.append({"key_id": r["key_id"], "role": r["role"],
                    "organisation": ({"id": r["org_id"], "name": r["org_name"], "kind": r["org_kind"]}
                                     if r["org_id"] else None),
                    "home_ids": scope, "device_id": r["device_id"], "label": r["label"],
                    "created_at": r["created_at"], "revoked_at": r["revoked_at"]})
    return out
