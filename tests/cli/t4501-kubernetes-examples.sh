#!/bin/sh
# examples/kubernetes/: no cluster here, so the manifests are checked for
# shape: they parse as YAML, and the fields a sharded run depends on are
# there and agree with each other (an Indexed Job whose --shards is its
# completions, per-index retries with restartPolicy Never, one
# ReadWriteMany work volume shared by the shards and the package Job, the
# request mounted read-only, the key from a Secret); every lakwerk option
# they use is one that `lakwerk help` describes. Skips without Python's
# YAML parser (Debian: python3-yaml).
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import yaml' 2>/dev/null ||
    skip_all "no python3 with yaml (Debian: apt-get install python3-yaml)"
K=$LAK_SRCDIR/examples/kubernetes
"$LAKWERK" help run >"$TMP/help-run" 2>&1
"$LAKWERK" help package >"$TMP/help-package" 2>&1

cat >"$TMP/check.py" <<'EOF'
import sys, yaml

k, tmp = sys.argv[1], sys.argv[2]
problems = []
checks = 0

def want(cond, what):
    global checks
    checks += 1
    if not cond:
        problems.append(what)

def load(name):
    with open(f"{k}/{name}") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]

vols = {d["metadata"]["name"]: d for d in load("volumes.yaml")}
shards, = load("shards-job.yaml")
package, = load("package-job.yaml")

want(all(d["kind"] == "PersistentVolumeClaim" for d in vols.values()),
     "volumes.yaml holds PersistentVolumeClaims only")
for job, name in ((shards, "lakwerk-shards"), (package, "lakwerk-package")):
    want(job["apiVersion"] == "batch/v1" and job["kind"] == "Job",
         f"{name} is a batch/v1 Job")
    want(job["metadata"]["name"] == name, f"{name}'s name")

s = shards["spec"]
want(s.get("completionMode") == "Indexed", "the shards' Job is Indexed")
n = s.get("completions")
want(isinstance(n, int) and n >= 1, "completions is a number")
want(isinstance(s.get("parallelism"), int) and 1 <= s["parallelism"] <= n,
     "parallelism from 1 to completions")
want(isinstance(s.get("backoffLimitPerIndex"), int)
     and s["backoffLimitPerIndex"] >= 1, "retries per index")
want(s["template"]["spec"].get("restartPolicy") == "Never",
     "backoffLimitPerIndex needs restartPolicy Never")

def container(job):
    c = job["spec"]["template"]["spec"]["containers"]
    want(len(c) == 1, "one container")
    return c[0]

def mounts(job):
    """mount path -> (volume, readOnly)"""
    spec = job["spec"]["template"]["spec"]
    v = {x["name"]: x for x in spec["volumes"]}
    out = {}
    for m in container(job).get("volumeMounts", []):
        want(m["name"] in v, f"volume {m['name']} is declared")
        out[m["mountPath"]] = (v.get(m["name"], {}), m.get("readOnly", False))
    return out

def opt(args, name):
    want(name in args and args.index(name) + 1 < len(args),
         f"{name} VALUE in {args}")
    return args[args.index(name) + 1] if name in args else None

def on(path, ms):
    """the mount 'path' lies on"""
    best = max((p for p in ms if path == p or path.startswith(p.rstrip("/") + "/")),
               key=len, default=None)
    want(best is not None, f"{path} is on a mounted volume")
    return ms.get(best, ({}, False))

sa = container(shards)["args"]
want(sa[:1] == ["run"], "the shards run `lakwerk run`")
want(opt(sa, "--shard") == "auto", "--shard auto (JOB_COMPLETION_INDEX)")
want(opt(sa, "--shards") == str(n), "--shards equals completions")
pa = container(package)["args"]
want(pa[:1] == ["package"], "the package Job runs `lakwerk package`")
want(sa[1] == pa[1], "the same request path")

sm, pm = mounts(shards), mounts(package)
work_s, work_p = opt(sa, "--work"), opt(pa, "--work")
want(work_s == work_p, "the same work folder")
for ms, args in ((sm, sa), (pm, pa)):
    vol, ro = on(args[1], ms)
    want(ro, "the request is mounted read-only")
    wv, wro = on(opt(args, "--work"), ms)
    want(not wro, "the work folder is writable")
    claim = wv.get("persistentVolumeClaim", {}).get("claimName")
    want(claim in vols, f"the work volume is a claim of volumes.yaml ({claim})")
    if claim in vols:
        want("ReadWriteMany" in vols[claim]["spec"]["accessModes"],
             "the work volume is ReadWriteMany")
for p in (opt(pa, "--out"),):
    vol, ro = on(p, pm)
    want(not ro and "persistentVolumeClaim" in vol, "--out on a writable volume")
kv, kro = on(opt(pa, "--key"), pm)
want("secret" in kv and kro, "the key from a read-only Secret")

# every option used is one lakwerk describes
for args, helpfile in ((sa, "help-run"), (pa, "help-package")):
    text = open(f"{tmp}/{helpfile}").read()
    for a in args:
        if a.startswith("--"):
            want(a in text, f"lakwerk help {args[0]} describes {a}")

run = open(f"{k}/run.sh").read()
def applies(f):
    a = f'kubectl apply -f "$here/{f}"'
    want(a in run, f"run.sh applies {f}")
    return run.find(a)
order = [applies("volumes.yaml"), applies("shards-job.yaml"),
         run.find("\nwait_job lakwerk-shards"), applies("package-job.yaml")]
want(-1 not in order and order == sorted(order),
     "run.sh applies the volumes, the shards, waits, then packages")

for p in problems:
    print("FAIL t4501-kubernetes-examples:", p, file=sys.stderr)
print(checks, len(problems))
EOF
"$PY" "$TMP/check.py" "$K" "$TMP" >"$TMP/counts" 2>"$TMP/problems" ||
    fail "the check did not run: $(cat "$TMP/problems")"
cat "$TMP/problems" >&2
read -r n bad <"$TMP/counts"
count=$((count + n - bad))
failures=$((failures + bad))
# the shell scripts parse
for f in "$K/run.sh" "$LAK_SRCDIR"/examples/slurm/*; do
	expect_exit 0 sh -n "$f"
done
done_testing
