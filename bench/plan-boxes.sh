#!/bin/sh
# plan-boxes.sh PLAN.csv: the boxes of the passages a lakwerk plan
# redacts, a line "PAGE X0 Y0 X1 Y1" each (page from 0), for the peer
# (peer-mupdf.js). The plan's boxes column is "P:X0 Y0 X1 Y1;...".
exec /usr/bin/python3 - "$1" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row.get("decision") != "redact":
            continue
        for b in (row.get("boxes") or "").split(";"):
            b = b.strip()
            if ":" in b:
                p, c = b.split(":", 1)
                print(int(p) - 1, c)
PY
