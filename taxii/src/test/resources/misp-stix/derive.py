#!/usr/bin/env python3
"""Derives the misp-stix-shaped STIX 2.1 bundles of this folder from the six top-level MISP
events of ../shared/data/misp-events, following misp-stix's published mapping
(documentation/misp_*_to_stix21.md, tests/test_stix21_bundles.py). It does not run misp-stix.

usage: python3 derive.py /work/shared/data/misp-events   (writes <event file>.stix21.json here)
"""
import json, os, sys, uuid
from datetime import datetime, timezone

# Ids of SROs and of clusters without a uuid: uuid5 in this namespace (documented in misp.md).
NS = uuid.UUID("7c0c6b1e-5d1c-4b8a-9a3e-6d1f0b6c2e4a")
EVENTS = ["2018-11-20_Zebrocy.json", "ebury.misp.json", "lazarus_3cx.json",
          "misp-turla-crutch-event.json", "mozi.misp-event.json", "oceanlotus.misp.event.json"]


def ts(epoch):
    t = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def q(v):
    return v.replace("\\", "\\\\").replace("'", "\\'")


HASHES = {"md5": "MD5", "sha1": "SHA1", "sha256": "SHA256", "sha512": "SHA512",
          "ssdeep": "SSDEEP", "tlsh": "TLSH"}


def attribute_pattern(t, v):
    """(pattern, [sco dicts without id]) or None when misp-stix has no STIX mapping."""
    if t in HASHES:
        return f"[file:hashes.{HASHES[t]} = '{q(v)}']", [("file", {"hashes": {HASHES[t]: v}})]
    if t.startswith("filename|") and t[9:] in HASHES:
        n, h = v.split("|", 1)
        a = HASHES[t[9:]]
        return (f"[file:name = '{q(n)}' AND file:hashes.{a} = '{q(h)}']",
                [("file", {"name": n, "hashes": {a: h}})])
    if t == "filename":
        return f"[file:name = '{q(v)}']", [("file", {"name": v})]
    if t in ("domain", "hostname"):
        return f"[domain-name:value = '{q(v)}']", [("domain-name", {"value": v})]
    if t == "domain|ip":
        d, ip = v.split("|", 1)
        return (f"[domain-name:value = '{q(d)}' AND domain-name:resolves_to_refs[*].value = '{q(ip)}']",
                [("domain-name", {"value": d}), (addr(ip), {"value": ip})])
    if t in ("ip-dst", "ip-src"):
        side = "dst" if t == "ip-dst" else "src"
        return (f"[network-traffic:{side}_ref.type = '{addr(v)}' AND network-traffic:{side}_ref.value = '{q(v)}']",
                [(addr(v), {"value": v})])
    if t == "url":
        return f"[url:value = '{q(v)}']", [("url", {"value": v})]
    if t == "regkey":
        return f"[windows-registry-key:key = '{q(v)}']", [("windows-registry-key", {"key": v})]
    if t == "regkey|value":
        k, d = v.split("|", 1)
        return (f"[windows-registry-key:key = '{q(k)}' AND windows-registry-key:values[*].data = '{q(d)}']",
                [("windows-registry-key", {"key": k, "values": [{"data": d}]})])
    if t == "mutex":
        return f"[mutex:name = '{q(v)}']", [("mutex", {"name": v})]
    if t == "email-src":
        return f"[email-message:from_ref.value = '{q(v)}']", [("email-addr", {"value": v})]
    if t == "email-dst":
        return f"[email-message:to_refs[*].value = '{q(v)}']", [("email-addr", {"value": v})]
    return None


def addr(ip):
    return "ipv6-addr" if ":" in ip else "ipv4-addr"


# Object templates misp-stix maps to one SCO with a pattern; others become x-misp-object.
def object_pattern(o):
    attrs = o.get("Attribute", [])
    name = o["name"]
    if name == "file":
        parts, sco = [], {}
        for a in attrs:
            r, v = a["object_relation"], a["value"]
            if r in HASHES:
                parts.append(f"file:hashes.{HASHES[r]} = '{q(v)}'")
                sco.setdefault("hashes", {})[HASHES[r]] = v
            elif r == "filename":
                parts.append(f"file:name = '{q(v)}'")
                sco["name"] = v
            elif r == "size-in-bytes":
                parts.append(f"file:size = {int(v)}")
                sco["size"] = int(v)
        return ("[" + " AND ".join(parts) + "]", sco) if parts else None
    if name == "domain-ip":
        parts, sco = [], {}
        for a in attrs:
            r, v = a["object_relation"], a["value"]
            if r == "domain":
                parts.append(f"domain-name:value = '{q(v)}'")
                sco.setdefault("value", v)
            elif r == "ip":
                parts.append(f"domain-name:resolves_to_refs[*].value = '{q(v)}'")
        return ("[" + " AND ".join(parts) + "]", sco) if "value" in sco else None
    if name == "url":
        for a in attrs:
            if a["object_relation"] == "url":
                return f"[url:value = '{q(a['value'])}']", {"value": a["value"]}
    return None


def convert(event):
    org = event["Orgc"]
    ident = f"identity--{org['uuid']}"
    stamp = ts(event["timestamp"])
    out = [{"type": "identity", "spec_version": "2.1", "id": ident, "created": stamp,
            "modified": stamp, "name": org["name"], "identity_class": "organization"}]
    refs = []

    def common(kind, uid, t):
        return {"type": kind, "spec_version": "2.1", "id": f"{kind}--{uid}",
                "created_by_ref": ident, "created": ts(t), "modified": ts(t)}

    def rel(src, kind, dst, t):
        r = common("relationship", uuid.uuid5(NS, f"{src} - {kind} - {dst}"), t)
        r.update({"relationship_type": kind, "source_ref": src, "target_ref": dst})
        out.append(r)
        refs.append(r["id"])

    for a in event.get("Attribute", []):
        labels = [f'misp:type="{a["type"]}"', f'misp:category="{a["category"]}"']
        mapped = attribute_pattern(a["type"], a["value"])
        if mapped is None:
            x = common("x-misp-attribute", a["uuid"], a["timestamp"])
            x.update({"labels": labels, "x_misp_type": a["type"], "x_misp_category": a["category"],
                      "x_misp_value": a["value"]})
            if a.get("comment"):
                x["x_misp_comment"] = a["comment"]
            out.append(x); refs.append(x["id"])
            continue
        pattern, scos = mapped
        od = common("observed-data", a["uuid"], a["timestamp"])
        od.update({"first_observed": ts(a["timestamp"]), "last_observed": ts(a["timestamp"]),
                   "number_observed": 1, "object_refs": [], "labels": labels})
        ids = []
        for kind, props in scos:
            sid = f"{kind}--{a['uuid']}"
            sco = {"type": kind, "spec_version": "2.1", "id": sid}
            sco.update(props)
            ids.append(sid)
            out.append(sco)
        if a["type"] == "domain|ip":
            out[-2]["resolves_to_refs"] = [ids[1]]
        od["object_refs"] = ids
        out.append(od); refs.append(od["id"])
        if a["to_ids"] in (True, "1", 1, "true"):
            ind = common("indicator", a["uuid"], a["timestamp"])
            if a.get("comment"):
                ind["description"] = a["comment"]
            ind.update({"pattern": pattern, "pattern_type": "stix", "pattern_version": "2.1",
                        "valid_from": ts(a["timestamp"]),
                        "kill_chain_phases": [{"kill_chain_name": "misp-category",
                                               "phase_name": a["category"]}],
                        "labels": labels + ['misp:to_ids="True"']})
            out.append(ind); refs.append(ind["id"])
            rel(ind["id"], "based-on", od["id"], a["timestamp"])

    for o in event.get("Object", []):
        labels = [f'misp:name="{o["name"]}"', f'misp:meta-category="{o["meta-category"]}"']
        mapped = object_pattern(o)
        if mapped is None:
            x = common("x-misp-object", o["uuid"], o["timestamp"])
            x.update({"labels": labels, "x_misp_name": o["name"],
                      "x_misp_attributes": [{k: a[k] for k in ("type", "object_relation", "value", "uuid", "to_ids")}
                                            for a in o.get("Attribute", [])]})
            out.append(x); refs.append(x["id"])
            continue
        pattern, props = mapped
        kind = pattern[1:pattern.index(":")]
        sid = f"{kind}--{o['uuid']}"
        sco = {"type": kind, "spec_version": "2.1", "id": sid}
        sco.update(props)
        od = common("observed-data", o["uuid"], o["timestamp"])
        od.update({"first_observed": ts(o["timestamp"]), "last_observed": ts(o["timestamp"]),
                   "number_observed": 1, "object_refs": [sid], "labels": labels})
        out.append(sco); out.append(od); refs.append(od["id"])
        if any(a["to_ids"] in (True, "1", 1) for a in o.get("Attribute", [])):
            ind = common("indicator", o["uuid"], o["timestamp"])
            ind.update({"pattern": pattern, "pattern_type": "stix", "pattern_version": "2.1",
                        "valid_from": ts(o["timestamp"]),
                        "kill_chain_phases": [{"kill_chain_name": "misp-category",
                                               "phase_name": o["meta-category"]}],
                        "labels": labels + ['misp:to_ids="True"']})
            out.append(ind); refs.append(ind["id"])
            rel(ind["id"], "based-on", od["id"], o["timestamp"])

    for g in event.get("Galaxy", []):
        kind = galaxy_kind(g["type"])
        for c in g.get("GalaxyCluster", []):
            cu = c.get("uuid") or str(uuid.uuid5(NS, c["tag_name"]))
            s = common(kind, cu, event["timestamp"])
            s["name"] = c["value"]
            if c.get("description"):
                s["description"] = c["description"]
            s["labels"] = [f'misp:galaxy-name="{g["name"]}"', f'misp:galaxy-type="{g["type"]}"']
            meta = c.get("meta") or {}
            ext = []
            for k, v in meta.items():
                if k == "synonyms" and kind in ("threat-actor", "intrusion-set", "malware", "tool"):
                    s["aliases"] = v
                elif k == "refs":
                    ext += [{"source_name": "url", "url": u} for u in v]
                elif k == "external_id":
                    ext += [{"source_name": "mitre-attack", "external_id": e} for e in v]
                elif k == "kill_chain" and kind == "attack-pattern":
                    s["kill_chain_phases"] = [{"kill_chain_name": p.split(":")[0],
                                               "phase_name": p.split(":")[-1]} for p in v]
                else:
                    # Older misp-stix releases keep the galaxy's meta key verbatim, '-' included.
                    s["x_misp_" + k] = v
            if ext:
                s["external_references"] = ext
            out.append(s); refs.append(s["id"])

    published = event["published"] in (True, "1", 1)
    kind = "report" if published else "grouping"
    top = common(kind, event["uuid"], event["timestamp"])
    top["name"] = event["info"]
    if published:
        top["published"] = ts(event.get("publish_timestamp") or event["timestamp"])
        top["report_types"] = ["misc"]
    else:
        top["context"] = "suspicious-activity"
    labels = ['misp:tool="MISP-STIX-Converter"'] + [
        t["name"] for t in event.get("Tag", []) if not t["name"].startswith(("misp-galaxy:", "tlp:"))]
    top["labels"] = labels
    top["object_refs"] = refs
    out.append(top)
    return {"type": "bundle", "id": f"bundle--{event['uuid']}", "objects": out}


def galaxy_kind(t):
    if "attack-pattern" in t:
        return "attack-pattern"
    if "intrusion-set" in t:
        return "intrusion-set"
    if "course-of-action" in t:
        return "course-of-action"
    if "malware" in t:
        return "malware"
    if "tool" in t:
        return "tool"
    return "threat-actor"


if __name__ == "__main__":
    src = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    for name in EVENTS:
        d = json.load(open(os.path.join(src, name)))
        event = d["response"][0]["Event"] if "response" in d else d["Event"]
        bundle = convert(event)
        with open(os.path.join(here, name.replace(".json", "") + ".stix21.json"), "w") as f:
            json.dump(bundle, f, indent=1, ensure_ascii=False)
            f.write("\n")
