#!/usr/bin/env python3
"""What each dependency adds to the cdylib: the symbols of a build with symbols (the
`profiling` profile: the release profile, not stripped), their sizes summed by the crate their
demangled name belongs to. With LTO, generic code lands in the crate whose function was
instantiated (a `<serde_json::Value as serde::Serialize>` goes to serde_json); C and assembly
symbols of ring (`ring_core_*`, the curve tables) go to ring. Section sizes come from the
stripped release build itself.

Usage: size.py STRIPPED_SO SYMBOLS_SO
Prints one JSON object: {"stripped_bytes", "sections": {...}, "crates": [[name, bytes], ...],
"symbols_bytes"}.
"""
import json
import re
import subprocess
import sys

# ring's C and assembly, and the few data tables whose names carry no crate.
RING_C = re.compile(
    r"^(ring_core_|ecp_nistz256|k25519|fe_|ge_|x25519|sc_|fiat_|aes_|gcm_|chacha|poly1305|bn_|"
    r"CRYPTO_|OPENSSL_|LIMBS_|little_endian|p256_|p384_|nistz)"
)
PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)::")


def crate_of(name):
    """The crate a demangled symbol belongs to."""
    if RING_C.match(name):
        return "ring"
    # `<A as B>::f` and `<A>::f`: the type's crate.
    text = name.lstrip("<&*")
    text = re.sub(r"^(mut |dyn |const )+", "", text)
    match = PATH.match(text)
    if match:
        crate = match.group(1)
        return {"core": "std", "alloc": "std", "std": "std", "__rustc": "std"}.get(crate, crate)
    if name.startswith("_ZN") or name.startswith("_R"):
        return "[undemangled]"
    return "[C runtime and other]"


def sections(path):
    out = subprocess.run(["size", "-A", path], capture_output=True, text=True, check=True).stdout
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            result[parts[0]] = int(parts[1])
    return result


def crates(path):
    out = subprocess.run(
        ["nm", "--print-size", "--demangle=rust", path], capture_output=True, text=True, check=True
    ).stdout
    totals = {}
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) < 4 or parts[2].lower() not in "tTrRdDbBvVwW":
            continue
        size = int(parts[1], 16)
        name = parts[3]
        totals[crate_of(name)] = totals.get(crate_of(name), 0) + size
    return sorted(totals.items(), key=lambda kv: -kv[1])


def main():
    stripped, symbols = sys.argv[1], sys.argv[2]
    import os

    by_crate = crates(symbols)
    print(json.dumps({
        "stripped_bytes": os.path.getsize(stripped),
        "sections": sections(stripped),
        "crates": by_crate,
        "symbols_bytes": sum(size for _, size in by_crate),
    }))


if __name__ == "__main__":
    main()
